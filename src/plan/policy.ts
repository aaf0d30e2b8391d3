/** A plan's config → the compiled classification policy (PURE). Planner and committer share it. */
import { compileLayout } from '../layout/index.js';
import type { Layout } from '../layout/types.js';
import { compileTimeFormat, createEventTimeParser, loadZone } from '../time/index.js';
import type { ClassifyPolicy } from './classify.js';
import type { PlanConfig } from './types.js';

export interface CompiledPolicy {
  readonly policy: ClassifyPolicy;
  readonly layout: Layout;
  readonly timeFieldPath: readonly string[];
}

export function compilePolicy(config: PlanConfig): CompiledPolicy {
  const layout = compileLayout(config.layout, loadZone(config.partitionTz));
  return {
    layout,
    timeFieldPath: config.timeField.split('.'),
    policy: {
      layout,
      parseEventTime: createEventTimeParser(compileTimeFormat(config.timeFormat), loadZone(config.timestampTz)),
      maxLagMs: config.maxLagMs,
      moveEarly: config.moveEarly,
    },
  };
}
