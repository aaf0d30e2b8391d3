/**
 * The run journal: the plan is written create-only before any mutation (intent before action) and
 * never modified; `_SUCCESS.json` marks a run finished. Progress in between is not journaled: it
 * is observed in the store, so a crash can never leave the journal saying something false.
 */
import { RepartitionError } from '../errors.js';
import type { Plan } from '../plan/types.js';
import { readBytes, readJson } from './readAll.js';
import { planKey, stateKey, successKey } from './state.js';
import type { StateLocation } from './state.js';

export interface JournaledPlan {
  readonly runId: string;
  readonly createdAt: string;
  readonly toolVersion: string;
  readonly plan: Plan;
}

export interface RunSummary {
  readonly runId: string;
  readonly finishedAt: string;
  readonly recovered: boolean;
  readonly units: number;
  readonly committed: number;
  readonly alreadyCommitted: number;
  readonly conflicts: readonly { readonly source: string; readonly reason: string; readonly message: string }[];
  readonly moved: number;
  readonly skippedObjects: readonly string[];
}

export async function writePlan(state: StateLocation, journaled: JournaledPlan): Promise<void> {
  const bytes = Buffer.from(JSON.stringify(journaled) + '\n');
  const result = await state.store.createIfAbsent(planKey(state, journaled.runId), bytes);
  if (result.kind === 'exists') {
    // Our own create whose answer was lost comes back as "exists" from the SDK's retry (A2).
    const there = await readBytes(state.store, planKey(state, journaled.runId));
    if (there !== null && there.bytes.equals(bytes)) return;
    throw new RepartitionError('INTERNAL', `A plan for run ${journaled.runId} already exists`, { context: { object: planKey(state, journaled.runId) } });
  }
}

export async function writeSummary(state: StateLocation, summary: RunSummary): Promise<void> {
  // "Exists" is fine: a twin or an earlier attempt of this recovery finished the run first.
  await state.store.createIfAbsent(successKey(state, summary.runId), Buffer.from(JSON.stringify(summary, null, 2) + '\n'));
}

export interface RunListing {
  readonly runId: string;
  readonly finished: boolean;
}

/** Every run with a plan, oldest first. */
export async function listRuns(state: StateLocation): Promise<RunListing[]> {
  const plans = new Set<string>();
  const finished = new Set<string>();
  const prefix = stateKey(state, 'runs/');
  for await (const info of state.store.list(prefix)) {
    const match = /^([^/]+)\/(plan\.json|_SUCCESS\.json)$/.exec(info.key.slice(prefix.length));
    if (match === null) continue;
    (match[2] === 'plan.json' ? plans : finished).add(match[1]!);
  }
  return [...plans].sort().map((runId) => ({ runId, finished: finished.has(runId) }));
}

export async function readPlan(state: StateLocation, runId: string): Promise<JournaledPlan> {
  const read = await readJson<JournaledPlan>(state.store, planKey(state, runId));
  if (read === null) throw new RepartitionError('INTERNAL', `Plan of run ${runId} vanished`, { context: { object: planKey(state, runId) } });
  if (read.value.plan.version !== 1) {
    throw new RepartitionError('INTERNAL', `Run ${runId} was planned by an incompatible version (plan format ${String(read.value.plan.version)})`, {
      hint: 'Finish it with the version that wrote it.',
    });
  }
  return read.value;
}

export async function readSummary(state: StateLocation, runId: string): Promise<RunSummary | null> {
  return (await readJson<RunSummary>(state.store, successKey(state, runId)))?.value ?? null;
}
