/**
 * Template text → validated segments. Split from compileLayout.ts so each file stays readable; the
 * rules live here because the strict key parser and the path builder both walk these segments.
 */
import { UsageError } from '../errors.js';
import type { Granularity } from './types.js';

/** The tokens a template may use, each at most once; widths are fixed, so parsing is unambiguous. */
export const LAYOUT_TOKENS = ['yyyy', 'MM', 'dd', 'HH', 'mm'] as const;
/** `{yyyy}` year, `{MM}` month, `{dd}` day, `{HH}` hour 00–23, `{mm}` minute. */
export type LayoutToken = (typeof LAYOUT_TOKENS)[number];

/** Digits each token always has (zero-padded). */
export const TOKEN_WIDTH: Readonly<Record<LayoutToken, number>> = { yyyy: 4, MM: 2, dd: 2, HH: 2, mm: 2 };

/** A piece of a segment: fixed text, or a zero-padded fixed-width number. */
export type TemplatePart =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'token'; readonly token: LayoutToken; readonly width: number };

/** One `/`-separated piece of the template. */
export interface TemplateSegment {
  /** Expanded template text of this segment, e.g. `dt={yyyy}-{MM}-{dd}`. */
  readonly template: string;
  readonly parts: readonly TemplatePart[];
  /** Exact character length of every path segment this produces (widths are fixed). */
  readonly length: number;
  /** `dt` for `dt={yyyy}-{MM}-{dd}`; undefined when the segment is not Hive-style. */
  readonly hiveName: string | undefined;
}

/** A validated template: canonical text (groups expanded), segments and finest unit. */
export interface ParsedTemplate {
  readonly template: string;
  readonly segments: readonly TemplateSegment[];
  readonly granularity: Granularity;
}

const HINT = 'Use a preset (hive, hive-ymdh, firehose) or a template such as dt={yyyy}-{MM}-{dd}/hour={HH}; tokens: {yyyy} {MM} {dd} {HH} {mm}, or groups like {yyyy-MM-dd}.';
// Letters, digits, `=`, `-`, `_` (and `/` between segments): safe in S3 keys, URLs, Hive and Glue.
const SAFE_LITERAL = /^[A-Za-z0-9=_-]*$/;
// Athena's MSCK REPAIR ignores partition folders whose names are not lower case.
const HIVE_NAME = /^[a-z][a-z0-9_]*$/;
const GROUP_SEPARATORS = new Set(['-', '_', '/']);

function fail(spec: string, problem: string): never {
  throw new UsageError(`Invalid --layout "${spec}": ${problem}`, { option: '--layout', hint: HINT });
}

/** Expands `{yyyy-MM-dd}` style groups into tokens and literals; rejects unknown `{…}`. */
function tokenize(spec: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  const pushLiteral = (text: string): void => {
    const last = parts[parts.length - 1];
    if (last?.kind === 'literal') parts[parts.length - 1] = { kind: 'literal', text: last.text + text };
    else parts.push({ kind: 'literal', text });
  };
  let i = 0;
  while (i < spec.length) {
    const ch = spec[i] as string;
    if (ch === '}') fail(spec, `"}" at position ${i + 1} has no matching "{"`);
    if (ch !== '{') {
      pushLiteral(ch);
      i += 1;
      continue;
    }
    const close = spec.indexOf('}', i + 1);
    const nextOpen = spec.indexOf('{', i + 1);
    if (close < 0 || (nextOpen >= 0 && nextOpen < close)) fail(spec, `"{" at position ${i + 1} is not closed`);
    const group = spec.slice(i + 1, close);
    if (group === '') fail(spec, 'empty "{}"');
    let j = 0;
    while (j < group.length) {
      const token = LAYOUT_TOKENS.find((t) => group.startsWith(t, j));
      if (token !== undefined) {
        parts.push({ kind: 'token', token, width: TOKEN_WIDTH[token] });
        j += token.length;
      } else if (GROUP_SEPARATORS.has(group[j] as string)) {
        pushLiteral(group[j] as string);
        j += 1;
      } else {
        fail(spec, `unknown token "{${group}}" (known: {yyyy} {MM} {dd} {HH} {mm}; groups may join them with -, _ or /)`);
      }
    }
    i = close + 1;
  }
  return parts;
}

