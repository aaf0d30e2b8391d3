/**
 * `repartition apply`: recover → list → read → detect → plan → commit → catalog → report.
 *
 * Reads first and takes the lease only when there is work: a re-run on a clean table makes no
 * mutating call at all. Unfinished runs are always finished (rolled forward from their own plans)
 * before the new plan is committed; the new plan was computed from the same observations, and
 * its deterministic output names make any overlap converge instead of duplicate.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { NoCatalog } from './catalog/none.js';
import type { Catalog } from './catalog/types.js';
import type { Checkpoints } from './commit/checkpoints.js';
import type { UnitContext, UnitOutcome } from './commit/commitUnit.js';
import { executeUnits, tallyOutcomes } from './commit/executeUnits.js';
import { listRuns, readPlan, writePlan, writeSummary } from './commit/journal.js';
import { DEFAULT_LEASE_MS, Lease } from './commit/lease.js';
import { newRunId } from './commit/state.js';
import type { StateLocation } from './commit/state.js';
import { RepartitionError } from './errors.js';
import { DigestAccumulator, formatDigest, parseDigest } from './plan/digest.js';
import { compilePolicy } from './plan/policy.js';
import type { Plan } from './plan/types.js';
import { buildReport } from './report/buildReport.js';
import type { ReportCommit, ReportConflict, RunReport } from './report/types.js';
import { remoteCatalogOf, reportCatalog, scanAndPlan, screenOf } from './run.js';
import type { RunContext } from './run.js';
import type { ScanRunOptions } from './runOptions.js';

export interface ApplyOptions {
  /** auto: no copy when the bucket keeps old versions (S3 versioning Enabled), else copy. */
  readonly backup: 'auto' | 'copy' | 'none';
  readonly maxMoves: number | null;
  /** Test-only: run without the lease to prove that two runners still converge. */
  readonly useLock: boolean;
  readonly leaseMs?: number;
}

export interface ApplyContext extends RunContext {
  readonly state: StateLocation;
  readonly checkpoints: Checkpoints;
  /** The signal that asked us to stop (SIGTERM from ECS, Ctrl-C), or null. */
  readonly interrupted: () => NodeJS.Signals | null;
}

export async function runApply(options: ScanRunOptions, apply: ApplyOptions, context: ApplyContext): Promise<RunReport> {
  const startedAt = context.now();
  const { log, state } = context;
  const unfinished = (await listRuns(state)).filter((run) => !run.finished);
  log.info('scanning', { table: context.store.rootUri, unfinishedRuns: unfinished.length });
  // Glue/Athena first answers read-only questions (the table, projection, existing partitions)
  // so that moves no query could see are held back before anything is written.
  const remote = remoteCatalogOf(options, context);
  const { plan, aggregate, newPartitions } = await scanAndPlan(options, context, screenOf(remote));
  const catalog = remote ?? new NoCatalog(options.layout, context.store.rootUri, new Set(newPartitions));
  const report = (runId: string | null, commit: ReportCommit | null, outcomes: readonly UnitOutcome[], bytesWritten: number): RunReport => {
    const conflicts = commit?.conflicts.length ?? 0;
    return buildReport({
      command: 'apply',
      toolVersion: context.toolVersion,
      dryRun: false,
      plan,
      aggregate,
      newPartitions,
      runId,
      bytesWritten,
      durationMs: context.now() - startedAt,
      exitCode: conflicts > 0 || aggregate.totals.unreadable + aggregate.totals.skipped > 0 ? 3 : 0,
      warnings: [],
      ddl: catalog.ddl(),
      catalog: reportCatalog(catalog.summary()),
      commit,
      storeCalls: context.store.counts,
      checksumAfter: checksumAfter(plan, outcomes),
    });
  };
  if (unfinished.length === 0 && plan.units.length === 0) {
    log.info('nothing to do: every record is in its partition');
    return report(null, null, [], 0);
  }

  // --backup auto asks the bucket once: with versioning Enabled a delete leaves the old version
  // behind a delete marker, which is the undo; otherwise (and on local folders) copy.
  const backup: ReportCommit['backup'] = apply.backup === 'auto' ? ((await context.store.keepsOldVersions()) ? 'versioning' : 'copy') : apply.backup;
  const unitApply: ApplyOptions = { ...apply, backup: backup === 'copy' ? 'copy' : 'none' };
  if (apply.backup === 'auto') log.info('backup', { mode: backup });
  const runId = newRunId(context.now(), randomBytes(3).toString('hex'));
  throwIfInterrupted(context);
  const lease = apply.useLock
    ? await Lease.acquire(state, runId, { leaseMs: apply.leaseMs ?? DEFAULT_LEASE_MS, toolVersion: context.toolVersion, monotonicNow: () => performance.now() })
    : null;
  context.checkpoints.hit('run.lock-acquired');
  lease?.startRenewing();
  // Before every change: still asked to run, and still holding the lease. A unit stopped here is
  // finished by the next run from the journaled plan, like after a crash.
  const guard = (): void => {
    throwIfInterrupted(context);
    lease?.assertHeld();
  };
  try {
    // Debris of crashed writers (temp files) goes first: it is invisible to readers, but ours.
    const debris = await context.store.removeAbandonedWrites('');
    if (debris.length > 0) log.info('removed writes abandoned by a crashed run', { count: debris.length });
    const recoveredRuns: ReportCommit['recoveredRuns'][number][] = [];
    const recoveredConflicts: ReportConflict[] = [];
    for (const run of unfinished) {
      const recovered = await recoverRun(run.runId, unitApply, context, catalog, guard, options.concurrency);
      recoveredRuns.push(recovered.summary);
      recoveredConflicts.push(...recovered.conflicts);
    }

    if (apply.maxMoves !== null && plan.totals.moved > apply.maxMoves) {
      throw new RepartitionError('CIRCUIT_BREAKER', `The plan would move ${plan.totals.moved} records, more than --max-moves ${apply.maxMoves}; nothing of it was changed`, {
        hint: 'Review it with `repartition plan`, then raise --max-moves for this run if it is expected (e.g. after an outage).',
      });
    }
    let outcomes: UnitOutcome[] = [];
    if (plan.units.length > 0) {
      guard();
      await writePlan(state, { runId, createdAt: new Date(context.now()).toISOString(), toolVersion: context.toolVersion, plan });
      context.checkpoints.hit('run.plan-written');
      outcomes = await executeUnits(plan, unitContext(plan, runId, 'run', unitApply, context, catalog, guard), options.concurrency);
      context.checkpoints.hit('run.units-done');
      guard();
      await writeSummary(state, summaryOf(runId, false, plan, outcomes, aggregate.skipped.map((s) => s.key).concat(aggregate.unreadable.map((u) => u.key))));
      context.checkpoints.hit('run.success-written');
    }
    const tally = tallyOutcomes(outcomes);
    log.info('applied', { runId, committed: tally.committed, alreadyCommitted: tally.alreadyCommitted, conflicts: tally.conflicts.length, moved: tally.moved });
    return report(
      plan.units.length > 0 ? runId : null,
      {
        units: plan.units.length,
        committed: tally.committed,
        alreadyCommitted: tally.alreadyCommitted,
        conflicts: [...recoveredConflicts, ...tally.conflicts.map((c) => reportConflict(runId, c))],
        recoveredRuns,
        backup,
        statePrefix: state.uri,
      },
      outcomes,
      tally.bytesWritten,
    );
  } finally {
    await lease?.release().catch((error: unknown) => log.warn('could not release the lease; it expires by itself', { error: String(error) }));
  }
}

