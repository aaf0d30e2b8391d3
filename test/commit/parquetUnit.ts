/** Plans a MemoryStore table with the real planner and builds the commit context for its units. */
import { NoCatalog } from '../../src/catalog/none.js';
import type { UnitContext } from '../../src/commit/commitUnit.js';
import { createLogger } from '../../src/log.js';
import { compilePolicy } from '../../src/plan/policy.js';
import type { Plan } from '../../src/plan/types.js';
import { scanAndPlan } from '../../src/run.js';
import { resolveScanRun } from '../../src/runOptions.js';
import { CountingStore } from '../../src/store/counting.js';
import type { ObjectStore } from '../../src/store/types.js';

export const silent = createLogger({ format: 'json', level: 'error', write: () => undefined, now: () => 0, showProgress: false });

/** `repartition plan` on `store` (Asia/Tokyo, hive, `timestamp`), in-process and without workers. */
export async function planTable(store: ObjectStore, values: Record<string, string | boolean> = {}): Promise<Plan> {
  const options = resolveScanRun({ 'partition-tz': 'Asia/Tokyo', ...values }, 0);
  const context = { store: new CountingStore(store), storeConfig: { kind: 'local' as const, rootPath: '/nonexistent' }, log: silent, now: () => 0, toolVersion: 'test' };
  return (await scanAndPlan({ ...options, workers: 0 }, context)).plan;
}

/** What `apply` hands commitUnit for `plan` (state under `_repartition/` of the same store). */
export function unitContext(store: ObjectStore, plan: Plan, overrides: Partial<UnitContext> = {}): UnitContext {
  const { policy, timeFieldPath, timeFormat, timestampZone, layout } = compilePolicy(plan.config);
  return {
    store,
    state: { store, prefix: '_repartition/', uri: `${store.rootUri}_repartition/` },
    catalog: new NoCatalog(layout, store.rootUri, new Set()),
    checkpoints: { hit: () => undefined },
    guard: () => undefined,
    policy,
    timeFieldPath,
    timeColumn: { timeField: plan.config.timeField, timeFormat, timestampZone },
    backup: 'none',
    runId: 'test-run',
    phase: 'run',
    log: silent,
    ...overrides,
  };
}
