/**
 * One unit of work = one source object with records to move. The order never changes:
 *   write outputs (create-only) → read them back and verify → destination partitions exist in the
 *   catalog → back up the source (--backup copy) → delete the source if it is unchanged.
 * A record is therefore always in at least one visible place. Every step is idempotent and
 * decided by observing the store, so the same function both executes a fresh unit and rolls an
 * interrupted one forward (DESIGN.md §4, reliability.md §2.4):
 *   source as planned, outputs none/some/all → (re)write what is missing, then finish;
 *   source gone, all outputs ours            → already committed (by us earlier, or by a twin);
 *   source gone, outputs missing             → someone else removed it: report, keep what exists;
 *   source changed                           → remove our outputs if the new source still holds
 *                                              their records, else keep them; report a conflict;
 *   a planned key holds foreign content      → stop, touch nothing of theirs, report.
 */
import type { Catalog } from '../catalog/types.js';
import { isParquetShape } from '../detect/types.js';
import { RepartitionError } from '../errors.js';
import { encodeJsonl } from '../formats/jsonl/index.js';
import type { TimeColumnOptions } from '../formats/parquet/index.js';
import type { Logger } from '../log.js';
import type { ClassifyPolicy } from '../plan/classify.js';
import type { PlannedOutput, PlanUnit } from '../plan/types.js';
import type { ObjectStore } from '../store/types.js';
import { asObjectKey } from '../store/types.js';
import type { Checkpoints, UnitCheckpoint } from './checkpoints.js';
import { inspectObject, multisetContains } from './inspectObject.js';
import { routeRecords } from './routeRecords.js';
import type { RoutedOutput } from './routeRecords.js';
import { backupKey } from './state.js';
import type { StateLocation } from './state.js';

export const CONFLICT_REASONS = ['source-changed', 'source-missing', 'foreign-output', 'plan-drift', 'catalog-failed', 'verify-failed'] as const;
export type ConflictReason = (typeof CONFLICT_REASONS)[number];

export interface UnitContext {
  readonly store: ObjectStore;
  readonly state: StateLocation;
  readonly catalog: Catalog;
  readonly checkpoints: Checkpoints;
  /** Throws unless we still hold the lease: called before every mutation. */
  readonly guard: () => void;
  readonly policy: ClassifyPolicy;
  readonly timeFieldPath: readonly string[];
  /** Where a Parquet source's event time is and how it is read (the plan's config). */
  readonly timeColumn: TimeColumnOptions;
  readonly backup: 'copy' | 'none';
  readonly runId: string;
  readonly phase: 'run' | 'recover';
  readonly log: Logger;
}

interface OutcomeBase {
  readonly unitId: string;
  readonly source: string;
}
export type UnitOutcome =
  | (OutcomeBase & { readonly kind: 'committed'; readonly moved: number; readonly bytesWritten: number; readonly partitions: readonly string[] })
  | (OutcomeBase & { readonly kind: 'already-committed'; readonly moved: number; readonly partitions: readonly string[] })
  | (OutcomeBase & {
      readonly kind: 'conflict';
      readonly reason: ConflictReason;
      readonly message: string;
      readonly outputsRemoved: readonly string[];
      readonly outputsKept: readonly string[];
    });

