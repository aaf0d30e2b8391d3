/**
 * Logs and progress go to stderr, never stdout (stdout carries the report only, so
 * `repartition plan --report json | jq` is safe). Text for a person at a terminal; JSON lines
 * otherwise (CloudWatch Logs Insights discovers their fields). Writes are synchronous so that the
 * last lines before a crash or a kill are not lost in a buffer.
 */
import { writeSync } from 'node:fs';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFields = Readonly<Record<string, string | number | boolean | null | undefined>>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A redrawn status line on a terminal; a periodic `progress` event in JSON mode. */
  progress(line: string, fields: LogFields): void;
  /** Ends any progress line. */
  done(): void;
}

export interface LoggerOptions {
  readonly format: 'json' | 'text';
  readonly level: LogLevel;
  /** Write a string to stderr (injected by tests). */
  readonly write: (text: string) => void;
  readonly now: () => number;
  /** Progress lines are shown only on a terminal and not with --quiet. */
  readonly showProgress: boolean;
}

const JSON_PROGRESS_INTERVAL_MS = 30_000;
const TEXT_PROGRESS_INTERVAL_MS = 100;

export function createLogger(options: LoggerOptions): Logger {
  const threshold = LOG_LEVELS.indexOf(options.level);
  let lastProgressAt = -Infinity;
  let progressShown = false;

  function clearProgress(): void {
    if (progressShown) {
      options.write('\r\x1b[2K');
      progressShown = false;
    }
  }

  function emit(level: LogLevel, msg: string, fields: LogFields = {}): void {
    if (LOG_LEVELS.indexOf(level) < threshold) return;
    if (options.format === 'json') {
      options.write(JSON.stringify({ time: new Date(options.now()).toISOString(), level, msg, ...fields }) + '\n');
      return;
    }
    clearProgress();
    const extra = Object.entries(fields)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${typeof v === 'string' && /[\s"=]/.test(v) ? JSON.stringify(v) : String(v)}`)
      .join(' ');
    options.write(`${level === 'info' ? '' : `${level}: `}${msg}${extra ? `  ${extra}` : ''}\n`);
  }

  return {
    debug: (msg, fields) => emit('debug', msg, fields),
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
    progress(line, fields) {
      const now = options.now();
      if (options.format === 'json') {
        if (threshold > LOG_LEVELS.indexOf('info') || now - lastProgressAt < JSON_PROGRESS_INTERVAL_MS) return;
        lastProgressAt = now;
        emit('info', 'progress', fields);
        return;
      }
      if (!options.showProgress || now - lastProgressAt < TEXT_PROGRESS_INTERVAL_MS) return;
      lastProgressAt = now;
      options.write(`\r\x1b[2K${line}`);
      progressShown = true;
    },
    done: clearProgress,
  };
}

export function stderrWriter(text: string): void {
  writeSync(2, text);
}
