/**
 * Runs a plan's units with bounded concurrency and tallies the outcomes. Units are independent
 * (one source object each), so their order does not matter for safety; they go in plan order,
 * which groups them by partition and keeps each partition's duplicate window short.
 */
import pLimit from 'p-limit';
import type { Plan } from '../plan/types.js';
import { commitUnit } from './commitUnit.js';
import type { UnitContext, UnitOutcome } from './commitUnit.js';

/**
 * Units in flight. Each holds its source's records in memory while writing (about one decoded
 * object), and gzip work runs on libuv's thread pool, so a few suffice to keep both cores busy.
 */
export const MAX_UNITS_IN_FLIGHT = 4;

export async function executeUnits(plan: Plan, ctx: UnitContext, concurrency: number): Promise<UnitOutcome[]> {
  const limit = pLimit(Math.max(1, Math.min(concurrency, MAX_UNITS_IN_FLIGHT)));
  // allSettled: when one unit fails (lost lease, interrupt), the others stop at their own next
  // guard; wait for all of them before reporting, so nothing of ours runs after the lease is released.
  const settled = await Promise.allSettled(plan.units.map((unit) => limit(() => commitUnit(unit, ctx))));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed !== undefined) {
    throw failed.reason;
  }
  return settled.map((s) => (s as PromiseFulfilledResult<UnitOutcome>).value);
}

export interface OutcomeTally {
  readonly committed: number;
  readonly alreadyCommitted: number;
  readonly moved: number;
  readonly bytesWritten: number;
  readonly conflicts: readonly Extract<UnitOutcome, { kind: 'conflict' }>[];
}

export function tallyOutcomes(outcomes: readonly UnitOutcome[]): OutcomeTally {
  let committed = 0;
  let alreadyCommitted = 0;
  let moved = 0;
  let bytesWritten = 0;
  const conflicts: Extract<UnitOutcome, { kind: 'conflict' }>[] = [];
  for (const outcome of outcomes) {
    switch (outcome.kind) {
      case 'committed':
        committed += 1;
        moved += outcome.moved;
        bytesWritten += outcome.bytesWritten;
        break;
      case 'already-committed':
        alreadyCommitted += 1;
        moved += outcome.moved;
        break;
      case 'conflict':
        conflicts.push(outcome);
        break;
    }
  }
  return { committed, alreadyCommitted, moved, bytesWritten, conflicts };
}
