/**
 * Athena (Hive) DDL that registers partitions (PURE). Every value and location is a string
 * literal escaped the way Hive's lexer reads it, so no partition value or table-root path can end
 * the literal and inject SQL.
 */
import type { CatalogPartition } from './partitionKeys.js';

/**
 * A Hive string literal. Hive does not read a doubled quote as a quote (adjacent literals are
 * concatenated, so `'it''s'` would silently mean `its`): quotes and backslashes are
 * backslash-escaped instead, and line breaks spelled as `\n`/`\r` so a statement stays one line.
 */
export function sqlString(value: string): string {
  return `'${value.replace(/[\\'\n\r]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : `\\${c}`))}'`;
}

/** A Hive identifier: plain names stay plain (readable DDL); anything else is back-quoted. */
export function sqlIdentifier(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `\`${name.replaceAll('`', '``')}\``;
}

export function qualifiedTable(database: string, table: string): string {
  return `${sqlIdentifier(database)}.${sqlIdentifier(table)}`;
}

export function partitionClause(keyNames: readonly string[], partition: CatalogPartition): string {
  const values = keyNames.map((name, k) => `${sqlIdentifier(name)} = ${sqlString(partition.values[k]!)}`).join(', ');
  return `PARTITION (${values}) LOCATION ${sqlString(partition.location)}`;
}

/** One statement per partition (for reports: one line each, easy to copy). */
export function addPartitionStatement(tableSql: string, keyNames: readonly string[], partition: CatalogPartition): string {
  return `ALTER TABLE ${tableSql} ADD IF NOT EXISTS ${partitionClause(keyNames, partition)};`;
}

/**
 * Athena takes several PARTITION clauses in one ALTER TABLE. Statements stay well below Athena's
 * 262,144-byte query limit: at most `perStatement` partitions (a few hundred bytes each).
 */
export function addPartitionsBatches(tableSql: string, keyNames: readonly string[], partitions: readonly CatalogPartition[], perStatement = 100): string[] {
  const statements: string[] = [];
  for (let start = 0; start < partitions.length; start += perStatement) {
    const clauses = partitions.slice(start, start + perStatement).map((p) => partitionClause(keyNames, p));
    statements.push(`ALTER TABLE ${tableSql} ADD IF NOT EXISTS\n  ${clauses.join('\n  ')}`);
  }
  return statements;
}
