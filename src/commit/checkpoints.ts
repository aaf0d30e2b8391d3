/**
 * Named step boundaries of the commit protocol. `REPARTITION_CRASH_AT=<name>:<n>` makes the
 * process SIGKILL itself at the n-th hit of <name>, so tests can prove that a crash at every
 * boundary is repaired by the next run. In normal runs a checkpoint is a counter increment.
 */

import { UsageError } from '../errors.js';

/** Every boundary, in protocol order. Recovery runs the same unit steps under `recover.` names. */
export const UNIT_CHECKPOINTS = [
  'unit.start', // before anything is written for a unit
  'unit.output-created', // after each moved-records output is created
  'unit.rest-created', // after the remainder is created
  'unit.outputs-verified', // after every output was read back and its digest checked
  'unit.partitions-ensured', // after the catalog has the destination partitions
  'unit.backup-written', // after the source was copied to the backup prefix
  'unit.source-deleted', // after the source was deleted (unit committed)
] as const;

export const RUN_CHECKPOINTS = [
  'run.lock-acquired',
  'run.plan-written',
  'run.units-done',
  'run.success-written',
  'recover.success-written',
] as const;

export const CHECKPOINTS = [
  ...RUN_CHECKPOINTS,
  ...UNIT_CHECKPOINTS,
  ...UNIT_CHECKPOINTS.map((name) => `recover.${name}` as const),
] as const;
export type CheckpointName = (typeof CHECKPOINTS)[number];
export type UnitCheckpoint = (typeof UNIT_CHECKPOINTS)[number];

export interface Checkpoints {
  hit(name: CheckpointName): void;
}

/**
 * `crashSpec` (REPARTITION_CRASH_AT=name:n) kills the process at the n-th hit; `pauseSpec`
 * (REPARTITION_PAUSE_AT=name:ms) blocks the process there for ms, so concurrency tests can make
 * two runners overlap deterministically. Both are test-only switches.
 */
export function createCheckpoints(crashSpec: string | undefined, kill: () => void, pauseSpec?: string): Checkpoints {
  const target = parseCrashSpec(crashSpec);
  const pause = parseCrashSpec(pauseSpec);
  const hits = new Map<string, number>();
  return {
    hit(name) {
      if (pause !== null && name === pause.name) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pause.hit);
      if (target === null || name !== target.name) return;
      const count = (hits.get(name) ?? 0) + 1;
      hits.set(name, count);
      if (count === target.hit) kill();
    },
  };
}

export function parseCrashSpec(spec: string | undefined): { name: CheckpointName; hit: number } | null {
  if (spec === undefined || spec === '') return null;
  const match = /^([a-z.-]+):(\d+)$/.exec(spec);
  if (match === null || !(CHECKPOINTS as readonly string[]).includes(match[1]!)) {
    throw new UsageError(`Expected REPARTITION_CRASH_AT / REPARTITION_PAUSE_AT to be <checkpoint>:<n> with a checkpoint from: ${CHECKPOINTS.join(', ')}`);
  }
  return { name: match[1] as CheckpointName, hit: Number(match[2]) };
}
