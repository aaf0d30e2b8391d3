/**
 * One Parquet unit through the commit protocol, on the in-memory store (a full ObjectStore, not a
 * mock): routing pinned to the planned ETag, digests checked before any write, outputs read back
 * (run-time verification) before the source goes, recovery by observation, and rollback by
 * multiset containment of per-row hashes. The source is written by DuckDB: 6,144 rows in three row
 * groups in hour 22 of Tokyo, 100 of them (in row group 1) late for hour 21.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { commitUnit } from '../../src/commit/commitUnit.js';
import { byteSourceFromBytes, digestParquet, encodeParquetToBytes, readFooter, readRowGroup } from '../../src/formats/parquet/index.js';
import { formatDigest } from '../../src/plan/digest.js';
import type { Plan, PlanUnit } from '../../src/plan/types.js';
import type { CreateResult, ObjectAttributes, ObjectKey } from '../../src/store/types.js';
import { MemoryStore } from '../helpers/memoryStore.js';
import { duckdbParquet, HOUR_22, tokyo22 } from '../detect/helpers.js';
import { planTable, unitContext } from './parquetUnit.js';

const SOURCE = `${HOUR_22}/part-0.snappy.parquet`;
const ROWS = 6144;
let late: Uint8Array;
let clean: Uint8Array;
beforeAll(async () => {
  const ts = (withLate: boolean): string =>
    withLate ? `CASE WHEN i BETWEEN 2500 AND 2599 THEN ${tokyo22('-1800000 + i')} ELSE ${tokyo22('i * 500')} END` : tokyo22('i * 500');
  const select = (withLate: boolean): string =>
    `SELECT i, 'row ' || i AS msg, {'a': i % 7, 'b': CASE WHEN i % 5 = 0 THEN NULL ELSE [i, i + 1] END} AS nested, ${ts(withLate)} AS "timestamp" FROM range(${ROWS}) t(i)`;
  late = await duckdbParquet(select(true));
  clean = await duckdbParquet(select(false));
});

async function fresh(memory = new MemoryStore()): Promise<{ memory: MemoryStore; plan: Plan; unit: PlanUnit }> {
  memory.chunkSize = 64 * 1024;
  memory.put(SOURCE, late);
  const plan = await planTable(memory);
  expect(plan.units).toHaveLength(1);
  return { memory, plan, unit: plan.units[0]! };
}

const outputKeys = (unit: PlanUnit): string[] => [...unit.outputs, ...(unit.rest === null ? [] : [unit.rest])].map((o) => o.key);

async function digestOf(memory: MemoryStore, key: string): Promise<string> {
  return formatDigest((await digestParquet(byteSourceFromBytes(memory.objects.get(key)!.bytes))).digest);
}

describe('committing a Parquet unit', () => {
  test('the plan: one output for hour 21 and a rest, named with the extension kept last', async () => {
    const { unit } = await fresh();
    expect(unit.shape).toEqual({ format: 'parquet' });
    expect(unit.outputs).toEqual([expect.objectContaining({ partition: 'dt=2020-04-20/hour=21', records: 100, key: `dt=2020-04-20/hour=21/part-0.lr-${unit.unitId}.snappy.parquet` })]);
    expect(unit.rest).toEqual(expect.objectContaining({ records: ROWS - 100, key: `${HOUR_22}/part-0.lr-${unit.unitId}.rest.snappy.parquet` }));
  });

  test('writes outputs with the planned rows and the source schema, verifies them, then deletes the source', async () => {
    const { memory, plan, unit } = await fresh();
    const outcome = await commitUnit(unit, unitContext(memory, plan, { backup: 'copy' }));
    expect(outcome).toMatchObject({ kind: 'committed', moved: 100, partitions: ['dt=2020-04-20/hour=21'] });
    expect(memory.objects.has(SOURCE)).toBe(false);
    expect(Buffer.from(memory.objects.get(`_repartition/backup/test-run/${SOURCE}`)!.bytes).equals(late)).toBe(true);
    const sourceFooter = await readFooter(byteSourceFromBytes(late));
    for (const planned of [...unit.outputs, unit.rest!]) {
      expect(await digestOf(memory, planned.key)).toBe(planned.digest);
      const footer = await readFooter(byteSourceFromBytes(memory.objects.get(planned.key)!.bytes));
      expect(footer.metadata.schema).toEqual(sourceFooter.metadata.schema);
      expect(footer.metadata.row_groups.flatMap((g) => g.columns.map((c) => c.meta_data!.codec))).toEqual(
        footer.metadata.row_groups.flatMap(() => sourceFooter.metadata.row_groups[0]!.columns.map((c) => c.meta_data!.codec)),
      );
    }
    // Bounded by the source's row groups: the rest's 6,044 rows are written in row groups of at most 2,048.
    const restFooter = await readFooter(byteSourceFromBytes(memory.objects.get(unit.rest!.key)!.bytes));
    expect(restFooter.metadata.row_groups.map((g) => Number(g.num_rows))).toEqual([2048, 2048, 1948]);
    expect(outcome.kind === 'committed' && outcome.bytesWritten).toBe(outputKeys(unit).reduce((n, k) => n + memory.objects.get(k)!.bytes.length, 0));
  });

  test('a second attempt after success finds the unit already committed', async () => {
    const { memory, plan, unit } = await fresh();
    await commitUnit(unit, unitContext(memory, plan));
    expect(await commitUnit(unit, unitContext(memory, plan, { phase: 'recover' }))).toMatchObject({ kind: 'already-committed', moved: 100 });
  });

  test('a crash after the first output is rolled forward by the next attempt', async () => {
    const { memory, plan, unit } = await fresh();
    const crash = unitContext(memory, plan, {
      checkpoints: {
        hit: (name) => {
          if (name === 'unit.output-created') throw new Error('crash');
        },
      },
    });
    await expect(commitUnit(unit, crash)).rejects.toThrow('crash');
    expect(memory.objects.has(SOURCE)).toBe(true);
    expect(memory.objects.has(unit.outputs[0]!.key)).toBe(true);
    expect(await commitUnit(unit, unitContext(memory, plan, { phase: 'recover' }))).toMatchObject({ kind: 'committed' });
    expect(memory.objects.has(SOURCE)).toBe(false);
    for (const planned of [...unit.outputs, unit.rest!]) expect(await digestOf(memory, planned.key)).toBe(planned.digest);
  });

  test('drift (the classification changed since planning) stops the unit before anything is written', async () => {
    const { memory, plan, unit } = await fresh();
    // A 10-minute --max-lag makes the 30-minute-late rows unplaceable: they would stay.
    const drifted = await planTable(new MemoryStore(), { 'max-lag': '10m' });
    const ctx = unitContext(memory, plan, { policy: unitContext(memory, drifted).policy });
    const before = [...memory.objects.keys()];
    expect(await commitUnit(unit, ctx)).toMatchObject({ kind: 'conflict', reason: 'plan-drift' });
    expect([...memory.objects.keys()]).toEqual(before);
  });

  test('a source rewritten since planning is left alone and nothing is written (reads are pinned to the planned ETag)', async () => {
    const { memory, plan, unit } = await fresh();
    memory.put(SOURCE, clean);
    expect(await commitUnit(unit, unitContext(memory, plan))).toMatchObject({ kind: 'conflict', reason: 'source-changed', outputsRemoved: [], outputsKept: [] });
    expect([...memory.objects.keys()]).toEqual([SOURCE]);
    expect(memory.objects.get(SOURCE)!.bytes).toBe(clean);
  });

  test('a planned key holding something else: foreign content is never touched, our outputs are removed', async () => {
    for (const foreign of [Buffer.from('{"not":"parquet"}\n'), clean]) {
      const { memory, plan, unit } = await fresh();
      memory.put(unit.outputs[0]!.key, foreign);
      expect(await commitUnit(unit, unitContext(memory, plan))).toMatchObject({ kind: 'conflict', reason: 'foreign-output', outputsRemoved: [unit.rest!.key] });
      expect(memory.objects.get(unit.outputs[0]!.key)!.bytes).toBe(foreign);
      expect(memory.objects.has(unit.rest!.key)).toBe(false);
      expect(memory.objects.get(SOURCE)!.bytes).toBe(late);
    }
  });

  test('run-time verification: an output that does not read back as planned fails the unit and is removed', async () => {
    const { memory, plan, unit } = await fresh(new CorruptingStore());
    const corrupting = memory as CorruptingStore;
    corrupting.target = unit.outputs[0]!.key;
    const outcome = await commitUnit(unit, unitContext(corrupting, plan));
    expect(corrupting.corrupted).toBe(1);
    expect(outcome).toMatchObject({ kind: 'conflict', reason: 'verify-failed' });
    expect([...memory.objects.keys()]).toEqual([SOURCE]);
  });

  test('rollback: outputs written, then the source rewritten with the same rows → our outputs are removed', async () => {
    const { memory, plan, unit } = await fresh();
    await expect(commitUnit(unit, unitContext(memory, plan, { checkpoints: crashAt('unit.outputs-verified') }))).rejects.toThrow('crash');
    expect(outputKeys(unit).every((k) => memory.objects.has(k))).toBe(true);
    // The same rows, other bytes (other pages): a new ETag whose rows contain every output's.
    const footer = await readFooter(byteSourceFromBytes(late));
    const groups = await Promise.all(footer.metadata.row_groups.map((_, g) => readRowGroup(byteSourceFromBytes(late), footer, g)));
    memory.put(SOURCE, await encodeParquetToBytes({ source: footer, rows: groups.map((group) => ({ group, rows: Array.from({ length: group.rows }, (_, r) => r) })), rowGroupRows: 1000 }));
    const outcome = await commitUnit(unit, unitContext(memory, plan, { phase: 'recover' }));
    expect(outcome).toMatchObject({ kind: 'conflict', reason: 'source-changed', outputsKept: [] });
    expect(outcome.kind === 'conflict' && [...outcome.outputsRemoved].sort()).toEqual(outputKeys(unit).sort());
    expect([...memory.objects.keys()]).toEqual([SOURCE]);
  });

  test('rollback: a new source that lacks the moved rows keeps the output holding them (it may be their only copy)', async () => {
    const { memory, plan, unit } = await fresh();
    await expect(commitUnit(unit, unitContext(memory, plan, { checkpoints: crashAt('unit.outputs-verified') }))).rejects.toThrow('crash');
    // The same rows except the 100 late ones (their timestamps differ): the rest's rows are all in
    // the new source, the moved rows are not.
    memory.put(SOURCE, clean);
    const outcome = await commitUnit(unit, unitContext(memory, plan, { phase: 'recover' }));
    expect(outcome).toMatchObject({ kind: 'conflict', reason: 'source-changed', outputsRemoved: [unit.rest!.key], outputsKept: [unit.outputs[0]!.key] });
    expect([...memory.objects.keys()].sort()).toEqual([SOURCE, unit.outputs[0]!.key].sort());
  });

  test('a source deleted by someone else before the unit ran is reported, nothing written', async () => {
    const { memory, plan, unit } = await fresh();
    memory.objects.delete(SOURCE);
    expect(await commitUnit(unit, unitContext(memory, plan))).toMatchObject({ kind: 'conflict', reason: 'source-missing' });
    expect(memory.objects.size).toBe(0);
  });
});

function crashAt(checkpoint: string): { hit: (name: string) => void } {
  return {
    hit: (name) => {
      if (name === checkpoint) throw new Error('crash');
    },
  };
}

/** Writes `target` with a byte of its data area flipped (a store that corrupts silently). */
class CorruptingStore extends MemoryStore {
  corrupted = 0;
  target = '';
  override async createIfAbsent(key: ObjectKey, body: Uint8Array | AsyncIterable<Uint8Array>, attributes?: ObjectAttributes): Promise<CreateResult> {
    if (key !== this.target) return super.createIfAbsent(key, body, attributes);
    const parts: Uint8Array[] = [];
    if (body instanceof Uint8Array) parts.push(body);
    else for await (const part of body) parts.push(part);
    const bytes = Buffer.concat(parts);
    const at = bytes.length >> 2; // inside the first row group's pages
    bytes[at] = bytes[at]! ^ 0xff;
    this.corrupted += 1;
    return super.createIfAbsent(key, bytes, attributes);
  }
}
