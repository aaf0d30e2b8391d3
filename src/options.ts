/**
 * The one table of options. The argv parser, the env-var mapping (`REPARTITION_<NAME>`), the JSON
 * config file, `--help` and the README's option table all derive from it.
 * Precedence, as in the AWS CLI: command line > environment > config file > default.
 */

export const COMMANDS = ['plan', 'apply', 'verify', 'status', 'repair'] as const;
export type Command = (typeof COMMANDS)[number];

export type OptionType =
  | { readonly kind: 'string' }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'int'; readonly min: number }
  | { readonly kind: 'duration' }
  | { readonly kind: 'boolean' };

export interface OptionSpec {
  /** Flag without dashes; also the config-file key. */
  readonly name: string;
  readonly type: OptionType;
  /** Default as the user would type it; undefined = unset. */
  readonly default?: string;
  readonly short?: string;
  readonly help: string;
  /** The commands that accept it (all scan options apply to plan, apply and verify). */
  readonly commands: readonly Command[];
}

const SCAN: readonly Command[] = ['plan', 'apply', 'verify'];
/** Options that say where partitions are and which window to look at: also for `repair`. */
const WHERE: readonly Command[] = ['plan', 'apply', 'verify', 'repair'];
const CATALOG: readonly Command[] = ['plan', 'apply', 'repair'];
const APPLY: readonly Command[] = ['apply'];
const STATE: readonly Command[] = ['apply', 'status'];
const ALL: readonly Command[] = COMMANDS;

export const REPORT_FORMATS = ['text', 'json', 'markdown'] as const;
export const LOG_FORMATS = ['auto', 'json', 'text'] as const;
export const INPUT_FORMATS = ['auto', 'jsonl', 'parquet'] as const;
export const BACKUP_MODES = ['auto', 'copy', 'none'] as const;