export async function commitUnit(unit: PlanUnit, ctx: UnitContext): Promise<UnitOutcome> {
  const hit = (name: UnitCheckpoint): void => ctx.checkpoints.hit(ctx.phase === 'recover' ? `recover.${name}` : name);
  const base = { unitId: unit.unitId, source: unit.source.key };
  const planned: PlannedOutput[] = [...unit.outputs, ...(unit.rest === null ? [] : [unit.rest])];
  const moved = unit.outputs.reduce((sum, o) => sum + o.records, 0);
  const partitions = unit.outputs.map((o) => o.partition);
  const conflict = (reason: ConflictReason, message: string, outputsRemoved: string[] = [], outputsKept: string[] = []): UnitOutcome => {
    ctx.log.warn('unit conflict', { source: unit.source.key, reason, message });
    return { ...base, kind: 'conflict', reason, message, outputsRemoved, outputsKept };
  };
  hit('unit.start');

  const sourceMissing = async (): Promise<UnitOutcome> => {
    const observed = await observeOutputs(ctx, unit, planned);
    if (observed.every((o) => o.ours)) return { ...base, kind: 'already-committed', moved, partitions };
    return conflict('source-missing', 'the source was deleted by someone else before this unit finished; the outputs that exist are kept', [], observed.filter((o) => o.ours).map((o) => o.key));
  };
  const routed = await routeRecords(ctx.store, unit, ctx);
  if (routed.kind === 'source-missing') return sourceMissing();
  if (routed.kind === 'source-changed') return rollBack(ctx, unit, planned, conflict);
  if (routed.kind === 'drift') return conflict('plan-drift', `${routed.message}; nothing was written for this unit`);

  // The source's attributes (Content-Type, metadata, tags, storage class, encryption) go on every
  // object made from it, read once per unit from the very version we planned from.
  const source = await ctx.store.attributesOf(asObjectKey(unit.source.key));
  if (source === null) return sourceMissing();
  if (source.etag !== unit.source.etag) return rollBack(ctx, unit, planned, conflict);
  const attributes = source.attributes;

  // 1. Write every output create-only, all at once (gzip runs on the thread pool, one stream each;
  // Parquet outputs were encoded while routing). "Exists" means an earlier attempt or a twin:
  // step 2 tells ours from foreign content.
  const createdNow: { key: string; etag: string }[] = [];
  let bytesWritten = 0;
  ctx.guard();
  await Promise.all(
    routed.outputs.map(async (output) => {
      const body = bodyOf(output, unit.shape);
      const result = await ctx.store.createIfAbsent(asObjectKey(output.key), countBytes(body, (n) => (bytesWritten += n)), attributes);
      if (result.kind === 'created') createdNow.push({ key: output.key, etag: result.etag });
      hit(output.isRest ? 'unit.rest-created' : 'unit.output-created');
    }),
  );

  // 2. Read every output back: its records must be exactly the planned ones (and a Parquet
  // output must have exactly its source's schema).
  const seen = await Promise.all(routed.outputs.map((output) => inspectObject(ctx.store, output.key, unit.shape)));
  for (const [i, output] of routed.outputs.entries()) {
    const found = seen[i]!;
    if (found.kind === 'present' && found.digest === output.digest && (output.format === 'jsonl' || found.schema === output.schema)) continue;
    const ours = createdNow.find((c) => c.key === output.key);
    const removed = await removeCreated(ctx, createdNow);
    if (ours === undefined) {
      return conflict('foreign-output', `${output.key} already exists with other content; nothing of it was touched`, removed);
    }
    return conflict('verify-failed', `${output.key} did not read back as the planned records (${found.kind}); our outputs were removed`, removed);
  }
  hit('unit.outputs-verified');

  // 3. The destination partitions must be queryable before the source goes away.
  ctx.guard();
  const ensured = await ctx.catalog.ensurePartitions(partitions);
  if (ensured.failed.length > 0) {
    // The source still holds every record: remove our outputs so nothing shows twice meanwhile.
    const reasons = ensured.failed.map((f) => `${f.partition}: ${f.reason}`).join('; ');
    const removed = await removeOurOutputs(ctx, unit, planned);
    return conflict('catalog-failed', `catalog refused ${reasons}; the source stays, the next run retries`, removed);
  }
  hit('unit.partitions-ensured');

  // 4. Undo for local folders and unversioned buckets: a copy of the exact source bytes.
  if (ctx.backup === 'copy') {
    ctx.guard();
    const got = await ctx.store.get(asObjectKey(unit.source.key), { ifMatch: unit.source.etag }).catch(() => null);
    if (got === null) return rollBack(ctx, unit, planned, conflict);
    await ctx.state.store.createIfAbsent(backupKey(ctx.state, ctx.runId, unit.source.key), got.body, attributes);
    hit('unit.backup-written');
  }

  // 5. Delete the source only if it is still exactly what we planned from.
  ctx.guard();
  const deleted = await ctx.store.deleteIfMatch(asObjectKey(unit.source.key), unit.source.etag);
  switch (deleted.kind) {
    case 'deleted':
      hit('unit.source-deleted');
      // Names only: attribute values (user metadata, tags) may be anything the writer put there.
      ctx.log.debug('unit committed', { source: unit.source.key, outputs: routed.outputs.length, moved, attributes: Object.keys(attributes).join(',') });
      return { ...base, kind: 'committed', moved, bytesWritten, partitions };
    case 'changed':
      return rollBack(ctx, unit, planned, conflict);
    case 'missing': {
      const observed = await observeOutputs(ctx, unit, planned);
      if (observed.every((o) => o.ours)) return { ...base, kind: 'already-committed', moved, partitions };
      return conflict('source-missing', 'the source vanished before our delete; the outputs that exist are kept', [], observed.filter((o) => o.ours).map((o) => o.key));
    }
  }
}

