/** Public API of the pure time engine. */
export * from './types.js';
export { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS, daysInMonth, isLeapYear, labelMsToLocal, localToLabelMs } from './calendar.js';
export { parseDurationMs } from './duration.js';
export { compilePattern, compileTimeFormat } from './format.js';
export type { CompiledPattern, PatternStep } from './format.js';
export { createEventTimeBytesParser, createEventTimeParser } from './parse.js';
export type { EventTimeBytesParser } from './parse.js';
export { parseInstant } from './window.js';
export { MAX_OFFSET_MS, fixedOffsetOf, loadZone, utcToLabelMs, utcToLocal } from './zone.js';
