/**
 * One value of a time column → an event time, by the column's interpretation (timeColumn.ts).
 * Integers, decimals, floats and strings go through the time engine's own parser, exactly as the
 * same value in a JSON record would; timestamps and INT96 are converted here, exactly (bigint).
 */
import { labelMsToLocal } from '../../time/calendar.js';
import { failure, instantResult } from '../../time/fields.js';
import type { EventTimeResult, TimeValue, Zone } from '../../time/types.js';
import { fixedOffsetOf } from '../../time/zone.js';
import { int96ToEpochNanos } from './int96.js';
import type { LeafValues } from './leafValues.js';
import type { TimeColumn, TimeInterpretation } from './timeColumn.js';

/** Floor division of bigints (towards −∞), as a number of ms. */
export function floorToMs(value: bigint, unitsPerMs: bigint): number {
  let q = value / unitsPerMs;
  if (value % unitsPerMs !== 0n && value < 0n) q -= 1n;
  return Number(q);
}

/** A wall-clock reading (label ms) pinned in `zone`, as the time engine pins zone-less strings. */
function wallToInstant(wallMs: number, zone: Zone): EventTimeResult {
  if (!Number.isFinite(wallMs)) return failure('out-of-range');
  const fixed = fixedOffsetOf(zone);
  if (fixed !== undefined) return instantResult(wallMs - fixed);
  const resolution = zone.resolveLocal(labelMsToLocal(wallMs));
  switch (resolution.kind) {
    case 'unique':
      return instantResult(resolution.utcMs);
    case 'ambiguous':
      return failure('ambiguous-local-time');
    case 'nonexistent':
      return failure('nonexistent-local-time');
  }
}

/** A TIMESTAMP value in its unit: an instant when UTC-adjusted, else a wall-clock reading pinned in `zone`. */
export function timestampResult(value: bigint, i: Extract<TimeInterpretation, { kind: 'timestamp' }>, zone: Zone): EventTimeResult {
  const ms = floorToMs(value, i.unitsPerMs);
  return i.utc ? instantResult(ms) : wallToInstant(ms, zone);
}

/** The decimal text of an unscaled integer with `scale` fraction digits. */
function decimalLiteral(unscaled: bigint, scale: number): string {
  if (scale <= 0) return (unscaled * 10n ** BigInt(-scale)).toString();
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

function bigEndianSigned(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return bytes.length === 0 ? 0n : BigInt.asIntN(bytes.length * 8, v);
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Event time of value `index` of a column chunk's values. */
export function valueResult(values: LeafValues, index: number, column: Extract<TimeColumn, { kind: 'column' }>, parse: (v: TimeValue) => EventTimeResult): EventTimeResult {
  const i = column.interpretation;
  const physical = column.leaf.element.type;
  switch (i.kind) {
    case 'timestamp':
      return timestampResult(values.values[index] as bigint, i, column.options.timestampZone);
    case 'int96':
      return instantResult(floorToMs(int96ToEpochNanos(values.values[index] as Uint8Array), 1_000_000n));
    case 'integer': {
      const raw = values.values[index] as number | bigint;
      const literal = typeof raw === 'bigint' ? (i.unsigned ? BigInt.asUintN(64, raw) : raw).toString() : String(i.unsigned ? raw >>> 0 : raw);
      return parse({ kind: 'number', literal });
    }
    case 'decimal': {
      const raw = values.values[index] as number | bigint | Uint8Array;
      const unscaled = raw instanceof Uint8Array ? bigEndianSigned(raw) : BigInt(raw);
      return parse({ kind: 'number', literal: decimalLiteral(unscaled, i.scale) });
    }
    case 'float': {
      const bits = values.values[index] as number | bigint;
      const view = new DataView(new ArrayBuffer(8));
      let number: number;
      if (physical === 'FLOAT') {
        view.setInt32(0, bits as number, true);
        number = view.getFloat32(0, true);
      } else {
        view.setBigInt64(0, bits as bigint, true);
        number = view.getFloat64(0, true);
      }
      return Number.isFinite(number) ? parse({ kind: 'number', literal: String(number) }) : failure('out-of-range');
    }
    case 'string': {
      let text: string;
      try {
        text = UTF8.decode(values.values[index] as Uint8Array);
      } catch {
        return failure('unparseable'); // not UTF-8: not a time string
      }
      return parse({ kind: 'string', value: text });
    }
  }
}