async function observeOutputs(ctx: UnitContext, unit: PlanUnit, planned: readonly PlannedOutput[]): Promise<{ key: string; ours: boolean }[]> {
  const observed: { key: string; ours: boolean }[] = [];
  for (const output of planned) {
    const seen = await inspectObject(ctx.store, output.key, unit.shape);
    observed.push({ key: output.key, ours: seen.kind === 'present' && seen.digest === output.digest });
  }
  return observed;
}

/**
 * The source changed under us. Our outputs would duplicate whatever of their records the new
 * source still holds: remove them when it holds all of them; when it does not, they may be the
 * only copy of those records, so keep them and say so.
 */
async function rollBack(
  ctx: UnitContext,
  unit: PlanUnit,
  planned: readonly PlannedOutput[],
  conflict: (reason: ConflictReason, message: string, removed?: string[], kept?: string[]) => UnitOutcome,
): Promise<UnitOutcome> {
  const current = await inspectObject(ctx.store, unit.source.key, unit.shape, true);
  const currentHashes = current.kind === 'present' ? current.hashes : [];
  const removed: string[] = [];
  const kept: string[] = [];
  for (const output of planned) {
    const seen = await inspectObject(ctx.store, output.key, unit.shape, true);
    if (seen.kind !== 'present' || seen.digest !== output.digest) continue; // not there, or not ours
    if (multisetContains(currentHashes, seen.hashes)) {
      ctx.guard();
      const result = await ctx.store.deleteIfMatch(asObjectKey(output.key), seen.etag);
      if (result.kind === 'deleted' || result.kind === 'missing') removed.push(output.key);
      else kept.push(output.key);
    } else kept.push(output.key);
  }
  const note = kept.length > 0 ? `; kept ${kept.length} output(s) whose records the new source no longer holds: review them` : '';
  return conflict('source-changed', `the source was rewritten by someone else since planning; it was left as it is${note}`, removed, kept);
}

async function removeOurOutputs(ctx: UnitContext, unit: PlanUnit, planned: readonly PlannedOutput[]): Promise<string[]> {
  const removed: string[] = [];
  for (const output of planned) {
    const seen = await inspectObject(ctx.store, output.key, unit.shape);
    if (seen.kind !== 'present' || seen.digest !== output.digest) continue;
    ctx.guard();
    const result = await ctx.store.deleteIfMatch(asObjectKey(output.key), seen.etag);
    if (result.kind !== 'changed') removed.push(output.key);
  }
  return removed;
}

async function removeCreated(ctx: UnitContext, created: readonly { key: string; etag: string }[]): Promise<string[]> {
  const removed: string[] = [];
  for (const { key, etag } of created) {
    ctx.guard();
    const result = await ctx.store.deleteIfMatch(asObjectKey(key), etag);
    if (result.kind !== 'changed') removed.push(key);
  }
  return removed;
}

/** The bytes of one output: JSON records framed like the source, or the encoded Parquet file. */
function bodyOf(output: RoutedOutput, shape: PlanUnit['shape']): AsyncIterable<Uint8Array> {
  if (output.format === 'parquet') return partsOf(output.parts);
  if (isParquetShape(shape)) throw new RepartitionError('INTERNAL', `JSON records routed for the Parquet unit of ${output.key}`);
  return encodeJsonl(output.records, { delimiter: shape.delimiter, finalDelimiter: shape.finalDelimiter, compression: shape.compression });
}

async function* partsOf(parts: readonly Uint8Array[]): AsyncIterable<Uint8Array> {
  yield* parts;
}

async function* countBytes(body: AsyncIterable<Uint8Array>, add: (n: number) => void): AsyncIterable<Uint8Array> {
  for await (const chunk of body) {
    add(chunk.length);
    yield chunk;
  }
}