function throwIfInterrupted(context: ApplyContext): void {
  const signal = context.interrupted();
  if (signal !== null) {
    throw new RepartitionError('INTERRUPTED', `Stopped by ${signal} before the next change; the next apply finishes what was started`, { context: { signal } });
  }
}

async function recoverRun(
  runId: string,
  apply: ApplyOptions,
  context: ApplyContext,
  catalog: Catalog,
  guard: () => void,
  concurrency: number,
): Promise<{ summary: ReportCommit['recoveredRuns'][number]; conflicts: ReportConflict[] }> {
  const journaled = await readPlan(context.state, runId);
  context.log.info('recovering unfinished run', { runId, units: journaled.plan.units.length });
  const outcomes = await executeUnits(journaled.plan, unitContext(journaled.plan, runId, 'recover', apply, context, catalog, guard), concurrency);
  guard();
  await writeSummary(context.state, summaryOf(runId, true, journaled.plan, outcomes, []));
  context.checkpoints.hit('recover.success-written');
  const tally = tallyOutcomes(outcomes);
  return {
    summary: { runId, units: journaled.plan.units.length, committed: tally.committed, alreadyCommitted: tally.alreadyCommitted, conflicts: tally.conflicts.length },
    conflicts: tally.conflicts.map((c) => reportConflict(runId, c)),
  };
}

function reportConflict(runId: string, c: Extract<UnitOutcome, { kind: 'conflict' }>): ReportConflict {
  return { runId, object: c.source, reason: c.reason, message: c.message, outputsRemoved: c.outputsRemoved, outputsKept: c.outputsKept };
}

function unitContext(plan: Plan, runId: string, phase: 'run' | 'recover', apply: ApplyOptions, context: ApplyContext, catalog: Catalog, guard: () => void): UnitContext {
  const { policy, timeFieldPath, timeFormat, timestampZone } = compilePolicy(plan.config);
  const timeColumn = { timeField: plan.config.timeField, timeFormat, timestampZone };
  return { store: context.store, state: context.state, catalog, checkpoints: context.checkpoints, guard, policy, timeFieldPath, timeColumn, backup: apply.backup === 'copy' ? 'copy' : 'none', runId, phase, log: context.log };
}

function summaryOf(runId: string, recovered: boolean, plan: Plan, outcomes: readonly UnitOutcome[], skippedObjects: string[]) {
  const tally = tallyOutcomes(outcomes);
  return {
    runId,
    finishedAt: new Date().toISOString(),
    recovered,
    units: plan.units.length,
    committed: tally.committed,
    alreadyCommitted: tally.alreadyCommitted,
    conflicts: tally.conflicts.map((c) => ({ source: c.source, reason: c.reason, message: c.message })),
    moved: tally.moved,
    skippedObjects,
  };
}

/**
 * The records after the run, from what was verified: a committed unit swaps its source for
 * outputs that were read back with the planned digests; a conflicting unit leaves its source and
 * adds any outputs it had to keep. Equal to the scan's checksum exactly when nothing was lost or
 * duplicated.
 */
function checksumAfter(plan: Plan, outcomes: readonly UnitOutcome[]): string {
  const after = new DigestAccumulator();
  const before = parseDigest(plan.checksum);
  if (before === null) return plan.checksum;
  after.addDigest(before);
  const byUnit = new Map(plan.units.map((u) => [u.unitId, u]));
  for (const outcome of outcomes) {
    const unit = byUnit.get(outcome.unitId);
    if (unit === undefined || outcome.kind !== 'conflict') continue;
    for (const key of outcome.outputsKept) {
      const output = [...unit.outputs, ...(unit.rest === null ? [] : [unit.rest])].find((o) => o.key === key);
      const digest = output === undefined ? null : parseDigest(output.digest);
      if (digest !== null) after.addDigest(digest);
    }
  }
  return formatDigest(after.snapshot());
}
