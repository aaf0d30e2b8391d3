/**
 * The outage day of outage.ts as Parquet: every generated gzip JSON-lines object is converted by
 * DuckDB (an independent, real-world writer) into one Parquet object with the same name stem and
 * `.parquet` extension, in the same `dt=YYYY-MM-DD/hour=HH` partition. The ground truth is the JSON
 * generator's own, unchanged: every record becomes exactly one row, and a row's event time is the
 * JSON record's.
 *
 * Schema (the same for every object): `timestamp` TIMESTAMP(MICROS, isAdjustedToUTC) parsed from
 * the ISO-8601 string or epoch-ms number (NULL when missing or unparseable: such rows are
 * unplaceable, like their JSON records), the flat string/int columns, the nested `http` and `user`
 * structs, and `pad` when `padding` > 0.
 *
 * A dev/demo tool (tests, `npm run bench:parquet`): it imports @duckdb/node-api, a devDependency,
 * dynamically, so nothing on the CLI's code path ever loads it.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { generateOutageDay } from './outage.js';
import type { OutageDayOptions, OutageTruth, WriteObject } from './outage.js';

/** Codecs DuckDB's writer offers that every reader of the table supports. */
export const PARQUET_OUTAGE_CODECS = ['snappy', 'zstd', 'gzip', 'uncompressed'] as const;
export type ParquetOutageCodec = (typeof PARQUET_OUTAGE_CODECS)[number];

/** DuckDB cuts row groups at whole vectors: a row group holds a multiple of 2,048 rows (the last one fewer). */
export const DUCKDB_ROW_GROUP_GRANULE_ROWS = 2048;
/** DuckDB's own default row group size, in rows. */
export const DEFAULT_ROW_GROUP_ROWS = 122_880;

export interface ParquetOutageOptions extends OutageDayOptions {
  /** Target rows per row group (default 122,880; rounded up to a multiple of 2,048 by DuckDB). */
  readonly rowGroupRows?: number;
  /** Column chunk codec (default `snappy`). */
  readonly compression?: ParquetOutageCodec;
}

export interface ParquetOutageTruth extends OutageTruth {
  /**
   * Bytes of the Parquet objects written. `uncompressedBytes` and `compressedBytes` stay the JSON
   * figures (JSON lines, and gzip of them): the "uncompressed-equivalent" size of the same data.
   */
  readonly parquetBytes: number;
  readonly rowGroups: number;
}

/** The JSON-lines fields of outage.ts, with the types the Parquet columns get, in record order. */
function columnsSpec(withPad: boolean): string {
  const columns = [
    `timestamp: 'VARCHAR'`,
    `level: 'VARCHAR'`,
    `service: 'VARCHAR'`,
    `request_id: 'VARCHAR'`,
    `trace_id: 'VARCHAR'`,
    `latency_ms: 'INTEGER'`,
    `msg: 'VARCHAR'`,
    `client_ip: 'VARCHAR'`,
    `http: 'STRUCT(method VARCHAR, path VARCHAR, status INTEGER, bytes BIGINT)'`,
    `"user": 'STRUCT(id BIGINT, region VARCHAR, note VARCHAR)'`,
    ...(withPad ? [`pad: 'VARCHAR'`] : []),
  ];
  return `{${columns.join(', ')}}`;
}

/** SELECT list: `timestamp` parsed to TIMESTAMPTZ (epoch-ms digits or ISO-8601 with a zone), the rest as read. */
function selectList(withPad: boolean): string {
  const timestamp =
    `CASE WHEN regexp_full_match("timestamp", '-?[0-9]+') THEN CAST(epoch_ms(CAST("timestamp" AS BIGINT)) AS TIMESTAMPTZ) ` +
    `ELSE TRY_CAST("timestamp" AS TIMESTAMPTZ) END AS "timestamp"`;
  return [timestamp, 'level', 'service', 'request_id', 'trace_id', 'latency_ms', 'msg', 'client_ip', 'http', '"user"', ...(withPad ? ['pad'] : [])].join(', ');
}

const sqlString = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/**
 * Generates the outage day of `generateOutageDay(options)` as Parquet objects (keys end in
 * `.parquet`) and hands each to `write`, one at a time. Memory: one object's JSON and Parquet bytes.
 */
export async function generateParquetOutageDay(options: ParquetOutageOptions, write: WriteObject): Promise<ParquetOutageTruth> {
  const compression = options.compression ?? 'snappy';
  if (!(PARQUET_OUTAGE_CODECS as readonly string[]).includes(compression)) {
    throw new Error(`Expected \`compression\` to be one of ${PARQUET_OUTAGE_CODECS.join(', ')}, got ${String(compression)}`);
  }
  const rowGroupRows = options.rowGroupRows ?? DEFAULT_ROW_GROUP_ROWS;
  if (!Number.isSafeInteger(rowGroupRows) || rowGroupRows < 1) throw new Error(`Expected \`rowGroupRows\` to be a number from 1 and up, got ${rowGroupRows}`);
  const withPad = (options.padding ?? 0) > 0;

  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const scratch = await mkdtemp(path.join(tmpdir(), 'lr-outage-parquet-'));
  let parquetBytes = 0;
  let rowGroups = 0;
  try {
    // epoch_ms() yields a zone-less TIMESTAMP; read it as UTC whatever the host's zone.
    await connection.run(`SET TimeZone = 'UTC'`);
    const jsonFile = path.join(scratch, 'object.jsonl');
    const parquetFile = path.join(scratch, 'object.parquet');
    const truth = await generateOutageDay(options, async (key, gzipped) => {
      if (!key.endsWith('.gz')) throw new Error(`outageParquet: unexpected generated key ${key}`);
      const lines = gunzipSync(gzipped);
      await writeFile(jsonFile, lines);
      const copied = await connection.run(
        `COPY (SELECT ${selectList(withPad)} FROM read_json(${sqlString(jsonFile)}, format = 'newline_delimited', ` +
          `columns = ${columnsSpec(withPad)})) TO ${sqlString(parquetFile)} ` +
          `(FORMAT parquet, COMPRESSION ${compression}, ROW_GROUP_SIZE ${rowGroupRows})`,
      );
      // Every JSON line must have become one row: the truth counts are per record.
      const expectedRows = lines.reduce((count, byte) => count + (byte === 0x0a ? 1 : 0), 0);
      if (copied.rowsChanged !== expectedRows) throw new Error(`outageParquet: ${key} has ${expectedRows} records but DuckDB wrote ${copied.rowsChanged} rows`);
      const groups = await connection.runAndReadAll(`SELECT count(DISTINCT row_group_id) FROM parquet_metadata(${sqlString(parquetFile)})`);
      rowGroups += Number(groups.getRows()[0]?.[0] ?? 0);
      const bytes = await readFile(parquetFile);
      parquetBytes += bytes.length;
      await write(`${key.slice(0, -'.gz'.length)}.parquet`, bytes);
    });
    return { ...truth, parquetBytes, rowGroups };
  } finally {
    connection.closeSync();
    instance.closeSync();
    await rm(scratch, { recursive: true, force: true });
  }
}
