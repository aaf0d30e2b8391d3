/**
 * The independent-reader oracle for Parquet (TESTING.md tier 2): pyarrow and DuckDB, driven through
 * test/helpers/parquet_oracle.py, which documents the exact value rendering.
 *
 * The Python is $PARQUET_ORACLE_PYTHON (set by .ci/run), else <repo>/.venv/bin/python. If it is
 * missing or lacks the packages of test/requirements.txt, every call throws an Error that says what to
 * run: a Parquet test never skips for want of its oracle.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const REPO = path.join(import.meta.dirname, '..', '..');
/** The Python script behind every function here. */
export const ORACLE_SCRIPT = path.join(REPO, 'test', 'helpers', 'parquet_oracle.py');
const INSTALL_HINT =
  'run `bash .ci/run` once, or: python3 -m venv .venv && .venv/bin/pip install -r test/requirements.txt ' +
  '(or set PARQUET_ORACLE_PYTHON to a Python that has them)';
/** Largest oracle output accepted, in bytes: the corpus dumps to a few MB. */
const MAX_OUTPUT_BYTES = 512 * 1024 * 1024;

/**
 * A rendered value: null; a boolean; a string for every number, decimal, timestamp, date, binary
 * (lowercase hex) and float (hex of the IEEE bits); an array for a list; [key, value] pairs for a
 * map; an object for a struct.
 */
export type OracleValue = null | boolean | string | readonly OracleValue[] | { readonly [field: string]: OracleValue };
export type OracleRow = Readonly<Record<string, OracleValue>>;

/** pyarrow's view of one schema element (`metadata.schema`, printed tree plus ColumnSchema). */
export type PyarrowSchemaElement =
  | {
      readonly kind: 'group';
      readonly path: readonly string[];
      readonly name: string;
      readonly repetition: Repetition;
      /** The printed logical annotation: "List", "Map", ... or null. */
      readonly annotation: string | null;
    }
  | {
      readonly kind: 'leaf';
      readonly path: readonly string[];
      readonly name: string;
      readonly repetition: Repetition;
      readonly physicalType: string;
      /** pyarrow's `logical_type.to_json()`, e.g. {"Type":"Timestamp","isAdjustedToUTC":true,"timeUnit":"milliseconds",...}. */
      readonly logicalType: Readonly<Record<string, string | number | boolean>>;
      /** "NONE" when absent. */
      readonly convertedType: string;
      readonly maxDefinitionLevel: number;
      readonly maxRepetitionLevel: number;
      /** FIXED_LEN_BYTE_ARRAY only. */
      readonly length: number | null;
      /** DECIMAL only. */
      readonly precision: number | null;
      readonly scale: number | null;
    };
export type Repetition = 'REQUIRED' | 'OPTIONAL' | 'REPEATED';

/** The footer's SchemaElement as stored (decoded from the Thrift bytes), parquet.thrift names. */
export interface FooterSchemaElement {
  readonly name: string;
  readonly type: string | null;
  readonly type_length: number | null;
  readonly repetition_type: Repetition | null;
  readonly num_children: number | null;
  readonly converted_type: string | null;
  readonly scale: number | null;
  readonly precision: number | null;
  readonly field_id: number | null;
  /** e.g. {type:'TIMESTAMP', isAdjustedToUTC:true, unit:'MICROS'}, {type:'INTEGER', bitWidth:64, isSigned:false}. */
  readonly logical_type: Readonly<Record<string, string | number | boolean | null>> | null;
}

export interface ColumnChunkInfo {
  readonly rowGroup: number;
  readonly path: string;
  readonly physicalType: string;
  /** Thrift codec name: UNCOMPRESSED, SNAPPY, GZIP, BROTLI, ZSTD, LZ4_RAW, LZ4, LZO. */
  readonly codec: string;
  /** ColumnMetaData.encodings as pyarrow reports them. */
  readonly encodings: readonly string[];
  readonly numValues: number;
  /** From walking the chunk's page headers: DICTIONARY_PAGE, DATA_PAGE, DATA_PAGE_V2. */
  readonly pageTypes: readonly string[];
  /** The value encodings named by the data page headers. */
  readonly dataPageEncodings: readonly string[];
  readonly numPages: number;
}

