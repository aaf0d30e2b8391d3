/**
 * The judge's snapshot of a Parquet table (TESTING.md "The judge": values for Parquet), read by the
 * independent oracle (pyarrow, through parquet_oracle.py: one `dump-many` process for all files),
 * in the very Snapshot shape of judge.ts, so `judge(before, after)` works unchanged.
 *
 * Each row becomes one record string:
 *   {"timestamp":<event time in epoch ms, floored>,"row":<canonical JSON of the oracle's row>}
 * or, when the time column is null, {"row":…} with no top-level timestamp (unplaceable). judge.ts
 * reads `"timestamp":<number>` as epoch ms; the row is the oracle's exact rendering (integers and
 * timestamps as decimal strings in the column's own unit, floats as IEEE bits, binary as hex) with
 * object keys sorted, so a row is equal before and after only if every value is bit-identical.
 * Legitimate duplicate rows stay duplicated (the judge counts a multiset).
 *
 * The footer schema of each object is kept too: `schemaProblems` checks that every object that
 * was written has exactly its source's schema (compared per object, not per table).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Snapshot, TableObject } from './judge.js';
import { dumpParquetMany, isRejection } from './parquetOracle.js';
import type { FooterSchemaElement, OracleValue, ParquetDump } from './parquetOracle.js';
import { listAll, readObject } from './s3Snapshot.js';

export interface ParquetSnapshot extends Snapshot {
  /** The footer's SchemaElement list of every visible object, by key. */
  readonly schemas: ReadonlyMap<string, readonly FooterSchemaElement[]>;
}

export interface ParquetJudgeOptions {
  /** The top-level TIMESTAMP (or INT96) column holding the event time (default `timestamp`). */
  readonly timeColumn?: string;
}

/** A visible object: its key, its bytes, and a file the oracle can open. */
interface Entry {
  readonly key: string;
  readonly bytes: Buffer;
  readonly file: string;
}

const isHidden = (key: string): boolean => key.split('/').some((segment) => segment.startsWith('_') || segment.startsWith('.'));

/** Snapshot of a local folder table of Parquet objects. */
export async function snapshotParquetTable(root: string, options: ParquetJudgeOptions = {}): Promise<ParquetSnapshot> {
  const entries: Entry[] = [];
  const hidden: string[] = [];
  const walk = (dir: string, rel: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const key = rel === '' ? entry.name : `${rel}/${entry.name}`;
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file, key);
      else if (isHidden(key)) hidden.push(key);
      else entries.push({ key, bytes: readFileSync(file), file });
    }
  };
  walk(root, '');
  return snapshotEntries(entries, hidden, options);
}

/** Snapshot of the Parquet table under `s3://bucket/prefix` (keys relative to the prefix). */
export async function snapshotParquetS3(client: S3Client, bucket: string, prefix: string, options: ParquetJudgeOptions = {}): Promise<ParquetSnapshot> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'lr-parquet-judge-'));
  try {
    const entries: Entry[] = [];
    const hidden: string[] = [];
    for (const fullKey of await listAll(client, bucket, prefix)) {
      const key = fullKey.slice(prefix.length);
      if (isHidden(key)) {
        hidden.push(key);
        continue;
      }
      const bytes = await readObject(client, bucket, fullKey);
      // Numbered files: a key may hold characters no file name should (the oracle only needs bytes).
      const file = path.join(scratch, `${entries.length}.parquet`);
      writeFileSync(file, bytes);
      entries.push({ key, bytes, file });
    }
    return await snapshotEntries(entries, hidden, options);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function snapshotEntries(entries: readonly Entry[], hidden: readonly string[], options: ParquetJudgeOptions): Promise<ParquetSnapshot> {
  const timeColumn = options.timeColumn ?? 'timestamp';
  const dumps = entries.length === 0 ? [] : await dumpParquetMany(entries.map((e) => e.file));
  const objects = new Map<string, TableObject>();
  const schemas = new Map<string, readonly FooterSchemaElement[]>();
  entries.forEach((entry, i) => {
    const dump = dumps[i];
    if (dump === undefined) throw new Error(`parquetJudge: no oracle result for ${entry.key}`);
    // An object pyarrow cannot read is a broken table, before or after: never judged around.
    if (isRejection(dump)) throw new Error(`parquetJudge: pyarrow rejected ${entry.key}: ${dump.error} (DuckDB: ${dump.duckdbError ?? 'read it'})`);
    if (dump.rows === undefined || dump.rows.length !== dump.numRows) throw new Error(`parquetJudge: ${entry.key}: oracle returned no rows or a wrong count`);
    const msOf = eventMsReader(dump, timeColumn, entry.key);
    const records = dump.rows.map((row) => renderRecord(msOf(row[timeColumn] ?? null), row, entry.key));
    objects.set(entry.key, { key: entry.key, partition: entry.key.split('/').slice(0, 2).join('/'), bytes: entry.bytes, records });
    schemas.set(entry.key, dump.footerSchema);
  });
  return { objects, hidden: [...hidden], schemas };
}

/** Rendered counts per unit of milliseconds: the oracle renders a timestamp in the column's own unit. */
const PER_MS: Readonly<Record<string, bigint>> = { milliseconds: 1n, microseconds: 1000n, nanoseconds: 1_000_000n };

/** Reads the time column's rendered value (a decimal count in its unit) as epoch ms, floored. */
function eventMsReader(dump: ParquetDump, timeColumn: string, key: string): (value: OracleValue) => number | null {
  const leaf = dump.schema.find((e) => e.path.length === 1 && e.path[0] === timeColumn);
  if (leaf === undefined || leaf.kind !== 'leaf') throw new Error(`parquetJudge: ${key} has no top-level column ${timeColumn}`);
  const unit = leaf.physicalType === 'INT96' ? 'nanoseconds' : leaf.logicalType.Type === 'Timestamp' ? String(leaf.logicalType.timeUnit) : '';
  const perMs = PER_MS[unit];
  if (perMs === undefined) throw new Error(`parquetJudge: ${key}: ${timeColumn} is ${leaf.physicalType} ${JSON.stringify(leaf.logicalType)}, not a timestamp`);
  return (value) => {
    if (value === null) return null;
    if (typeof value !== 'string' || !/^-?\d+$/.test(value)) throw new Error(`parquetJudge: ${key}: ${timeColumn} rendered as ${JSON.stringify(value)}`);
    const count = BigInt(value);
    // Floor division (BigInt `/` truncates toward zero).
    const ms = count / perMs - (count % perMs < 0n ? 1n : 0n);
    return Number(ms);
  };
}

/** JSON with object keys sorted at every level; arrays (lists, map entries) keep their order. */
export function canonicalJson(value: OracleValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${(value as readonly OracleValue[]).map(canonicalJson).join(',')}]`;
  const object = value as { readonly [field: string]: OracleValue };
  return `{${Object.keys(object)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(object[k] ?? null)}`)
    .join(',')}}`;
}

/** The pattern judge.ts uses to find a record's event time. */
const JUDGE_TIMESTAMP = /"timestamp":("([^"]*)"|-?\d+)/;