/** Splits the flat part list on `/` found in literals. */
function splitSegments(parts: readonly TemplatePart[]): TemplatePart[][] {
  const segments: TemplatePart[][] = [[]];
  for (const part of parts) {
    if (part.kind === 'token') {
      segments[segments.length - 1]?.push(part);
      continue;
    }
    part.text.split('/').forEach((piece, k) => {
      if (k > 0) segments.push([]);
      if (piece !== '') segments[segments.length - 1]?.push({ kind: 'literal', text: piece });
    });
  }
  return segments;
}

const render = (parts: readonly TemplatePart[]): string => parts.map((p) => (p.kind === 'token' ? `{${p.token}}` : p.text)).join('');

function checkSegment(spec: string, parts: readonly TemplatePart[], n: number): TemplateSegment {
  const text = render(parts);
  const where = `segment ${n} "${text}"`;
  if (text === '') fail(spec, `segment ${n} is empty (no "//", no leading or trailing "/")`);
  if (text === '.' || text === '..') fail(spec, `${where} is a relative path segment`);
  if (text.startsWith('_') || text.startsWith('.')) fail(spec, `${where} starts with "${text[0]}": Athena and Hive ignore such folders`);
  for (const part of parts) {
    const bad = part.kind === 'literal' ? [...part.text].find((c) => !SAFE_LITERAL.test(c)) : undefined;
    if (bad !== undefined) fail(spec, `${where} contains "${bad}"; literals may only use letters, digits, =, - and _`);
  }
  if (!parts.some((p) => p.kind === 'token')) fail(spec, `${where} has no {…} token; put constant folders in the table root instead`);
  parts.forEach((part, k) => {
    if (part.kind !== 'literal') return;
    const touchesToken = (/^\d/.test(part.text) && parts[k - 1]?.kind === 'token') || (/\d$/.test(part.text) && parts[k + 1]?.kind === 'token');
    if (touchesToken) fail(spec, `${where} puts a literal digit next to a token, which makes the value unreadable`);
  });
  let hiveName: string | undefined;
  if (text.includes('=')) {
    const first = parts[0];
    const eq = first?.kind === 'literal' ? first.text.indexOf('=') : -1;
    const name = first?.kind === 'literal' ? first.text.slice(0, eq) : '';
    if (eq < 0 || text.indexOf('=') !== text.lastIndexOf('=') || !HIVE_NAME.test(name)) {
      fail(spec, `${where} must be Hive-style name={…} with one "=" and a lower-case name (letters, digits, _)`);
    }
    hiveName = name;
  }
  const length = parts.reduce((sum, p) => sum + (p.kind === 'token' ? p.width : p.text.length), 0);
  return { template: text, parts, length, hiveName };
}

/** Validates a template (not a preset name) and splits it into segments. Throws UsageError. */
export function parseTemplate(spec: string): ParsedTemplate {
  if (spec === '') fail(spec, 'the layout is empty');
  if (spec.startsWith('/') || spec.endsWith('/')) fail(spec, 'must not start or end with "/" (paths are relative to the table root)');
  if (!spec.includes('{')) fail(spec, 'not a preset (hive, hive-ymdh, firehose) and not a template (it has no {…} token)');
  const parts = tokenize(spec);
  const segments = splitSegments(parts).map((segment, k) => checkSegment(spec, segment, k + 1));
  const used = parts.flatMap((p) => (p.kind === 'token' ? [p.token] : []));
  for (const token of LAYOUT_TOKENS) {
    if (used.filter((t) => t === token).length > 1) fail(spec, `{${token}} appears more than once`);
  }
  const missing = (['yyyy', 'MM', 'dd'] as const).filter((t) => !used.includes(t));
  if (missing.length > 0) fail(spec, `missing ${missing.map((t) => `{${t}}`).join(' ')} (year, month and day are required)`);
  if (used.includes('mm') && !used.includes('HH')) fail(spec, '{mm} (minute) requires {HH} (hour)');
  const granularity: Granularity = used.includes('mm') ? 'minute' : used.includes('HH') ? 'hour' : 'day';
  return { template: segments.map((s) => s.template).join('/'), segments, granularity };
}