export interface ParquetDump {
  readonly file: string;
  readonly readers: Readonly<Record<string, string>>;
  readonly createdBy: string | null;
  readonly formatVersion: string;
  readonly numRows: number;
  readonly rowGroups: number;
  readonly rowGroupRows: readonly number[];
  readonly kv: Readonly<Record<string, string>>;
  /** Distinct codecs, encodings and page types over all column chunks, sorted. */
  readonly codecs: readonly string[];
  readonly encodings: readonly string[];
  readonly pageTypes: readonly string[];
  readonly schema: readonly PyarrowSchemaElement[];
  readonly footerSchema: readonly FooterSchemaElement[];
  readonly arrowSchema: string;
  readonly columnChunks: readonly ColumnChunkInfo[];
  /** DuckDB's `parquet_schema(file)` rows (without file_name). */
  readonly duckdbSchema: readonly Readonly<Record<string, string | number | null>>[];
  /** DuckDB's distinct `parquet_metadata(file).compression`. */
  readonly duckdbCodecs: readonly string[];
  /** pyarrow's rows, in file order; absent when asked for metadata only. */
  readonly rows?: readonly OracleRow[];
}

/** A file that pyarrow would not open, with DuckDB's verdict on the same file (null: DuckDB read it). */
export interface OracleRejection {
  readonly file: string;
  readonly error: string;
  readonly duckdbError: string | null;
}

export interface DuckdbRows {
  readonly file: string;
  readonly reader: string;
  readonly numRows: number;
  readonly rows: readonly OracleRow[];
}

export interface DuckdbRejection {
  readonly file: string;
  readonly error: string;
}

/** The Python that runs the oracle; throws, saying what to run, when it is missing. */
export function oraclePython(): string {
  const python = process.env.PARQUET_ORACLE_PYTHON ?? path.join(REPO, '.venv', 'bin', 'python');
  if (!existsSync(python)) {
    throw new Error(`The Parquet oracle's Python (${python}) does not exist: ${INSTALL_HINT}`);
  }
  return python;
}

/** pyarrow's reading of one file (metadata, schemas and rows). Throws if pyarrow rejects the file. */
export async function dumpParquet(file: string): Promise<ParquetDump> {
  const [result] = await dumpParquetMany([file]);
  if (result === undefined) throw new Error(`parquet oracle returned nothing for ${file}`);
  if (isRejection(result)) throw new Error(`pyarrow rejected ${file}: ${result.error} (DuckDB: ${result.duckdbError ?? 'read it'})`);
  return result;
}

/** One Python process for many files; `rows: false` dumps metadata only. Rejections are returned, not thrown. */
export async function dumpParquetMany(
  files: readonly string[],
  options: { readonly rows?: boolean } = {},
): Promise<(ParquetDump | OracleRejection)[]> {
  const args = ['dump-many', ...(options.rows === false ? ['--no-rows'] : []), ...files];
  const parsed = await runOracle(args);
  if (!Array.isArray(parsed) || parsed.length !== files.length) throw new Error(`parquet oracle: expected ${files.length} results`);
  return parsed.map((item: unknown) => (isRejectionShape(item) ? item : checkDump(item)));
}

/** DuckDB's reading of one file, rendered like pyarrow's (INT96 and UTC-nanosecond columns only to the µs). */
export async function duckdbRows(file: string): Promise<DuckdbRows> {
  const [result] = await duckdbRowsMany([file]);
  if (result === undefined) throw new Error(`parquet oracle returned nothing for ${file}`);
  if ('error' in result) throw new Error(`DuckDB rejected ${file}: ${result.error}`);
  return result;
}