function renderRecord(eventMs: number | null, row: Readonly<Record<string, OracleValue>>, key: string): string {
  const rowJson = canonicalJson(row);
  const record = eventMs === null ? `{"row":${rowJson}}` : `{"timestamp":${eventMs},"row":${rowJson}}`;
  // judge.ts must read exactly this event time (or none): a nested `"timestamp":"…"` inside a row
  // whose own time is null could otherwise be taken for one.
  const match = JUDGE_TIMESTAMP.exec(record);
  const seen = match === null ? null : match[2] !== undefined ? (/[Zz]|[+-]\d\d:\d\d$/.test(match[2]) ? Date.parse(match[2]) : NaN) : Number(match[1]);
  const read = seen === null || !Number.isFinite(seen) ? null : seen;
  if (read !== eventMs) throw new Error(`parquetJudge: ${key}: a row renders ambiguously for judge.ts (event ${eventMs}, judge would read ${read})`);
  return record;
}

/** `dir/name.lr-<12 hex>[.rest].ext` → `name.ext`: the source object's file name. */
function sourceNameOf(key: string): string | null {
  const name = key.slice(key.lastIndexOf('/') + 1);
  const match = /^(.*)\.lr-[0-9a-f]{12}(?:\.rest)?((?:\.[a-z]+)*)$/.exec(name);
  return match === null ? null : `${match[1]!}${match[2]!}`;
}

/**
 * Every object of `after` that is not byte-identical to the same key in `before` must be one of our
 * outputs and have exactly the footer schema of its source (found in `before` by file name).
 */
export function schemaProblems(before: ParquetSnapshot, after: ParquetSnapshot): string[] {
  const problems: string[] = [];
  const byName = new Map<string, string[]>();
  for (const key of before.objects.keys()) {
    const name = key.slice(key.lastIndexOf('/') + 1);
    byName.set(name, [...(byName.get(name) ?? []), key]);
  }
  for (const [key, object] of after.objects) {
    const same = before.objects.get(key);
    if (same !== undefined && same.bytes.equals(object.bytes)) continue;
    const sourceName = sourceNameOf(key);
    const sources = sourceName === null ? [] : (byName.get(sourceName) ?? []);
    if (sources.length === 0) {
      problems.push(`schema: ${key} is new and names no source object of the table`);
      continue;
    }
    const got = JSON.stringify(after.schemas.get(key));
    // Generated tables have unique file names; with twins, the output must match one of them.
    if (!sources.some((source) => JSON.stringify(before.schemas.get(source)) === got)) {
      problems.push(`schema: ${key} differs from its source ${sources.join(' or ')}: ${got.slice(0, 300)}…`);
    }
  }
  return problems;
}
