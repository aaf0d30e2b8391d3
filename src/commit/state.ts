/**
 * Where a table's run state lives: `<table-root>/_repartition/` by default (Athena and Hive skip
 * `_`-prefixed paths), or anywhere given by `--state-prefix`. Keys under it:
 *   lock.json                          the lease
 *   runs/<runId>/plan.json             the immutable plan (intent, written before any mutation)
 *   runs/<runId>/_SUCCESS.json         the run summary (absent = unfinished)
 *   backup/<runId>/<source key>        copies of deleted sources (--backup copy)
 */
import type { ObjectKey, ObjectStore } from '../store/types.js';
import { asObjectKey } from '../store/types.js';

export interface StateLocation {
  readonly store: ObjectStore;
  /** Key prefix inside `store`, ending in `/` (or empty). */
  readonly prefix: string;
  /** For messages. */
  readonly uri: string;
}

export const DEFAULT_STATE_FOLDER = '_repartition/';

export function stateKey(state: StateLocation, relative: string): ObjectKey {
  return asObjectKey(`${state.prefix}${relative}`);
}

export const lockKey = (state: StateLocation): ObjectKey => stateKey(state, 'lock.json');
export const planKey = (state: StateLocation, runId: string): ObjectKey => stateKey(state, `runs/${runId}/plan.json`);
export const successKey = (state: StateLocation, runId: string): ObjectKey => stateKey(state, `runs/${runId}/_SUCCESS.json`);
export const backupKey = (state: StateLocation, runId: string, sourceKey: string): ObjectKey =>
  stateKey(state, `backup/${runId}/${sourceKey}`);

/** Sortable and unique: `20260127T094700123Z-1a2b3c`. */
export function newRunId(nowMs: number, random: string): string {
  return `${new Date(nowMs).toISOString().replace(/[-:.]/g, '')}-${random}`;
}
