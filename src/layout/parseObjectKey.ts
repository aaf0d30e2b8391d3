/**
 * Strict object-key parsing. A key whose partition segments are not exactly what the layout would
 * write (case, widths, ASCII digits, a real date) is "not in layout": reported and never touched,
 * because guessing which partition `hour=7` or `dt=2020-13-40` meant could move records wrongly.
 */
import { daysInMonth, fieldsToLabelMs } from '../time/calendar.js';
import { internalsOf } from './compileLayout.js';
import { partitionInfoOfLabel } from './partitionLabel.js';
import type { LayoutToken, TemplateSegment } from './template.js';
import type { Layout, ParsedKey } from './types.js';

type Fields = Record<LayoutToken, number>;

/** Valid range and name of each token's value, for the reasons in the report. */
const RANGES: Readonly<Record<LayoutToken, readonly [min: number, max: number, what: string]>> = {
  yyyy: [0, 9999, 'year must be 0000–9999'],
  MM: [1, 12, 'month must be 01–12'],
  dd: [1, 31, 'day must be 01–31'],
  HH: [0, 23, 'hour must be 00–23'],
  mm: [0, 59, 'minute must be 00–59'],
};

const notInLayout = (reason: string): ParsedKey => ({ kind: 'not-in-layout', reason });

/**
 * True if any `/`-separated segment of `relativeKey` starts with `_` or `.`. Athena and Hive ignore
 * such keys, and our own state lives under `_repartition/`: callers skip (and count) them before
 * calling {@link parseObjectKey}, which judges only the layout.
 */
export function isHiddenKey(relativeKey: string): boolean {
  return relativeKey.split('/').some((segment) => segment.startsWith('_') || segment.startsWith('.'));
}

/**
 * Splits a key relative to the table root into its partition and object name, strictly: the first
 * `layout.depth` segments must be exactly what {@link partitionPathOfLabel} would write; the rest
 * (non-empty, may contain `/`) is the name. Never throws: a mismatch is `not-in-layout` + reason.
 */
export function parseObjectKey(layout: Layout, relativeKey: string): ParsedKey {
  const pieces = relativeKey.split('/');
  for (const [k, piece] of pieces.entries()) {
    if (piece === '') return notInLayout(`segment ${k + 1} is empty (a "//", or a leading or trailing "/")`);
    if (piece === '.' || piece === '..') return notInLayout(`segment ${k + 1} ${JSON.stringify(piece)} is a relative path segment`);
  }
  // The parsed template, not `layout.depth`, decides: it is what the segments are matched against.
  const { segments } = internalsOf(layout);
  const depth = segments.length;
  if (pieces.length <= depth) {
    return notInLayout(`key has ${pieces.length} segment(s); the layout needs ${depth} partition segment(s) and an object name`);
  }
  const fields: Fields = { yyyy: 0, MM: 1, dd: 1, HH: 0, mm: 0 };
  let daySegment = 0;
  for (const [k, segment] of segments.entries()) {
    const piece = pieces[k] as string;
    const problem = matchSegment(segment, piece, fields);
    if (problem !== undefined) return notInLayout(`segment ${k + 1} ${JSON.stringify(piece)}: ${problem}`);
    if (segment.parts.some((p) => p.kind === 'token' && p.token === 'dd')) daySegment = k;
  }
  // Year, month and day may sit in different segments, so the calendar check waits until all are read.
  if (fields.dd > daysInMonth(fields.yyyy, fields.MM)) {
    const month = `${String(fields.yyyy).padStart(4, '0')}-${String(fields.MM).padStart(2, '0')}`;
    return notInLayout(`segment ${daySegment + 1} ${JSON.stringify(pieces[daySegment])}: day ${fields.dd} does not exist in ${month}`);
  }
  const labelMs = fieldsToLabelMs(fields.yyyy, fields.MM, fields.dd, fields.HH, fields.mm, 0, 0);
  return { kind: 'in-layout', partition: partitionInfoOfLabel(layout, labelMs), name: pieces.slice(depth).join('/') };
}

/** Matches one path segment against its template segment, storing token values; returns a problem. */
function matchSegment(segment: TemplateSegment, piece: string, fields: Fields): string | undefined {
  const mismatch = `does not match ${JSON.stringify(segment.template)}`;
  let pos = 0;
  for (const part of segment.parts) {
    if (part.kind === 'literal') {
      // Byte-for-byte: `DT=` is not `dt=` (Hive partition names are case-sensitive in paths).
      if (!piece.startsWith(part.text, pos)) return mismatch;
      pos += part.text.length;
      continue;
    }
    let value = 0;
    for (let i = 0; i < part.width; i += 1) {
      const code = piece.charCodeAt(pos + i); // NaN past the end, which fails the test below
      if (!(code >= 48 && code <= 57)) return `{${part.token}} must be ${part.width} ASCII digits`;
      value = value * 10 + (code - 48);
    }
    const [min, max, what] = RANGES[part.token];
    if (value < min || value > max) return what;
    fields[part.token] = value;
    pos += part.width;
  }
  return pos === piece.length ? undefined : `${mismatch} (extra characters)`;
}
