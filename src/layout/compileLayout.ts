/**
 * `--layout` (+ `--partition-tz`) → an immutable {@link Layout}. The parsed segments and a small
 * cache of recent partitions are kept beside the layout in a WeakMap rather than on it, so the
 * public `Layout` stays a plain, contract-shaped value.
 */
import type { Zone } from '../time/types.js';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../time/calendar.js';
import { parseTemplate } from './template.js';
import type { TemplateSegment } from './template.js';
import { LAYOUT_PRESETS } from './types.js';
import type { Granularity, Layout, LayoutPreset, PartitionInfo } from './types.js';

/** Length of one partition in wall-clock ms. */
export const GRANULARITY_MS: Readonly<Record<Granularity, number>> = { day: DAY_MS, hour: HOUR_MS, minute: MINUTE_MS };

/** What the path builder and the strict parser need; derived once per layout. */
export interface LayoutInternals {
  readonly segments: readonly TemplateSegment[];
  /** Recent labels → their partition. Labels repeat record after record, and resolving costs. */
  readonly infoCache: Map<number, PartitionInfo>;
}

/** Entries kept in each layout's partition cache; a day of hourly partitions plus slack. */
export const PARTITION_CACHE_SIZE = 256;

const internals = new WeakMap<Layout, LayoutInternals>();

/** True when `spec` names one of {@link LAYOUT_PRESETS}. */
export function isLayoutPreset(spec: string): spec is LayoutPreset {
  return Object.hasOwn(LAYOUT_PRESETS, spec);
}

/**
 * Compiles `--layout`: a preset name (`hive`, `hive-ymdh`, `firehose`) or a template of
 * `{yyyy} {MM} {dd} [{HH} [{mm}]]` and groups such as `{yyyy-MM-dd}` or `{yyyyMMdd}`.
 * @param zone `--partition-tz`: the zone the partition paths are written in.
 * @throws UsageError (option `--layout`) naming the rule the template breaks.
 */
export function compileLayout(spec: string, zone: Zone): Layout {
  const parsed = parseTemplate(isLayoutPreset(spec) ? LAYOUT_PRESETS[spec] : spec);
  const layout: Layout = Object.freeze({
    template: parsed.template,
    granularity: parsed.granularity,
    depth: parsed.segments.length,
    zone,
  });
  internals.set(layout, { segments: parsed.segments, infoCache: new Map() });
  return layout;
}

/**
 * The derived data of a layout. A `Layout` built by hand or copied with `{...layout}` has none yet:
 * it is derived from its template, so every function accepts any value of the `Layout` shape.
 */
export function internalsOf(layout: Layout): LayoutInternals {
  let found = internals.get(layout);
  if (found === undefined) {
    found = { segments: parseTemplate(layout.template).segments, infoCache: new Map() };
    internals.set(layout, found);
  }
  return found;
}
