#!/usr/bin/env node
/**
 * The only place that reads argv/env, prints, and chooses the exit code. `main(argv, env, io)`
 * takes everything as parameters so tests drive it without touching `process`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RepartitionError, UsageError } from './errors.js';
import type { ErrorCode } from './errors.js';
import { helpText } from './help.js';
import { createLogger, stderrWriter } from './log.js';
import type { Logger } from './log.js';
import { renderMarkdown } from './report/renderMarkdown.js';
import { renderText } from './report/renderText.js';
import type { RunReport } from './report/types.js';
import { parseCommandLine } from './resolveOptions.js';
import type { RawValues } from './resolveOptions.js';
import { runPlan } from './run.js';
import { runRepair } from './runRepair.js';
import { renderRepairMarkdown, renderRepairText } from './report/repairReport.js';
import { runApply } from './runApply.js';
import { collectStatus, renderStatus } from './status.js';
import { createCheckpoints } from './commit/checkpoints.js';
import { resolveState } from './commit/resolveState.js';
import { CountingStore } from './store/counting.js';
import { resolveScanRun } from './runOptions.js';
import { openStore } from './store/open.js';
import { resolveTableRoot } from './store/tableRoot.js';
import type { S3Settings } from './store/types.js';
import { TOOL_VERSION } from './version.js';

export const EXIT = { ok: 0, failure: 1, usage: 2, skipped: 3, lateRemain: 4, locked: 75, interrupted: 130, terminated: 143 } as const;

const EXIT_BY_CODE: Record<ErrorCode, number> = {
  USAGE: EXIT.usage,
  TABLE_NOT_FOUND: EXIT.usage,
  KEY_OUTSIDE_ROOT: EXIT.failure,
  STORE_IO: EXIT.failure,
  UNREADABLE_OBJECT: EXIT.skipped,
  PRECONDITION_FAILED: EXIT.failure,
  NOT_FOUND: EXIT.failure,
  LOCKED: EXIT.locked,
  LEASE_LOST: EXIT.failure,
  INTERRUPTED: EXIT.terminated,
  CIRCUIT_BREAKER: EXIT.failure,
  CATALOG_CONFIG: EXIT.usage,
  CATALOG_IO: EXIT.failure,
  INTERNAL: EXIT.failure,
};

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly writeFile: (path: string, text: string) => void;
  readonly readText: (path: string) => string;
  readonly stderrIsTTY: boolean;
  readonly cwd: string;
  readonly now: () => number;
  /** SIGKILL this process (crash-point tests). */
  readonly crash: () => void;
  /** The first SIGTERM/SIGINT received, or null: apply stops cooperatively before its next change. */
  readonly interrupted?: () => NodeJS.Signals | null;
  /** Called when apply starts: from then on a first signal stops cooperatively instead of at once. */
  readonly stopCooperatively?: () => void;
}

export async function main(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, io: CliIo): Promise<number> {
  let log: Logger | undefined;
  try {
    const commandLine = parseCommandLine(argv, env, io.readText);
    if (commandLine.command === 'version') {
      io.stdout(`repartition ${TOOL_VERSION}\n`);
      return EXIT.ok;
    }
    if (commandLine.command === 'help') {
      io.stdout(helpText(commandLine.topic));
      return EXIT.ok;
    }
    const { command, tableRoot, values } = commandLine;
    const logFormat = values['log-format'] === 'auto' || values['log-format'] === undefined
      ? (io.stderrIsTTY && env.CI === undefined ? 'text' : 'json')
      : (values['log-format'] as 'json' | 'text');
    log = createLogger({
      format: logFormat,
      level: values.verbose === true ? 'debug' : values.quiet === true ? 'warn' : 'info',
      write: io.stderr,
      now: io.now,
      showProgress: io.stderrIsTTY && values.quiet !== true,
    });
    const storeConfig = resolveTableRoot(tableRoot, io.cwd, s3SettingsOf(values, env));
    const store = new CountingStore(openStore(storeConfig));
    if (command === 'status') {
      const status = await collectStatus(store, resolveState(values['state-prefix'], storeConfig, store, io.cwd));
      io.stdout(renderStatus(status));
      return EXIT.ok;
    }
    const options = resolveScanRun(values, io.now());
    // --endpoint-url serves every service (moto, LocalStack); AWS_ENDPOINT_URL_S3 is for S3 only,
    // and AWS_ENDPOINT_URL_GLUE / _ATHENA are read by the catalog clients themselves.
    const { region } = s3SettingsOf(values, env);
    const catalogEndpoint = typeof values['endpoint-url'] === 'string' ? values['endpoint-url'] : env.AWS_ENDPOINT_URL;
    const catalogClient = { ...(catalogEndpoint === undefined ? {} : { endpointUrl: catalogEndpoint }), ...(region === undefined ? {} : { region }) };
    const context = { store, storeConfig, log, now: io.now, toolVersion: TOOL_VERSION, catalogClient };
    if (command === 'repair') {
      const repair = await runRepair(options, values['dry-run'] === true, context);
      const rendered = options.report === 'json' ? JSON.stringify(repair, null, 2) + '\n' : options.report === 'markdown' ? renderRepairMarkdown(repair) : renderRepairText(repair);
      if (options.reportOut === '-') io.stdout(rendered);
      else io.writeFile(options.reportOut, rendered);
      log.info('done', { command, missing: repair.missing.length, registered: repair.catalog.registered.length, failed: repair.catalog.failed.length, exitCode: repair.exitCode });
      return repair.exitCode;
    }
    let report: RunReport;
    if (command === 'apply') {
      io.stopCooperatively?.();
      const state = resolveState(values['state-prefix'], storeConfig, store, io.cwd);
      const maxMoves = typeof values['max-moves'] === 'string' ? Number(values['max-moves']) : null;
      report = await runApply(
        options,
        {
          // `auto`: runApply asks the store whether deleted sources stay as old versions (S3
          // versioning Enabled); local folders and unversioned buckets get a copy.
          backup: values.backup === 'none' ? 'none' : values.backup === 'copy' ? 'copy' : 'auto',
          maxMoves,
          useLock: env.REPARTITION_TEST_DISABLE_LOCK !== '1',
          ...(env.REPARTITION_TEST_LEASE_MS === undefined ? {} : { leaseMs: Number(env.REPARTITION_TEST_LEASE_MS) }),
        },
        {
          ...context,
          state,
          checkpoints: createCheckpoints(env.REPARTITION_CRASH_AT, io.crash, env.REPARTITION_PAUSE_AT),
          interrupted: io.interrupted ?? (() => null),
        },
      );
    } else {
      report = await runPlan(command, options, context);
    }
    const rendered = renderReport(report, options.report);
    if (options.reportOut === '-') io.stdout(rendered);
    else io.writeFile(options.reportOut, rendered);
    log.info('done', {
      command,
      runId: report.runId,
      objects: report.totals.objects,
      records: report.totals.records,
      late: report.totals.late,
      moved: report.commit === null ? 0 : report.totals.moved,
      unplaceable: report.totals.unplaceable,
      unreadable: report.totals.unreadableObjects,
      conflicts: report.commit?.conflicts.length ?? 0,
      exitCode: report.exitCode,
      durationMs: report.durationMs,
      // Includes the worker threads: the whole process's high-water mark.
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
    });
    return report.exitCode;
  } catch (error) {
    return reportError(error, io, log);
  }
}

