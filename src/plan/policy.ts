/** A plan's config → the compiled classification policy (PURE). Planner and committer share it. */
import { compileLayout } from '../layout/index.js';
import type { Layout } from '../layout/types.js';
import { compileTimeFormat, createEventTimeParser, loadZone } from '../time/index.js';
import type { TimeFormat, Zone } from '../time/types.js';
import type { ClassifyPolicy } from './classify.js';
import type { PlanConfig } from './types.js';

export interface CompiledPolicy {
  readonly policy: ClassifyPolicy;
  readonly layout: Layout;
  readonly timeFieldPath: readonly string[];
  readonly timeFormat: TimeFormat;
  readonly timestampZone: Zone;
}

export function compilePolicy(config: PlanConfig): CompiledPolicy {
  const layout = compileLayout(config.layout, loadZone(config.partitionTz));
  const timeFormat = compileTimeFormat(config.timeFormat);
  const timestampZone = loadZone(config.timestampTz);
  return {
    layout,
    timeFieldPath: config.timeField.split('.'),
    timeFormat,
    timestampZone,
    policy: {
      layout,
      parseEventTime: createEventTimeParser(timeFormat, timestampZone),
      maxLagMs: config.maxLagMs,
      moveEarly: config.moveEarly,
    },
  };
}
