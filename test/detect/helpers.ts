/**
 * Shared by the Parquet scan and commit tests: DuckDB-written files (a real writer, never our own
 * codec), a store decorator that counts the bytes it actually served, and scan settings for the
 * Asia/Tokyo hive tables of the other tests.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { ScanSettings, ScanTarget } from '../../src/detect/types.js';
import { compileLayout } from '../../src/layout/index.js';
import { listTargets } from '../../src/list/listTargets.js';
import type { ByteRange, GetResult, ObjectKey, ObjectStore } from '../../src/store/types.js';
import { loadZone } from '../../src/time/index.js';

/** Hour 22 of 2020-04-20 in Asia/Tokyo is 13:00Z–14:00Z. */
export const HOUR_22 = 'dt=2020-04-20/hour=22';
export const HOUR_22_START_MS = Date.UTC(2020, 3, 20, 13);

export const SETTINGS: ScanSettings = {
  layout: 'dt={yyyy}-{MM}-{dd}/hour={HH}',
  partitionTz: 'Asia/Tokyo',
  timeField: 'timestamp',
  timeFormat: 'auto',
  timestampTz: 'UTC',
  maxLagMs: 7 * 86_400_000,
  moveEarly: false,
  format: 'auto',
};

/**
 * Runs `select` through DuckDB's Parquet writer and returns the file's bytes. DuckDB cuts row
 * groups at multiples of 2,048 rows, so `rowGroupRows` 2048 gives row groups of exactly 2,048.
 */
export async function duckdbParquet(select: string, options: { rowGroupRows?: number; compression?: string } = {}): Promise<Uint8Array> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lr-detect-'));
  const file = path.join(dir, 'out.parquet');
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  try {
    await connection.run(`SET TimeZone = 'UTC'`);
    await connection.run(
      `COPY (${select}) TO '${file}' (FORMAT parquet, COMPRESSION ${options.compression ?? 'snappy'}, ROW_GROUP_SIZE ${options.rowGroupRows ?? 2048})`,
    );
    return new Uint8Array(readFileSync(file));
  } finally {
    connection.closeSync();
    instance.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A DuckDB TIMESTAMP (zone-less, read as UTC) `offsetMs` after 13:00Z, i.e. 22:00 in Tokyo. */
export function tokyo22(offsetSql: string): string {
  return `make_timestamp(${HOUR_22_START_MS * 1000} + (${offsetSql}) * 1000)`;
}

export interface ServedGet {
  readonly key: string;
  readonly range: ByteRange | null;
  /** Bytes the body actually yielded (a stopped stream yields less than the object). */
  bytes: number;
}

/**
 * Counts what a store serves, byte by byte, independently of the code under test's own
 * accounting: every `get` with its range and the bytes its body yielded.
 */
export class ByteCountingStore implements ObjectStore {
  readonly gets: ServedGet[] = [];
  readonly rootUri: string;
  constructor(private readonly inner: ObjectStore) {
    this.rootUri = inner.rootUri;
  }
  get bytesServed(): number {
    return this.gets.reduce((sum, g) => sum + g.bytes, 0);
  }
  reset(): void {
    this.gets.length = 0;
  }
  async get(key: ObjectKey, options?: { range?: ByteRange; ifMatch?: string }): Promise<GetResult> {
    const got = await this.inner.get(key, options);
    const served: ServedGet = { key, range: options?.range ?? null, bytes: 0 };
    this.gets.push(served);
    async function* body(): AsyncIterable<Uint8Array> {
      for await (const chunk of got.body) {
        served.bytes += chunk.length;
        yield chunk;
      }
    }
    return { info: got.info, body: body() };
  }
  list: ObjectStore['list'] = (prefix) => this.inner.list(prefix);
  head: ObjectStore['head'] = (key) => this.inner.head(key);
  attributesOf: ObjectStore['attributesOf'] = (key) => this.inner.attributesOf(key);
  createIfAbsent: ObjectStore['createIfAbsent'] = (key, body, attributes) => this.inner.createIfAbsent(key, body, attributes);
  deleteIfMatch: ObjectStore['deleteIfMatch'] = (key, etag) => this.inner.deleteIfMatch(key, etag);
  replaceIfMatch: ObjectStore['replaceIfMatch'] = (key, body, etag) => this.inner.replaceIfMatch(key, body, etag);
  now: ObjectStore['now'] = () => this.inner.now();
  removeAbandonedWrites: ObjectStore['removeAbandonedWrites'] = (prefix) => this.inner.removeAbandonedWrites(prefix);
  keepsOldVersions: ObjectStore['keepsOldVersions'] = () => this.inner.keepsOldVersions();
}

/** The lister's view of `key` (as `scanAndPlan` would hand it to the scanner). */
export async function targetOf(store: ObjectStore, key: string, settings: ScanSettings = SETTINGS): Promise<ScanTarget> {
  const layout = compileLayout(settings.layout, loadZone(settings.partitionTz));
  for await (const target of listTargets(store, layout, null, { onNotInLayout: () => undefined, onHidden: () => undefined })) {
    if (target.key === key) return target;
  }
  throw new Error(`no target ${key}`);
}
