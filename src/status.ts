/** `repartition status`: who holds the lease, which runs are unfinished and how far, what backups exist. */
import { listRuns, readPlan, readSummary } from './commit/journal.js';
import { readLock } from './commit/lease.js';
import type { LockRecord } from './commit/lease.js';
import { stateKey } from './commit/state.js';
import type { StateLocation } from './commit/state.js';
import type { ObjectStore } from './store/types.js';
import { asObjectKey } from './store/types.js';
import { bytes, count, displayKey } from './report/format.js';

export interface StatusReport {
  readonly tableRoot: string;
  readonly statePrefix: string;
  readonly storeNow: string;
  readonly lock: (LockRecord & { readonly expired: boolean }) | null;
  readonly runs: readonly {
    readonly runId: string;
    readonly finished: boolean;
    readonly units: number;
    /** For unfinished runs: units whose source is gone (done) and those still pending. */
    readonly unitsDone?: number;
    readonly unitsPending?: number;
    readonly moved?: number;
    readonly conflicts?: number;
  }[];
  readonly backups: readonly { readonly runId: string; readonly objects: number; readonly bytes: number; readonly oldestAgeHours: number }[];
}

export async function collectStatus(store: ObjectStore, state: StateLocation): Promise<StatusReport> {
  const nowMs = await state.store.now();
  const lock = await readLock(state);
  const runs: StatusReport['runs'][number][] = [];
  for (const run of await listRuns(state)) {
    if (run.finished) {
      const summary = await readSummary(state, run.runId);
      runs.push({ runId: run.runId, finished: true, units: summary?.units ?? 0, moved: summary?.moved ?? 0, conflicts: summary?.conflicts.length ?? 0 });
      continue;
    }
    const { plan } = await readPlan(state, run.runId);
    let done = 0;
    for (const unit of plan.units) {
      const source = await store.head(asObjectKey(unit.source.key));
      if (source === null || source.etag !== unit.source.etag) done += 1;
    }
    runs.push({ runId: run.runId, finished: false, units: plan.units.length, unitsDone: done, unitsPending: plan.units.length - done });
  }
  const backups = new Map<string, { objects: number; bytes: number; oldestMs: number }>();
  const prefix = stateKey(state, 'backup/');
  for await (const info of state.store.list(prefix)) {
    const runId = info.key.slice(prefix.length).split('/')[0]!;
    const entry = backups.get(runId) ?? { objects: 0, bytes: 0, oldestMs: info.lastModifiedMs };
    entry.objects += 1;
    entry.bytes += info.size;
    entry.oldestMs = Math.min(entry.oldestMs, info.lastModifiedMs);
    backups.set(runId, entry);
  }
  return {
    tableRoot: store.rootUri,
    statePrefix: state.uri,
    storeNow: new Date(nowMs).toISOString(),
    lock: lock === null ? null : { ...lock, expired: Date.parse(lock.leaseUntil) < nowMs },
    runs,
    backups: [...backups.entries()].map(([runId, b]) => ({ runId, objects: b.objects, bytes: b.bytes, oldestAgeHours: Math.floor((nowMs - b.oldestMs) / 3_600_000) })),
  };
}

export function renderStatus(status: StatusReport): string {
  const out = [`repartition status  ${displayKey(status.tableRoot)}`, '', `  state         ${displayKey(status.statePrefix)}`];
  out.push(
    status.lock === null
      ? '  lock          free'
      : `  lock          ${status.lock.expired ? 'EXPIRED ' : ''}held by run ${status.lock.runId} (${status.lock.owner}) since ${status.lock.acquiredAt} until ${status.lock.leaseUntil}`,
  );
  const unfinished = status.runs.filter((r) => !r.finished);
  out.push(`  runs          ${count(status.runs.length)} (${count(unfinished.length)} unfinished)`);
  for (const run of unfinished) {
    out.push(`    ${run.runId}  unfinished: ${count(run.unitsDone ?? 0)} of ${count(run.units)} units done; the next apply finishes it`);
  }
  for (const run of status.runs.filter((r) => r.finished).slice(-5)) {
    out.push(`    ${run.runId}  finished: ${count(run.units)} units, ${count(run.moved ?? 0)} records moved, ${count(run.conflicts ?? 0)} conflicts`);
  }
  out.push(`  backups       ${status.backups.length === 0 ? 'none' : `${status.backups.length} run(s); delete them once the moved data is verified`}`);
  for (const b of status.backups) out.push(`    ${b.runId}  ${count(b.objects)} objects, ${bytes(b.bytes)}, oldest ${b.oldestAgeHours} h old`);
  return out.join('\n') + '\n';
}
