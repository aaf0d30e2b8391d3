/**
 * Every file of the Parquet corpus (fixtures/parquet: pyarrow, DuckDB, arrow-rs and hand-built
 * files) put in hour 22 of Tokyo, planned and committed unit by unit, then judged by the
 * independent readers: pyarrow reads every source and every output (parquet_oracle.py), the one
 * judge (judge.ts) checks that every row is still there exactly once, in its event-hour partition
 * for late rows and in place otherwise, and each output has exactly its source's footer schema.
 * The event time is read from the oracle's rendering, not by our code (see `eventMsOf`).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { commitUnit } from '../../src/commit/commitUnit.js';
import type { Snapshot, TableObject } from '../helpers/judge.js';
import { judge } from '../helpers/judge.js';
import { MemoryStore } from '../helpers/memoryStore.js';
import { canonicalJson } from '../helpers/parquetJudge.js';
import { dumpParquetMany, isRejection } from '../helpers/parquetOracle.js';
import type { OracleValue, ParquetDump } from '../helpers/parquetOracle.js';
import { HOUR_22 } from '../detect/helpers.js';
import { planTable, unitContext } from './parquetUnit.js';

const FIXTURES = path.join(import.meta.dirname, '..', '..', 'fixtures', 'parquet');
/** The corpus's deliberately broken files: reported unreadable, never rewritten. */
const UNREADABLE = { 'corrupt_footer.parquet': 'corrupt-footer', 'truncated_tail.parquet': 'not-parquet' } as const;

const PER_MS: Readonly<Record<string, bigint>> = { milliseconds: 1n, microseconds: 1000n, nanoseconds: 1_000_000n };
const floorDiv = (a: bigint, b: bigint): number => Number(a / b - (a % b < 0n ? 1n : 0n));

/**
 * A row's event time in epoch ms, from the oracle's rendering of `timestamp` and its pyarrow type:
 * TIMESTAMP (UTC-adjusted or UTC wall clock, as the corpus writes them) and INT96 in their unit,
 * plain INT64 as epoch ms, strings as ISO-8601 (zone-less = UTC). null: no usable time.
 */
function eventMsOf(dump: ParquetDump): (value: OracleValue) => number | null {
  const leaf = dump.schema.find((e) => e.path.length === 1 && e.path[0] === 'timestamp');
  if (leaf === undefined || leaf.kind !== 'leaf') throw new Error(`${dump.file}: no timestamp leaf`);
  const unit = leaf.physicalType === 'INT96' ? 'nanoseconds' : leaf.logicalType.Type === 'Timestamp' ? String(leaf.logicalType.timeUnit) : null;
  return (value) => {
    if (value === null) return null;
    if (typeof value !== 'string') throw new Error(`${dump.file}: timestamp rendered as ${JSON.stringify(value)}`);
    if (unit !== null) return floorDiv(BigInt(value), PER_MS[unit]!);
    if (leaf.physicalType === 'INT64') return Number(value);
    const m = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)?$/.exec(value);
    if (m === null) return null;
    const wall = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3)));
    const zone = m[8] ?? 'Z';
    const offsetMin = zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
    return wall - offsetMin * 60_000;
  };
}

/** The judge's Snapshot of objects read by the oracle: one record string per row (see parquetJudge.ts). */
function snapshotOfDumps(objects: readonly { key: string; bytes: Uint8Array; dump: ParquetDump }[]): Snapshot {
  const map = new Map<string, TableObject>();
  for (const { key, bytes, dump } of objects) {
    const eventMs = eventMsOf(dump);
    const records = dump.rows!.map((row) => {
      const ms = eventMs(row.timestamp ?? null);
      return ms === null ? `{"row":${canonicalJson(row)}}` : `{"timestamp":${ms},"row":${canonicalJson(row)}}`;
    });
    map.set(key, { key, partition: key.split('/').slice(0, 2).join('/'), bytes: Buffer.from(bytes), records });
  }
  return { objects: map, hidden: [] };
}

async function dumpAll(objects: ReadonlyMap<string, Uint8Array>): Promise<{ key: string; bytes: Uint8Array; dump: ParquetDump }[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lr-corpus-commit-'));
  try {
    const entries = [...objects].map(([key, bytes], i) => ({ key, bytes, file: path.join(dir, `${i}.parquet`) }));
    for (const e of entries) writeFileSync(e.file, e.bytes);
    const dumps = await dumpParquetMany(entries.map((e) => e.file));
    return entries.map((e, i) => {
      const dump = dumps[i]!;
      if (isRejection(dump)) throw new Error(`pyarrow rejected ${e.key}: ${dump.error}`);
      return { key: e.key, bytes: e.bytes, dump };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the Parquet corpus through plan and commit', () => {
  test('every readable fixture is rewritten exactly: rows once each, late rows in their hour, source schemas', { timeout: 120_000 }, async () => {
    const names = readdirSync(FIXTURES).filter((n) => n.endsWith('.parquet')).sort();
    const memory = new MemoryStore();
    memory.chunkSize = 64 * 1024;
    for (const name of names) memory.put(`${HOUR_22}/${name}`, new Uint8Array(readFileSync(path.join(FIXTURES, name))));
    const plan = await planTable(memory);
    const readable = names.filter((n) => !(n in UNREADABLE));
    // Every readable fixture has late rows (the corpus puts rows before 22:00 in each file): one unit each.
    expect(plan.units.map((u) => u.source.key.slice(HOUR_22.length + 1)).sort()).toEqual(readable);

    const before = new Map([...memory.objects].filter(([key]) => !(key.slice(HOUR_22.length + 1) in UNREADABLE)).map(([key, o]) => [key, o.bytes] as const));
    for (const unit of plan.units) {
      const outcome = await commitUnit(unit, unitContext(memory, plan));
      expect(outcome, unit.source.key).toMatchObject({ kind: 'committed' });
    }
    for (const [name, reason] of Object.entries(UNREADABLE)) expect(memory.objects.has(`${HOUR_22}/${name}`), `${name} (${reason}) untouched`).toBe(true);
    const after = new Map([...memory.objects].filter(([key]) => !(key.slice(HOUR_22.length + 1) in UNREADABLE)).map(([key, o]) => [key, o.bytes] as const));

    const [beforeDumps, afterDumps] = [await dumpAll(before), await dumpAll(after)];
    const verdict = judge(snapshotOfDumps(beforeDumps), snapshotOfDumps(afterDumps));
    expect(verdict.problems).toEqual([]);
    expect(verdict.late).toBe(plan.totals.late);

    // Each output has exactly its source's footer schema, and the planned row count.
    const schemaOf = new Map(beforeDumps.map((d) => [d.key, JSON.stringify(d.dump.footerSchema)]));
    const rowsOf = new Map(afterDumps.map((d) => [d.key, d.dump.numRows]));
    const afterSchema = new Map(afterDumps.map((d) => [d.key, JSON.stringify(d.dump.footerSchema)]));
    for (const unit of plan.units) {
      for (const output of [...unit.outputs, ...(unit.rest === null ? [] : [unit.rest])]) {
        expect(afterSchema.get(output.key), output.key).toBe(schemaOf.get(unit.source.key));
        expect(rowsOf.get(output.key), output.key).toBe(output.records);
      }
    }
  });
});