/** DuckDB's reading of many files in one Python process; rejections are returned, not thrown. */
export async function duckdbRowsMany(files: readonly string[]): Promise<(DuckdbRows | DuckdbRejection)[]> {
  const parsed = await runOracle(['duckdb-rows-many', ...files]);
  if (!Array.isArray(parsed) || parsed.length !== files.length) throw new Error(`parquet oracle: expected ${files.length} results`);
  return parsed.map((item: unknown): DuckdbRows | DuckdbRejection => {
    if (!isRecord(item) || typeof item.file !== 'string') throw new Error('parquet oracle: malformed duckdb-rows result');
    if (typeof item.error === 'string') return { file: item.file, error: item.error };
    if (typeof item.reader !== 'string' || typeof item.numRows !== 'number' || !isRowArray(item.rows)) {
      throw new Error(`parquet oracle: malformed duckdb-rows result for ${item.file}`);
    }
    return { file: item.file, reader: item.reader, numRows: item.numRows, rows: item.rows };
  });
}

export function isRejection(result: ParquetDump | OracleRejection): result is OracleRejection {
  return 'error' in result;
}

async function runOracle(args: readonly string[]): Promise<unknown> {
  const python = oraclePython();
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(python, [ORACLE_SCRIPT, ...args], { encoding: 'utf8', maxBuffer: MAX_OUTPUT_BYTES }, (error, out, err) => {
      if (error === null) return resolve(out);
      const code = typeof error.code === 'number' ? error.code : undefined;
      if (code === 3) return reject(new Error(`The Parquet oracle's Python (${python}) lacks a package: ${err.trim()}. ${INSTALL_HINT}`));
      if (typeof error.code === 'string') return reject(new Error(`Cannot run ${python} (${error.code}): ${INSTALL_HINT}`));
      reject(new Error(`parquet oracle ${args[0] ?? ''} failed (exit ${code ?? error.signal ?? '?'}): ${err.trim()}`));
    });
  });
  return JSON.parse(stdout) as unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isOracleValue(value: unknown): value is OracleValue {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return true;
  if (Array.isArray(value)) return value.every(isOracleValue);
  return isRecord(value) && Object.values(value).every(isOracleValue);
}

function isRowArray(value: unknown): value is OracleRow[] {
  return Array.isArray(value) && value.every((row) => isRecord(row) && Object.values(row).every(isOracleValue));
}

function isRejectionShape(value: unknown): value is OracleRejection {
  return (
    isRecord(value) &&
    typeof value.file === 'string' &&
    typeof value.error === 'string' &&
    (value.duckdbError === null || typeof value.duckdbError === 'string')
  );
}

const DUMP_FIELDS = {
  file: 'string',
  createdBy: 'string-or-null',
  formatVersion: 'string',
  numRows: 'number',
  rowGroups: 'number',
  rowGroupRows: 'array',
  kv: 'object',
  codecs: 'array',
  encodings: 'array',
  pageTypes: 'array',
  schema: 'array',
  footerSchema: 'array',
  arrowSchema: 'string',
  columnChunks: 'array',
  duckdbSchema: 'array',
  duckdbCodecs: 'array',
  readers: 'object',
} as const;

/** Checks the shape the Python side promises; the element types follow from parquet_oracle.py. */
function checkDump(value: unknown): ParquetDump {
  if (!isRecord(value)) throw new Error('parquet oracle: a dump is not an object');
  for (const [key, kind] of Object.entries(DUMP_FIELDS)) {
    const field = value[key];
    const ok =
      kind === 'string-or-null'
        ? field === null || typeof field === 'string'
        : kind === 'array'
          ? Array.isArray(field)
          : kind === 'object'
            ? isRecord(field)
            : typeof field === kind;
    if (!ok) throw new Error(`parquet oracle: dump field ${key} is not ${kind}`);
  }
  if (value.rows !== undefined && !isRowArray(value.rows)) throw new Error('parquet oracle: dump rows are malformed');
  return value as unknown as ParquetDump;
}
