/**
 * `--time-format`: named formats and date patterns. Patterns are validated and compiled once, at
 * startup, into a list of steps the matcher walks per record.
 */
import { UsageError, assertNever } from '../errors.js';
import { EPOCH_UNITS } from './types.js';
import type { EpochUnit, TimeFormat } from './types.js';

export type NumberField = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second';
/** Offset token shapes: `Z` = ±HHMM; `XXX` = ±HH:MM or Z; `X` = ±HH, ±HHMM or Z. */
export type OffsetStyle = 'Z' | 'X' | 'XXX';

export type PatternStep =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'number'; readonly field: NumberField; readonly width: number }
  | { readonly kind: 'month-name' }
  | { readonly kind: 'fraction'; readonly width: number }
  | { readonly kind: 'offset'; readonly style: OffsetStyle };

export interface CompiledPattern {
  readonly pattern: string;
  readonly steps: readonly PatternStep[];
  /** True if the pattern carries its own zone (`Z`/`X`/`XXX`); otherwise `--timestamp-tz` applies. */
  readonly hasOffset: boolean;
}

const OPTION = '--time-format';
const TOKEN_HELP =
  'Named formats: auto, iso8601, epoch_s, epoch_ms, epoch_us, epoch_ns. Pattern letters: yyyy MM MMM dd HH mm ss S…(1-9) Z X XXX; quote other letters, e.g. yyyy-MM-dd\'T\'HH:mm:ss';

/** Letter runs the pattern language knows, keyed by letter and run length. */
function tokenStep(letter: string, count: number): PatternStep | undefined {
  switch (`${letter}${count}`) {
    case 'y4': return { kind: 'number', field: 'year', width: 4 };
    case 'M2': return { kind: 'number', field: 'month', width: 2 };
    case 'M3': return { kind: 'month-name' };
    case 'd2': return { kind: 'number', field: 'day', width: 2 };
    case 'H2': return { kind: 'number', field: 'hour', width: 2 };
    case 'm2': return { kind: 'number', field: 'minute', width: 2 };
    case 's2': return { kind: 'number', field: 'second', width: 2 };
    case 'Z1': return { kind: 'offset', style: 'Z' };
    case 'X1': return { kind: 'offset', style: 'X' };
    case 'X3': return { kind: 'offset', style: 'XXX' };
    default: return letter === 'S' && count <= 9 ? { kind: 'fraction', width: count } : undefined;
  }
}

/** Which slot a step fills, to reject duplicates (`MM` and `MMM` both fill the month). */
function slotOf(step: PatternStep): string | undefined {
  switch (step.kind) {
    case 'number': return step.field;
    case 'month-name': return 'month';
    case 'fraction': return 'fraction';
    case 'offset': return 'offset';
    case 'literal': return undefined;
    default: return assertNever(step, 'pattern step');
  }
}

function isLetter(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/**
 * Compile a date pattern. Letters must form known tokens; other characters, and text in single
 * quotes (`''` is a quote), match literally and case-sensitively. Every field is fixed width, so
 * `yyyyMMddHHmmss` works. Minutes, seconds and fraction default to 0 when absent.
 * @throws UsageError (option `--time-format`) for unknown letters, an unclosed quote, a repeated
 *   field, or a pattern without yyyy, MM/MMM, dd and HH (an event time must name its hour).
 */
export function compilePattern(pattern: string): CompiledPattern {
  const steps: PatternStep[] = [];
  const slots = new Set<string>();
  let literal = '';
  const bad = (message: string): never => {
    throw new UsageError(`Invalid \`${OPTION}\` pattern ${JSON.stringify(pattern)}: ${message}`, {
      option: OPTION,
      hint: TOKEN_HELP,
    });
  };
  let i = 0;
  while (i < pattern.length) {
    const c = pattern.charAt(i);
    if (c === "'") {
      const close = pattern.indexOf("'", i + 1);
      if (close < 0) return bad('unclosed quote');
      literal += close === i + 1 ? "'" : pattern.slice(i + 1, close);
      i = close + 1;
    } else if (isLetter(c)) {
      let end = i;
      while (pattern.charAt(end) === c) end++;
      const step = tokenStep(c, end - i);
      if (step === undefined) return bad(`unknown token "${pattern.slice(i, end)}"`);
      const slot = slotOf(step);
      if (slot !== undefined && slots.has(slot)) return bad(`the ${slot} appears twice`);
      if (slot !== undefined) slots.add(slot);
      if (literal !== '') steps.push({ kind: 'literal', text: literal });
      literal = '';
      steps.push(step);
      i = end;
    } else {
      literal += c;
      i++;
    }
  }
  if (literal !== '') steps.push({ kind: 'literal', text: literal });
  for (const required of ['year', 'month', 'day', 'hour'] as const) {
    if (!slots.has(required)) return bad('it must contain yyyy, MM (or MMM), dd and HH: an event time needs its hour');
  }
  return { pattern, steps, hasOffset: slots.has('offset') };
}

const NAMED: Readonly<Record<string, TimeFormat>> = {
  auto: { kind: 'auto' },
  iso8601: { kind: 'iso8601' },
  ...Object.fromEntries(EPOCH_UNITS.map((unit: EpochUnit) => [`epoch_${unit}`, { kind: 'epoch', unit }])),
};

/**
 * Parse `--time-format`: `auto`, `iso8601`, `epoch_s|epoch_ms|epoch_us|epoch_ns` (names are
 * case-insensitive), or a date pattern (validated here, so a bad pattern fails before any I/O).
 * @throws UsageError with option `--time-format`.
 */
export function compileTimeFormat(spec: string): TimeFormat {
  const named = Object.hasOwn(NAMED, spec.trim().toLowerCase()) ? NAMED[spec.trim().toLowerCase()] : undefined;
  if (named !== undefined) return named;
  if (spec.trim() === '') {
    throw new UsageError(`Expected \`${OPTION}\` to be auto, iso8601, epoch_s, epoch_ms, epoch_us, epoch_ns or a pattern, got ""`, {
      option: OPTION,
    });
  }
  compilePattern(spec);
  return { kind: 'pattern', pattern: spec };
}
