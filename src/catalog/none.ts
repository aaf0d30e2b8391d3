/**
 * `--catalog none`: touch no catalog; record the Athena DDL that would register every new
 * destination partition, for the report (paste it into Athena, or use MSCK REPAIR on Hive layouts).
 */
import { partitionValues } from '../layout/index.js';
import type { Layout, PartitionPath } from '../layout/types.js';
import { addPartitionStatement } from './ddl.js';
import { partitionLocation } from './partitionKeys.js';
import type { Catalog, CatalogInspection, EnsurePartitionsResult, CatalogSummary } from './types.js';

export { sqlString } from './ddl.js';

export function addPartitionDdl(table: string, layout: Layout, tableRootUri: string, partition: string): string {
  const segments = partitionValues(layout, partition as PartitionPath);
  return addPartitionStatement(
    table,
    segments.map((s) => s.name),
    { partition, values: segments.map((s) => s.value), location: partitionLocation(tableRootUri, partition) },
  );
}

export class NoCatalog implements Catalog {
  readonly kind = 'none';
  readonly #statements = new Map<string, string>();

  /**
   * `fresh`: the destination partitions that held no object before this run. Only they need
   * registering; the others already hold data, so whoever queries them registered them.
   */
  constructor(
    private readonly layout: Layout,
    private readonly tableRootUri: string,
    private readonly fresh: ReadonlySet<string>,
    private readonly table = '<database>.<table>',
  ) {}

  async inspect(partitions: readonly string[]): Promise<CatalogInspection> {
    return { registered: partitions.filter((p) => !this.fresh.has(p)), missing: partitions.filter((p) => this.fresh.has(p)), invisible: [] };
  }

  async ensurePartitions(partitions: readonly string[]): Promise<EnsurePartitionsResult> {
    const created: string[] = [];
    const existing: string[] = [];
    for (const partition of partitions) {
      if (!this.fresh.has(partition)) {
        existing.push(partition);
        continue;
      }
      created.push(partition);
      if (!this.#statements.has(partition)) this.#statements.set(partition, addPartitionDdl(this.table, this.layout, this.tableRootUri, partition));
    }
    return { created, existing, failed: [] };
  }

  ddl(): readonly string[] {
    return [...this.#statements.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, statement]) => statement);
  }

  summary(): CatalogSummary {
    return { kind: 'none', table: null, projection: false, created: [], failed: [], invisible: [], notes: [], calls: {} };
  }
}
