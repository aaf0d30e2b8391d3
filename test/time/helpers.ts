/** Shorthands for time-engine tests. */
import type { TimeValue } from '../../src/time/index.js';

export const str = (value: string): TimeValue => ({ kind: 'string', value });
export const num = (literal: string): TimeValue => ({ kind: 'number', literal });
/** Epoch ms of an ISO instant, via the built-in parser (only ever given explicit `Z` instants). */
export const at = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms) || !/Z$/.test(iso)) throw new Error(`bad test instant ${iso}`);
  return ms;
};
