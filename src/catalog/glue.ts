/**
 * `--catalog glue:DB.TABLE`: the Glue Data Catalog API (DESIGN.md §5, anchors §3.3).
 *
 * `GetTable` once (keys, storage descriptor, parameters); existence by `BatchGetPartition` (≤ 1,000
 * keys, `UnprocessedKeys` retried); creation by `BatchCreatePartition` (≤ 100 per call) with the
 * table's storage descriptor and the partition's own location. Per-partition `Errors` decide per
 * partition: `AlreadyExistsException` at our location is success (a concurrent twin, or a lost
 * response of our own), anything else keeps that partition's sources in place. An existing
 * partition is never updated or dropped. A projected table gets no writes at all; its projection
 * is checked instead, so no record moves where queries cannot see it.
 */
import { BatchCreatePartitionCommand, BatchGetPartitionCommand, GetTableCommand } from '@aws-sdk/client-glue';
import type { GlueClient, PartitionInput, StorageDescriptor } from '@aws-sdk/client-glue';
import { RepartitionError } from '../errors.js';
import { CatalogCalls } from './calls.js';
import { partitionPathOfLabel } from '../layout/index.js';
import type { Layout } from '../layout/types.js';
import { catalogPartition, mapKeys, sameLocation, valuesKey } from './partitionKeys.js';
import type { CatalogPartition, KeyMapping, PartitionKey } from './partitionKeys.js';
import { isProjected, projectionVisibility, readProjection } from './projection.js';
import type { Projection } from './projection.js';
import type { Catalog, CatalogInspection, CatalogSummary, EnsurePartitionsResult, InvisiblePartition } from './types.js';

export const BATCH_GET_LIMIT = 1_000;
export const BATCH_CREATE_LIMIT = 100;
/** Rounds of `UnprocessedKeys` before giving up (each round waits longer). */
const UNPROCESSED_ROUNDS = 8;

interface TableInfo {
  readonly keys: readonly PartitionKey[];
  readonly storage: StorageDescriptor;
  readonly projection: Projection | null;
  readonly location: string;
  /** The table's keys matched to the layout's segments; checked on every run, even one with nothing to move. */
  readonly mapping: KeyMapping;
}

type Known = { readonly kind: 'registered' } | { readonly kind: 'missing' } | { readonly kind: 'invisible'; readonly reason: string };