/**
 * `--endpoint-url` (flag, REPARTITION_ENDPOINT_URL, config file), else the AWS SDK's own variables;
 * the region comes from the environment here so that worker threads get the very same one.
 */
function s3SettingsOf(values: RawValues, env: Readonly<Record<string, string | undefined>>): S3Settings {
  const flag = values['endpoint-url'];
  const endpointUrl = typeof flag === 'string' ? flag : (env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL);
  if (endpointUrl !== undefined && !/^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/i.test(endpointUrl)) {
    throw new UsageError(`Expected --endpoint-url to be an http:// or https:// URL, got "${endpointUrl}"`, { option: '--endpoint-url' });
  }
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;
  return {
    ...(endpointUrl === undefined ? {} : { endpointUrl }),
    ...(typeof values['path-style'] === 'boolean' ? { pathStyle: values['path-style'] } : {}),
    ...(region === undefined ? {} : { region }),
  };
}

function renderReport(report: RunReport, format: 'text' | 'json' | 'markdown'): string {
  switch (format) {
    case 'json':
      return JSON.stringify(report, null, 2) + '\n';
    case 'markdown':
      return renderMarkdown(report);
    case 'text':
      return renderText(report);
  }
}

function reportError(error: unknown, io: CliIo, log: Logger | undefined): number {
  log?.done();
  if (error instanceof RepartitionError) {
    const where = Object.entries(error.context)
      .filter(([key, value]) => value !== undefined && key !== 'option')
      .map(([key, value]) => `${key} ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`)
      .join(', ');
    const code = error.code === 'INTERRUPTED' && error.context.signal === 'SIGINT' ? EXIT.interrupted : EXIT_BY_CODE[error.code];
    io.stderr(`repartition: ${error.message}${where ? ` (${where})` : ''}\n${error.hint ? `hint: ${error.hint}\n` : ''}`);
    if (code === EXIT.failure && error.cause !== undefined) io.stderr(`cause: ${describe(error.cause)}\n`);
    return code;
  }
  // Not one of ours: a bug or an environment failure. Keep the stack: someone must fix it.
  io.stderr(`repartition: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return EXIT.failure;
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  // The first SIGTERM (ECS stop, Fargate Spot) or SIGINT asks apply to stop before its next change
  // and release the lease; a second one stops at once, as CLIs do.
  // Read-only commands have nothing to protect: they stop at once.
  let interrupted: NodeJS.Signals | null = null;
  let cooperative = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (!cooperative || interrupted !== null) process.exit(signal === 'SIGINT' ? EXIT.interrupted : EXIT.terminated);
      interrupted = signal;
      stderrWriter(`repartition: ${signal} received: stopping before the next change (send it again to stop at once)\n`);
    });
  }
  const code = await main(process.argv.slice(2), process.env, {
    stdout: (text) => process.stdout.write(text),
    stderr: stderrWriter,
    writeFile: (path, text) => writeFileSync(path, text),
    readText: (path) => readFileSync(path, 'utf8'),
    stderrIsTTY: process.stderr.isTTY === true,
    cwd: process.cwd(),
    now: () => Date.now(),
    crash: () => process.kill(process.pid, 'SIGKILL'),
    interrupted: () => interrupted,
    stopCooperatively: () => {
      cooperative = true;
    },
  });
  process.exitCode = code;
}
