/**
 * A partition path of the layout → the catalog's partition values, in the table's key order and
 * checked against the keys' types (PURE).
 *
 * Hive segments (`dt=…/hour=…`) are matched to the table's keys by name, so the table may declare
 * them in any order; segments without names (Firehose's `2020/04/20/13`) are matched by position,
 * as a Glue crawler would (`partition_0…n`) and as a table declared by hand would be.
 */
import { partitionValues } from '../layout/index.js';
import type { Layout, PartitionPath } from '../layout/types.js';
import { RepartitionError } from '../errors.js';

export interface PartitionKey {
  readonly name: string;
  /** The Hive type as Glue stores it: `string`, `int`, `varchar(10)`, `date`, … */
  readonly type: string;
}

export interface CatalogPartition {
  /** The partition path relative to the table root, as the planner names it. */
  readonly partition: string;
  /** One value per table key, in the table's key order. */
  readonly values: readonly string[];
  /** Where its objects live: `<table root><partition>/`. */
  readonly location: string;
}

/** Maps layout segments to table keys once; `partitionOf` then converts any path of the layout. */
export interface KeyMapping {
  readonly keys: readonly PartitionKey[];
  /** For each table key, the index of the layout segment that holds its value. */
  readonly segmentOfKey: readonly number[];
}

export function mapKeys(layout: Layout, keys: readonly PartitionKey[], table: string, samplePartition: string): KeyMapping {
  const names = partitionValues(layout, samplePartition as PartitionPath).map((v) => v.name.toLowerCase());
  const describeKeys = keys.map((k) => k.name).join(', ');
  const mismatch = (why: string): never => {
    throw new RepartitionError('CATALOG_CONFIG', `Table ${table} has partition keys (${describeKeys}) but the layout ${layout.template} has segments (${names.join(', ')}): ${why}`, {
      hint: 'Check --layout and --catalog: they must describe the same table (names must match for key=value segments; plain segments are matched by position).',
    });
  };
  if (keys.length !== names.length) mismatch('the counts differ');
  const hive = names.map((name) => !/^partition_\d+$/.test(name));
  const segmentOfKey = keys.map((key, position) => {
    const byName = names.indexOf(key.name.toLowerCase());
    if (byName >= 0 && hive[byName] === true) return byName;
    if (hive[position] === true) mismatch(`no segment is named ${key.name}`);
    return position;
  });
  if (new Set(segmentOfKey).size !== segmentOfKey.length) mismatch('two keys map to one segment');
  return { keys, segmentOfKey };
}

const INTEGER_TYPES = /^(tinyint|smallint|int|integer|bigint)$/i;

export function catalogPartition(layout: Layout, mapping: KeyMapping, tableRootUri: string, partition: string): CatalogPartition {
  const segments = partitionValues(layout, partition as PartitionPath);
  const values = mapping.segmentOfKey.map((segment, k) => {
    const value = segments[segment]!.value;
    const key = mapping.keys[k]!;
    if (INTEGER_TYPES.test(key.type) && !/^[+-]?\d+$/.test(value)) {
      throw new RepartitionError('CATALOG_CONFIG', `Partition ${partition}: key ${key.name} is ${key.type} in the catalog, but its value ${JSON.stringify(value)} is not an integer`, {
        context: { partition },
        hint: 'Check --layout against the table definition.',
      });
    }
    if (/^date$/i.test(key.type) && !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      throw new RepartitionError('CATALOG_CONFIG', `Partition ${partition}: key ${key.name} is a date in the catalog, but its value ${JSON.stringify(value)} is not yyyy-MM-dd`, {
        context: { partition },
        hint: 'Check --layout against the table definition.',
      });
    }
    return value;
  });
  return { partition, values, location: partitionLocation(tableRootUri, partition) };
}

export function partitionLocation(tableRootUri: string, partition: string): string {
  return `${tableRootUri.endsWith('/') ? tableRootUri : `${tableRootUri}/`}${partition}/`;
}

/** Locations compare without their trailing slashes (Glue and crawlers write both forms). */
export function sameLocation(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}

/** A stable identity for a list of partition values (Glue's own identity of a partition). */
export function valuesKey(values: readonly string[]): string {
  return JSON.stringify(values);
}