export interface GlueCatalogOptions {
  readonly client: GlueClient;
  readonly database: string;
  readonly table: string;
  readonly layout: Layout;
  readonly tableRootUri: string;
  readonly now: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export class GlueCatalog implements Catalog {
  readonly kind = 'glue';
  readonly #o: GlueCatalogOptions;
  #table: Promise<TableInfo> | undefined;
  readonly #known = new Map<string, Known>();
  /** Creations in flight, so units sharing a destination make one request for it. */
  readonly #creating = new Map<string, Promise<EnsurePartitionsResult>>();
  readonly #created = new Set<string>();
  readonly #failed = new Map<string, string>();
  readonly #calls: CatalogCalls;
  #projected: boolean | undefined;

  constructor(options: GlueCatalogOptions) {
    this.#o = options;
    this.#calls = new CatalogCalls(`${options.database}.${options.table}`);
  }

  get qualifiedName(): string {
    return `${this.#o.database}.${this.#o.table}`;
  }

  async inspect(partitions: readonly string[]): Promise<CatalogInspection> {
    await this.#learn(partitions);
    const registered: string[] = [];
    const missing: string[] = [];
    const invisible: InvisiblePartition[] = [];
    for (const partition of partitions) {
      const known = this.#known.get(partition)!;
      if (known.kind === 'registered') registered.push(partition);
      else if (known.kind === 'missing') missing.push(partition);
      else invisible.push({ partition, reason: known.reason });
    }
    return { registered, missing, invisible };
  }

  async ensurePartitions(partitions: readonly string[]): Promise<EnsurePartitionsResult> {
    await this.#learn(partitions);
    const existing: string[] = [];
    const failed: { partition: string; reason: string }[] = [];
    const toCreate: string[] = [];
    const waits: Promise<EnsurePartitionsResult>[] = [];
    for (const partition of new Set(partitions)) {
      const known = this.#known.get(partition)!;
      const pending = this.#creating.get(partition);
      if (pending !== undefined) waits.push(pending.then((r) => pick(r, partition)));
      else if (known.kind === 'registered') existing.push(partition);
      else if (known.kind === 'invisible') failed.push({ partition, reason: known.reason });
      else toCreate.push(partition);
    }
    if (toCreate.length > 0) {
      const creation = this.#create(toCreate);
      for (const partition of toCreate) this.#creating.set(partition, creation);
      try {
        waits.push(creation);
        await creation;
      } finally {
        for (const partition of toCreate) this.#creating.delete(partition);
      }
    }
    const created: string[] = [];
    for (const result of await Promise.all(waits)) {
      created.push(...result.created.filter((p) => partitions.includes(p)));
      existing.push(...result.existing.filter((p) => partitions.includes(p)));
      failed.push(...result.failed.filter((f) => partitions.includes(f.partition)));
    }
    return { created, existing, failed };
  }

  ddl(): readonly string[] {
    return [];
  }

  summary(): CatalogSummary {
    const projected = this.#projected;
    return {
      kind: 'glue',
      table: this.qualifiedName,
      projection: projected === true,
      created: [...this.#created].sort(),
      failed: [...this.#failed.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([partition, reason]) => ({ partition, reason })),
      invisible: [...this.#known.entries()].flatMap(([partition, k]) => (k.kind === 'invisible' ? [{ partition, reason: k.reason }] : [])).sort((a, b) => (a.partition < b.partition ? -1 : 1)),
      notes: projected === true ? [`${this.qualifiedName} uses partition projection: no partitions are written to Glue; destinations were checked against the projection`] : [],
      calls: this.#calls.counts(),
    };
  }


  #tableInfo(): Promise<TableInfo> {
    this.#table ??= (async () => {
      const { Table: table } = await this.#calls.send('GetTable', () => this.#o.client.send(new GetTableCommand({ DatabaseName: this.#o.database, Name: this.#o.table })));
      if (table === undefined) throw new RepartitionError('CATALOG_CONFIG', `Glue returned no table for ${this.qualifiedName}`);
      const keys = (table.PartitionKeys ?? []).map((k) => ({ name: k.Name ?? '', type: k.Type ?? 'string' }));
      if (keys.length === 0) {
        throw new RepartitionError('CATALOG_CONFIG', `Glue table ${this.qualifiedName} has no partition keys, so it cannot hold hour partitions`, {
          hint: 'Point --catalog at the partitioned table that reads this table root.',
        });
      }
      const parameters = table.Parameters ?? {};
      const location = table.StorageDescriptor?.Location ?? this.#o.tableRootUri;
      const projection = isProjected(parameters) ? readProjection(parameters, keys.map((k) => k.name), location) : null;
      this.#projected = projection !== null;
      const mapping = mapKeys(this.#o.layout, keys, this.qualifiedName, partitionPathOfLabel(this.#o.layout, Date.UTC(2020, 0, 1)));
      return { keys, storage: table.StorageDescriptor ?? {}, projection, location, mapping };
    })();
    return this.#table;
  }

  #partitionOf(info: TableInfo, partition: string): CatalogPartition {
    return catalogPartition(this.#o.layout, info.mapping, this.#o.tableRootUri, partition);
  }

  /** Fills #known for every partition not yet looked at: projection check, or BatchGetPartition. */
  async #learn(partitions: readonly string[]): Promise<void> {
    const info = await this.#tableInfo();
    const unknown = [...new Set(partitions)].filter((p) => !this.#known.has(p));
    if (unknown.length === 0) return;
    if (info.projection !== null) {
      for (const partition of unknown) {
        const visibility = projectionVisibility(info.projection, this.#partitionOf(info, partition).location, this.#o.now());
        this.#known.set(partition, visibility.visible ? { kind: 'registered' } : { kind: 'invisible', reason: `outside the table's partition projection: ${visibility.reason}` });
      }
      return;
    }
    const found = await this.#batchGet(unknown.map((p) => this.#partitionOf(info, p)));
    for (const partition of unknown) {
      const entry = this.#partitionOf(info, partition);
      const location = found.get(valuesKey(entry.values));
      if (location === undefined) this.#known.set(partition, { kind: 'missing' });
      else if (location === null || sameLocation(location, entry.location)) this.#known.set(partition, { kind: 'registered' });
      else this.#known.set(partition, { kind: 'invisible', reason: registeredElsewhere(entry, location) });
    }
  }

  /** values → registered location (null when the partition has none), for those that exist. */
  async #batchGet(entries: readonly CatalogPartition[]): Promise<Map<string, string | null>> {
    const found = new Map<string, string | null>();
    for (let start = 0; start < entries.length; start += BATCH_GET_LIMIT) {
      let keys = entries.slice(start, start + BATCH_GET_LIMIT).map((e) => ({ Values: [...e.values] }));
      for (let round = 0; keys.length > 0; round += 1) {
        if (round === UNPROCESSED_ROUNDS) {
          throw new RepartitionError('CATALOG_IO', `Glue left ${keys.length} partitions of ${this.qualifiedName} unprocessed after ${round} BatchGetPartition rounds`, {
            hint: 'Glue is throttling this account: run again later, or lower the load on the catalog.',
          });
        }
        if (round > 0) await (this.#o.sleep ?? defaultSleep)(Math.min(5_000, 100 * 2 ** round) * (0.5 + Math.random() / 2));
        const answer = await this.#calls.send('BatchGetPartition', () =>
          this.#o.client.send(new BatchGetPartitionCommand({ DatabaseName: this.#o.database, TableName: this.#o.table, PartitionsToGet: keys })),
        );
        for (const partition of answer.Partitions ?? []) found.set(valuesKey(partition.Values ?? []), partition.StorageDescriptor?.Location ?? null);
        keys = (answer.UnprocessedKeys ?? []).map((k) => ({ Values: [...(k.Values ?? [])] }));
      }
    }
    return found;
  }

  async #create(partitions: readonly string[]): Promise<EnsurePartitionsResult> {
    const info = await this.#tableInfo();
    const created: string[] = [];
    const existing: string[] = [];
    const failed: { partition: string; reason: string }[] = [];
    const entries = partitions.map((p) => this.#partitionOf(info, p));
    for (let start = 0; start < entries.length; start += BATCH_CREATE_LIMIT) {
      const chunk = entries.slice(start, start + BATCH_CREATE_LIMIT);
      const answer = await this.#calls.send('BatchCreatePartition', () =>
        this.#o.client.send(
          new BatchCreatePartitionCommand({
            DatabaseName: this.#o.database,
            TableName: this.#o.table,
            PartitionInputList: chunk.map((e) => partitionInput(info.storage, e)),
          }),
        ),
      );
      const refused = new Map<string, { code: string; message: string }>();
      for (const error of answer.Errors ?? []) {
        refused.set(valuesKey(error.PartitionValues ?? []), { code: error.ErrorDetail?.ErrorCode ?? 'UnknownError', message: error.ErrorDetail?.ErrorMessage ?? '' });
      }
      // Already there: someone (a twin, a crawler, our own lost response) made it. Ours only if
      // it points where our records are.
      const already = chunk.filter((e) => refused.get(valuesKey(e.values))?.code === 'AlreadyExistsException');
      const locations = already.length === 0 ? new Map<string, string | null>() : await this.#batchGet(already);
      for (const entry of chunk) {
        const error = refused.get(valuesKey(entry.values));
        if (error === undefined) {
          created.push(entry.partition);
          this.#created.add(entry.partition);
          this.#known.set(entry.partition, { kind: 'registered' });
          continue;
        }
        if (error.code === 'AlreadyExistsException') {
          const location = locations.get(valuesKey(entry.values));
          if (location === null || (location !== undefined && sameLocation(location, entry.location))) {
            existing.push(entry.partition);
            this.#known.set(entry.partition, { kind: 'registered' });
            continue;
          }
          const reason = location === undefined ? 'Glue said the partition exists but does not return it' : registeredElsewhere(entry, location);
          if (location !== undefined) this.#known.set(entry.partition, { kind: 'invisible', reason });
          failed.push({ partition: entry.partition, reason });
          this.#failed.set(entry.partition, reason);
          continue;
        }
        const reason = `Glue BatchCreatePartition refused it: ${error.code}${error.message === '' ? '' : `: ${error.message}`}`;
        failed.push({ partition: entry.partition, reason });
        this.#failed.set(entry.partition, reason);
      }
    }
    return { created, existing, failed };
  }
}

function pick(result: EnsurePartitionsResult, partition: string): EnsurePartitionsResult {
  return {
    created: result.created.filter((p) => p === partition),
    existing: result.existing.filter((p) => p === partition),
    failed: result.failed.filter((f) => f.partition === partition),
  };
}

function registeredElsewhere(entry: CatalogPartition, location: string): string {
  return `Glue already has partition (${entry.values.join(', ')}) at ${location}, not at ${entry.location}; queries would not see records moved there (this tool never changes an existing partition)`;
}

/** The table's storage descriptor with the partition's own location (columns, SerDe, formats, parameters). */
export function partitionInput(storage: StorageDescriptor, entry: CatalogPartition): PartitionInput {
  return { Values: [...entry.values], StorageDescriptor: { ...storage, Location: entry.location } };
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
