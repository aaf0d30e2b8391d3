/**
 * `--catalog athena:DB.TABLE`: registers partitions with Athena DDL (`ALTER TABLE … ADD IF NOT
 * EXISTS PARTITION (…) LOCATION '…'`, batched), polled with backoff until SUCCEEDED, FAILED (with
 * Athena's reason), CANCELLED, or the timeout. `IF NOT EXISTS` makes every statement safe to
 * repeat, so an interrupted or timed-out run is simply repeated by the next one.
 *
 * Key names come from the layout: Hive segment names (`dt`, `hour`), or `partition_0…n` for
 * plain segments (the names a Glue crawler gives them). Tables declared with other names for
 * plain segments, and projected tables, need `glue:`, which reads the table definition.
 */
import { GetQueryExecutionCommand, StartQueryExecutionCommand, StopQueryExecutionCommand } from '@aws-sdk/client-athena';
import type { AthenaClient } from '@aws-sdk/client-athena';
import { partitionValues } from '../layout/index.js';
import type { Layout, PartitionPath } from '../layout/types.js';
import { addPartitionsBatches, qualifiedTable } from './ddl.js';
import { CatalogCalls } from './calls.js';
import { partitionLocation } from './partitionKeys.js';
import type { CatalogPartition } from './partitionKeys.js';
import type { Catalog, CatalogInspection, CatalogSummary, EnsurePartitionsResult } from './types.js';

export interface AthenaCatalogOptions {
  readonly client: AthenaClient;
  readonly database: string;
  readonly table: string;
  readonly layout: Layout;
  readonly tableRootUri: string;
  readonly workgroup?: string;
  /** `--athena-output`: s3:// prefix for query results (else the workgroup's setting). */
  readonly outputLocation?: string;
  readonly timeoutMs: number;
  /** Waits between polls: first, growth factor, cap. */
  readonly poll?: { readonly firstMs: number; readonly factor: number; readonly maxMs: number };
  readonly now: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_POLL = { firstMs: 200, factor: 1.5, maxMs: 5_000 };

type QueryOutcome = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export class AthenaCatalog implements Catalog {
  readonly kind = 'athena';
  readonly #o: AthenaCatalogOptions;
  readonly #registered = new Set<string>();
  readonly #failed = new Map<string, string>();
  readonly #statements: string[] = [];
  readonly #calls: CatalogCalls;

  constructor(options: AthenaCatalogOptions) {
    this.#o = options;
    this.#calls = new CatalogCalls(`${options.database}.${options.table}`, 'Athena ');
  }

  get qualifiedName(): string {
    return `${this.#o.database}.${this.#o.table}`;
  }

  /** Athena's DDL answers no questions cheaply: every partition is "missing", and ADD IF NOT EXISTS settles it. */
  async inspect(partitions: readonly string[]): Promise<CatalogInspection> {
    return { registered: partitions.filter((p) => this.#registered.has(p)), missing: partitions.filter((p) => !this.#registered.has(p)), invisible: [] };
  }

  async ensurePartitions(partitions: readonly string[]): Promise<EnsurePartitionsResult> {
    const todo = [...new Set(partitions)].filter((p) => !this.#registered.has(p));
    const existing = partitions.filter((p) => this.#registered.has(p));
    const created: string[] = [];
    const failed: { partition: string; reason: string }[] = [];
    if (todo.length === 0) return { created, existing, failed };
    const entries = todo.map((p) => this.#entry(p));
    const keyNames = partitionValues(this.#o.layout, todo[0] as PartitionPath).map((v) => v.name);
    const perStatement = 100;
    const statements = addPartitionsBatches(qualifiedTable(this.#o.database, this.#o.table), keyNames, entries, perStatement);
    for (const [k, statement] of statements.entries()) {
      const batch = entries.slice(k * perStatement, (k + 1) * perStatement);
      this.#statements.push(statement);
      const outcome = await this.#run(statement);
      for (const entry of batch) {
        if (outcome.ok) {
          created.push(entry.partition);
          this.#registered.add(entry.partition);
          this.#failed.delete(entry.partition);
        } else {
          failed.push({ partition: entry.partition, reason: outcome.reason });
          this.#failed.set(entry.partition, outcome.reason);
        }
      }
    }
    return { created, existing, failed };
  }

  ddl(): readonly string[] {
    return [...this.#statements];
  }

  summary(): CatalogSummary {
    return {
      kind: 'athena',
      table: this.qualifiedName,
      projection: false,
      created: [...this.#registered].sort(),
      failed: [...this.#failed.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([partition, reason]) => ({ partition, reason })),
      invisible: [],
      notes: ['athena: partitions are registered with ALTER TABLE … ADD IF NOT EXISTS; partitions that already existed are counted as registered'],
      calls: this.#calls.counts(),
    };
  }

  #entry(partition: string): CatalogPartition {
    const values = partitionValues(this.#o.layout, partition as PartitionPath).map((v) => v.value);
    return { partition, values, location: partitionLocation(this.#o.tableRootUri, partition) };
  }


  async #run(statement: string): Promise<QueryOutcome> {
    const { client } = this.#o;
    const started = await this.#calls.send('StartQueryExecution', () =>
      client.send(
        new StartQueryExecutionCommand({
          QueryString: statement,
          QueryExecutionContext: { Database: this.#o.database },
          ...(this.#o.workgroup === undefined ? {} : { WorkGroup: this.#o.workgroup }),
          ...(this.#o.outputLocation === undefined ? {} : { ResultConfiguration: { OutputLocation: this.#o.outputLocation } }),
        }),
      ),
    );
    const id = started.QueryExecutionId;
    if (id === undefined) return { ok: false, reason: 'Athena returned no query execution id' };
    const poll = this.#o.poll ?? DEFAULT_POLL;
    const sleep = this.#o.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    const deadline = this.#o.now() + this.#o.timeoutMs;
    for (let wait = poll.firstMs; ; wait = Math.min(poll.maxMs, wait * poll.factor)) {
      const { QueryExecution: execution } = await this.#calls.send('GetQueryExecution', () => client.send(new GetQueryExecutionCommand({ QueryExecutionId: id })));
      const state = execution?.Status?.State;
      if (state === 'SUCCEEDED') return { ok: true };
      if (state === 'FAILED') {
        const why = execution?.Status?.AthenaError?.ErrorMessage ?? execution?.Status?.StateChangeReason ?? 'no reason given';
        return { ok: false, reason: `Athena query ${id} FAILED: ${why}` };
      }
      if (state === 'CANCELLED') return { ok: false, reason: `Athena query ${id} was CANCELLED${execution?.Status?.StateChangeReason === undefined ? '' : `: ${execution.Status.StateChangeReason}`}` };
      if (this.#o.now() + wait > deadline) {
        // The statement may still finish; ADD IF NOT EXISTS makes that harmless. Stop it anyway
        // so a stuck query does not hold Athena's DDL queue.
        await this.#calls.send('StopQueryExecution', () => client.send(new StopQueryExecutionCommand({ QueryExecutionId: id }))).catch(() => undefined);
        return { ok: false, reason: `Athena query ${id} was still ${state ?? 'unknown'} after ${this.#o.timeoutMs / 1000} s (--athena-timeout); the next run repeats it` };
      }
      await sleep(wait);
    }
  }
}
