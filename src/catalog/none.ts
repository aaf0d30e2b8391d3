/**
 * `--catalog none`: touch no catalog; record the Athena DDL that would register every new
 * destination partition, for the report (paste it into Athena, or use MSCK REPAIR on Hive layouts).
 */
import { partitionValues } from '../layout/index.js';
import type { Layout, PartitionPath } from '../layout/types.js';
import type { Catalog, EnsurePartitionsResult } from './types.js';

/** A single-quoted SQL string literal: quotes are doubled, so a value can never end the literal. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export function addPartitionDdl(table: string, layout: Layout, tableRootUri: string, partition: string): string {
  const values = partitionValues(layout, partition as PartitionPath)
    .map(({ name, value }) => `${name} = ${sqlString(value)}`)
    .join(', ');
  return `ALTER TABLE ${table} ADD IF NOT EXISTS PARTITION (${values}) LOCATION ${sqlString(`${tableRootUri}${partition}/`)};`;
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
}
