/**
 * The one oracle for every scenario (TESTING.md "The judge"), independent of the code under test:
 * it decodes objects with plain zlib and string splitting, and places records with fixed +09:00
 * arithmetic (the generated tables are in Asia/Tokyo, which has no DST).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

const HOUR = 3_600_000;
const JST = 9 * HOUR;
const MAX_LAG = 7 * 24 * HOUR;

export interface TableObject {
  readonly key: string;
  readonly partition: string;
  readonly bytes: Buffer;
  readonly records: readonly string[];
}

export interface Snapshot {
  readonly objects: ReadonlyMap<string, TableObject>;
  /** Hidden files (state, temp files): must hold no `.lr-tmp-` leftovers. */
  readonly hidden: readonly string[];
}

/** Snapshot of a local folder table. */
export function snapshotTable(root: string): Snapshot {
  const entries: { key: string; bytes: Buffer }[] = [];
  const walk = (dir: string, rel: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const key = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(path.join(dir, entry.name), key);
      else entries.push({ key, bytes: readFileSync(path.join(dir, entry.name)) });
    }
  };
  walk(root, '');
  return snapshotOf(entries);
}

/**
 * Snapshot from any source of (key relative to the table root, bytes): a folder above, an S3
 * prefix in s3Snapshot.ts. Keys with a `_` or `.` segment (state, temp files) are "hidden".
 */
export function snapshotOf(entries: Iterable<{ readonly key: string; readonly bytes: Buffer }>): Snapshot {
  const objects = new Map<string, TableObject>();
  const hidden: string[] = [];
  for (const { key, bytes } of entries) {
    if (key.split('/').some((segment) => segment.startsWith('_') || segment.startsWith('.'))) hidden.push(key);
    else {
      const text = (key.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
      const records = text.split('\n').filter((line) => line !== '');
      objects.set(key, { key, partition: key.split('/').slice(0, 2).join('/'), bytes, records });
    }
  }
  return { objects, hidden };
}

/** Label hour of the record's event time in JST, or null if the judge cannot place it. */
function eventLabelHour(record: string): number | null {
  const match = /"timestamp":("([^"]*)"|-?\d+)/.exec(record);
  if (match === null) return null;
  const ms = match[2] !== undefined ? (/[Zz]|[+-]\d\d:\d\d$/.test(match[2]) ? Date.parse(match[2]) : NaN) : Number(match[1]);
  return Number.isFinite(ms) ? Math.floor((ms + JST) / HOUR) : null;
}

function labelHourOf(partition: string): number {
  const m = /^dt=(\d{4})-(\d\d)-(\d\d)\/hour=(\d\d)$/.exec(partition);
  if (m === null) throw new Error(`judge: not a partition: ${partition}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4])) / HOUR;
}

function pathOfLabelHour(label: number): string {
  const d = new Date(label * HOUR);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `dt=${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}/hour=${p(d.getUTCHours())}`;
}

export interface Verdict {
  readonly late: number;
  readonly problems: readonly string[];
}

/** Compares two snapshots. `problems` is empty when every rule of the judge holds. */
export function judge(before: Snapshot, after: Snapshot): Verdict {
  const problems: string[] = [];
  // Where each record copy must end up: its event partition if late, else where it was.
  const expected = new Map<string, string[]>();
  const movingObjects = new Set<string>();
  let late = 0;
  for (const object of before.objects.values()) {
    const here = labelHourOf(object.partition);
    for (const record of object.records) {
      const event = eventLabelHour(record);
      const isLate = event !== null && event < here && (here - event) * HOUR <= MAX_LAG + HOUR;
      if (isLate) {
        late += 1;
        movingObjects.add(object.key);
      }
      const list = expected.get(record) ?? [];
      list.push(isLate ? pathOfLabelHour(event) : object.partition);
      expected.set(record, list);
    }
  }
  const actual = new Map<string, string[]>();
  for (const object of after.objects.values()) {
    for (const record of object.records) {
      const list = actual.get(record) ?? [];
      list.push(object.partition);
      actual.set(record, list);
    }
  }
  // 1 + 2: the same multiset, each copy in its partition.
  for (const [record, partitions] of expected) {
    const got = (actual.get(record) ?? []).slice().sort();
    const want = partitions.slice().sort();
    if (got.join('|') !== want.join('|')) problems.push(`record ${record.slice(0, 60)}…: expected in [${want.join(', ')}], found in [${got.join(', ')}]`);
  }
  for (const record of actual.keys()) if (!expected.has(record)) problems.push(`record appeared from nowhere: ${record.slice(0, 60)}…`);
  // 3: untouched objects keep key and bytes; moving objects are gone.
  for (const object of before.objects.values()) {
    const now = after.objects.get(object.key);
    if (movingObjects.has(object.key)) {
      if (now !== undefined) problems.push(`source with late records still present: ${object.key}`);
    } else if (now === undefined || !now.bytes.equals(object.bytes)) problems.push(`untouched object changed or vanished: ${object.key}`);
  }
  // 4: every new object is one of our outputs, and no temp files are left.
  for (const key of after.objects.keys()) {
    if (!before.objects.has(key) && !/\.lr-[0-9a-f]{12}(\.rest)?(\.[a-z.]+)?$/.test(key)) problems.push(`stray object: ${key}`);
  }
  for (const key of after.hidden) if (/\.lr-tmp-/.test(key)) problems.push(`temp file left behind: ${key}`);
  return { late, problems: problems.slice(0, 20) };
}
