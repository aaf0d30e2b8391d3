/**
 * Shared vocabulary of the layout engine (PURE). A partition path is relative to the table root,
 * has no leading or trailing `/`, e.g. `dt=2020-04-20/hour=13` or `2020/04/20/13`.
 */
import type { Zone } from '../time/types.js';

export type PartitionPath = string & { readonly __brand: 'PartitionPath' };

export const LAYOUT_PRESETS = {
  hive: 'dt={yyyy}-{MM}-{dd}/hour={HH}',
  'hive-ymdh': 'year={yyyy}/month={MM}/day={dd}/hour={HH}',
  firehose: '{yyyy}/{MM}/{dd}/{HH}',
} as const;
export type LayoutPreset = keyof typeof LAYOUT_PRESETS;

export const GRANULARITIES = ['day', 'hour', 'minute'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export interface Layout {
  /** The expanded template, e.g. `dt={yyyy}-{MM}-{dd}/hour={HH}`. */
  readonly template: string;
  readonly granularity: Granularity;
  /** Number of `/`-separated segments a partition path has. */
  readonly depth: number;
  /** `--partition-tz`. */
  readonly zone: Zone;
}

/**
 * A partition's place on the timeline. `labelMs` is the partition's wall-clock label read as if it
 * were UTC (Date.UTC of its fields): it orders partitions chronologically and is what a record's
 * event time is compared against. `startMs`/`endMsExclusive` are the real instants it covers (a
 * repeated DST hour covers two real hours; a skipped one covers none: start = end).
 */
export interface PartitionInfo {
  readonly path: PartitionPath;
  readonly labelMs: number;
  readonly startMs: number;
  readonly endMsExclusive: number;
}

export type ParsedKey =
  | {
      readonly kind: 'in-layout';
      readonly partition: PartitionInfo;
      /** What follows `<partition>/`: the object name, possibly with further `/`. Never empty. */
      readonly name: string;
    }
  | { readonly kind: 'not-in-layout'; readonly reason: string };

/** One catalog partition key and its value, e.g. `{ name: 'dt', value: '2020-04-20' }`. */
export interface PartitionValue {
  readonly name: string;
  readonly value: string;
}
