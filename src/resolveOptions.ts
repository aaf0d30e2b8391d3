/**
 * argv + env + config file → validated, typed options. Every mistake is a UsageError that names
 * the option and what was expected; nothing here touches data.
 */
import { parseArgs } from 'node:util';
import { RepartitionError, UsageError } from './errors.js';
import { COMMANDS, OPTIONS, envVarOf, optionSpec } from './options.js';
import type { Command, OptionSpec } from './options.js';
import { parseDurationMs } from './time/index.js';

export type RawValues = Readonly<Record<string, string | boolean | undefined>>;

export interface ParsedCommandLine {
  readonly command: Command;
  readonly tableRoot: string;
  readonly values: RawValues;
}

export type CommandLine = ParsedCommandLine | { readonly command: 'help'; readonly topic?: string } | { readonly command: 'version' };

/** Reads a config file; injected so that tests need no disk. */
export type ReadText = (path: string) => string;

export function parseCommandLine(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, readText: ReadText): CommandLine {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
        ...Object.fromEntries(
          OPTIONS.map((spec) => [spec.name, { type: spec.type.kind === 'boolean' ? 'boolean' : 'string', ...(spec.short ? { short: spec.short } : {}) }]),
        ),
      } as const,
    });
  } catch (error) {
    throw new UsageError(parseArgsMessage(error), { hint: 'Run `repartition --help` for the list of options.' });
  }
  const [commandWord, tableRoot, ...extra] = parsed.positionals;
  if (parsed.values.version === true) return { command: 'version' };
  if (parsed.values.help === true || commandWord === undefined || commandWord === 'help') {
    return commandWord === undefined || commandWord === 'help' ? { command: 'help', ...(tableRoot ? { topic: tableRoot } : {}) } : { command: 'help', topic: commandWord };
  }
  if (!(COMMANDS as readonly string[]).includes(commandWord)) {
    throw new UsageError(`Unknown command "${commandWord}": expected one of ${COMMANDS.join(', ')}`);
  }
  const command = commandWord as Command;
  if (tableRoot === undefined || tableRoot === '') {
    throw new UsageError(`Expected a table root after "${command}", e.g. repartition ${command} ./data/app or s3://bucket/logs/app/`);
  }
  if (extra.length > 0) throw new UsageError(`Unexpected argument "${extra[0]}": give one table root`);

  const fromFlags = parsed.values as Record<string, string | boolean | undefined>;
  const configPath = stringOrUndefined(fromFlags.config) ?? env[envVarOf(optionSpec('config')!)];
  const fromConfig = configPath === undefined ? {} : readConfigFile(configPath, readText);
  const values: Record<string, string | boolean | undefined> = {};
  for (const spec of OPTIONS) {
    const flagValue = fromFlags[spec.name];
    const envValue = env[envVarOf(spec)];
    const source = flagValue !== undefined ? `--${spec.name}` : envValue !== undefined ? envVarOf(spec) : `"${spec.name}" in ${configPath}`;
    const raw = flagValue ?? envValue ?? fromConfig[spec.name] ?? spec.default;
    if (raw === undefined) continue;
    if (flagValue !== undefined && !spec.commands.includes(command)) {
      throw new UsageError(`Option --${spec.name} does not apply to "${command}"`, { option: `--${spec.name}` });
    }
    values[spec.name] = checkValue(spec, raw, source);
  }
  if (values.quiet === true && values.verbose === true) {
    throw new UsageError('Expected at most one of --quiet and --verbose', { option: '--quiet' });
  }
  return { command, tableRoot, values };
}

function checkValue(spec: OptionSpec, raw: string | boolean | number, source: string): string | boolean {
  const text = typeof raw === 'string' ? raw : String(raw);
  const type = spec.type;
  switch (type.kind) {
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (/^(true|1|yes)$/i.test(text)) return true;
      if (/^(false|0|no)$/i.test(text)) return false;
      throw new UsageError(`Expected ${source} to be true or false, got "${text}"`, { option: `--${spec.name}` });
    case 'enum':
      if (!type.values.includes(text)) {
        throw new UsageError(`Expected ${source} to be one of ${type.values.join(', ')}, got "${text}"`, { option: `--${spec.name}` });
      }
      return text;
    case 'int':
      if (!/^\d+$/.test(text) || Number(text) < type.min || !Number.isSafeInteger(Number(text))) {
        throw new UsageError(`Expected ${source} to be a whole number from ${type.min} and up, got "${text}"`, { option: `--${spec.name}` });
      }
      return text;
    case 'duration':
      parseDurationMs(text, source);
      return text;
    case 'string':
      if (text === '') throw new UsageError(`Expected ${source} to be a non-empty value`, { option: `--${spec.name}` });
      return text;
  }
}

function readConfigFile(path: string, readText: ReadText): Record<string, string | boolean | number> {
  let text: string;
  try {
    text = readText(path);
  } catch (error) {
    throw new UsageError(`Cannot read the config file ${path}: ${error instanceof Error ? error.message : String(error)}`, { option: '--config' });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`The config file ${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { option: '--config' });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new UsageError(`Expected the config file ${path} to hold a JSON object of option names to values`, { option: '--config' });
  }
  const result: Record<string, string | boolean | number> = {};
  for (const [key, value] of Object.entries(json)) {
    const spec = optionSpec(key);
    if (spec === undefined || key === 'config') {
      throw new UsageError(`Unknown option "${key}" in the config file ${path}`, { option: '--config', hint: 'Keys are flag names without dashes, e.g. "time-field".' });
    }
    if (typeof value !== 'string' && typeof value !== 'boolean' && typeof value !== 'number') {
      throw new UsageError(`Expected "${key}" in ${path} to be a string, number or boolean`, { option: '--config' });
    }
    result[key] = value;
  }
  return result;
}

function stringOrUndefined(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function parseArgsMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /Unknown option '([^']+)'/.exec(message);
  if (unknown) return `Unknown option ${unknown[1]}`;
  const missing = /Option '([^']+)' argument missing/.exec(message);
  if (missing) return `Expected a value after ${missing[1]!.split(',').pop()!.trim().split(' ')[0]}`;
  return message;
}

export function isRepartitionError(error: unknown): error is RepartitionError {
  return error instanceof RepartitionError;
}