export const OPTIONS: readonly OptionSpec[] = [
  { name: 'layout', type: { kind: 'string' }, default: 'hive', commands: WHERE,
    help: 'Partition layout: hive (dt=YYYY-MM-DD/hour=HH), hive-ymdh, firehose (YYYY/MM/DD/HH), or a template such as dt={yyyy}-{MM}-{dd}/hour={HH}' },
  { name: 'partition-tz', type: { kind: 'string' }, default: 'UTC', commands: WHERE,
    help: 'IANA time zone the partition paths are written in (e.g. Asia/Tokyo)' },
  { name: 'time-field', type: { kind: 'string' }, default: 'timestamp', commands: SCAN,
    help: 'Field holding the event time: a JSON field or Parquet column; dotted path for nested values (meta.ts)' },
  { name: 'time-format', type: { kind: 'string' }, default: 'auto', commands: SCAN,
    help: 'auto, iso8601, epoch_s, epoch_ms, epoch_us, epoch_ns, or a pattern such as dd/MMM/yyyy:HH:mm:ss Z' },
  { name: 'timestamp-tz', type: { kind: 'string' }, default: 'UTC', commands: SCAN,
    help: 'Time zone for event times written without an offset' },
  { name: 'format', type: { kind: 'enum', values: INPUT_FORMATS }, default: 'auto', commands: SCAN,
    help: 'Object format: auto (Parquet by .parquet name or PAR1 magic bytes, else JSON lines, gzip or plain), jsonl, parquet' },
  { name: 'from', type: { kind: 'string' }, commands: WHERE,
    help: 'Window start (inclusive): ISO instant or date; zone-less values are read in --partition-tz' },
  { name: 'to', type: { kind: 'string' }, commands: WHERE,
    help: 'Window end (exclusive): ISO instant or date' },
  { name: 'since', type: { kind: 'duration' }, commands: WHERE,
    help: 'Trailing window for scheduled runs: partitions from now-SINCE to now-SETTLE (e.g. 6h)' },
  { name: 'settle', type: { kind: 'duration' }, default: '15m', commands: WHERE,
    help: 'With --since: leave the most recent partitions alone while they are still being written' },
  { name: 'max-lag', type: { kind: 'duration' }, default: '7d', commands: SCAN,
    help: 'Records further than this from their partition are unplaceable, never moved' },
  { name: 'move-early', type: { kind: 'boolean' }, default: 'false', commands: SCAN,
    help: 'Also move records whose event time is after their partition (clock skew)' },
  { name: 'report', type: { kind: 'enum', values: REPORT_FORMATS }, default: 'text', commands: WHERE,
    help: 'Report format: text, json (stable contract) or markdown' },
  { name: 'report-out', type: { kind: 'string' }, default: '-', commands: WHERE,
    help: 'Write the report to this file; - is standard output' },
  { name: 'concurrency', type: { kind: 'int', min: 1 }, default: '8', commands: SCAN,
    help: 'Objects read at once; memory is about this many times one object\'s decoder (~1 MiB)' },
  { name: 'workers', type: { kind: 'int', min: 0 }, commands: SCAN,
    help: 'Worker threads for decompression and scanning (default: one per core; 0 = main thread)' },
  { name: 'catalog', type: { kind: 'string' }, default: 'none', commands: CATALOG,
    help: 'Where new partitions are registered before any source is deleted: none (the report lists the DDL), glue:DB.TABLE (Glue API; checks partition projection) or athena:DB.TABLE (DDL through Athena)' },
  { name: 'athena-workgroup', type: { kind: 'string' }, commands: CATALOG,
    help: 'With --catalog athena:…: the workgroup to run the DDL in (default: the account\'s primary)' },
  { name: 'athena-output', type: { kind: 'string' }, commands: CATALOG,
    help: 'With --catalog athena:…: s3:// prefix for query results, when the workgroup sets none' },
  { name: 'athena-timeout', type: { kind: 'duration' }, default: '5m', commands: CATALOG,
    help: 'With --catalog athena:…: give up on a DDL query still running after this long (its partitions\' sources stay; the next run repeats it)' },
  { name: 'dry-run', type: { kind: 'boolean' }, default: 'false', commands: ['repair'],
    help: 'repair: list the partitions that hold data but are missing from the catalog; register nothing' },
  { name: 'backup', type: { kind: 'enum', values: BACKUP_MODES }, default: 'auto', commands: APPLY,
    help: 'Keep a copy of every rewritten source under <state>/backup/<runId>/: auto (copy unless the bucket is versioned; local folders: copy), copy, none' },
  { name: 'state-prefix', type: { kind: 'string' }, commands: STATE,
    help: 'Where the lock, run journals and backups live (default <table-root>/_repartition/)' },
  { name: 'max-moves', type: { kind: 'int', min: 0 }, commands: APPLY,
    help: 'Circuit breaker: stop before changing anything when a plan would move more records than this' },
  { name: 'endpoint-url', type: { kind: 'string' }, commands: ALL,
    help: 'S3-compatible endpoint for s3:// roots (MinIO, moto); AWS_ENDPOINT_URL_S3 and AWS_ENDPOINT_URL also work. Credentials and region: the AWS default chain' },
  { name: 'path-style', type: { kind: 'boolean' }, commands: ALL,
    help: 'Path-style S3 addressing (endpoint/bucket/key); on by default exactly when an endpoint URL is given' },
  { name: 'config', type: { kind: 'string' }, commands: ALL,
    help: 'JSON file with option values, keyed by flag name ({"time-field": "ts"})' },
  { name: 'log-format', type: { kind: 'enum', values: LOG_FORMATS }, default: 'auto', commands: ALL,
    help: 'Logs on stderr: text on a terminal, JSON lines otherwise (auto)' },
  { name: 'quiet', short: 'q', type: { kind: 'boolean' }, default: 'false', commands: ALL,
    help: 'Only warnings, errors and the final summary' },
  { name: 'verbose', short: 'v', type: { kind: 'boolean' }, default: 'false', commands: ALL,
    help: 'Debug logs' },
];

export function envVarOf(spec: OptionSpec): string {
  return `REPARTITION_${spec.name.toUpperCase().replaceAll('-', '_')}`;
}

export function optionSpec(name: string): OptionSpec | undefined {
  return OPTIONS.find((spec) => spec.name === name);
}
