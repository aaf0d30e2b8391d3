/**
 * Column-chunk statistics for written files, computed from physical values with each column's
 * sort order. Engines (Athena/Trino, Spark, DuckDB) skip row groups by these bounds, so a wrong
 * bound silently hides rows: where the order is undefined (INT96, INTERVAL) or a bound would have
 * to be truncated, only `null_count` is written. Floats follow the spec: NaN never bounds, a zero
 * minimum is written as -0.0 and a zero maximum as +0.0. Bounds go into `min_value`/`max_value`
 * only (the deprecated `min`/`max` had ambiguous orders and are not written).
 */
import type { SchemaElement } from 'hyparquet';
import type { LeafValues } from './leafValues.js';

/** Byte-array bounds longer than this are not written (never truncated). */
export const MAX_STATISTICS_BOUND_BYTES = 64;

/** Encoded statistics for the footer (Thrift field ids 3, 5, 6). */
export interface ChunkStatistics {
  readonly nullCount: bigint;
  readonly minValue?: Uint8Array;
  readonly maxValue?: Uint8Array;
}

type SortOrder = 'signed' | 'unsigned' | 'float' | 'float16' | 'bytes' | 'decimal-bytes' | 'none';

export function sortOrderOf(element: SchemaElement): SortOrder {
  const logical = element.logical_type;
  const converted = element.converted_type;
  switch (element.type) {
    case 'BOOLEAN':
      return 'unsigned';
    case 'INT32':
    case 'INT64':
      if ((logical?.type === 'INTEGER' && !logical.isSigned) || (converted !== undefined && converted.startsWith('UINT_'))) return 'unsigned';
      return 'signed';
    case 'FLOAT':
    case 'DOUBLE':
      return 'float';
    case 'INT96':
      return 'none';
    case 'BYTE_ARRAY':
    case 'FIXED_LEN_BYTE_ARRAY':
      if (logical?.type === 'DECIMAL' || converted === 'DECIMAL') return 'decimal-bytes';
      if (logical?.type === 'FLOAT16') return 'float16';
      // INTERVAL has no order; geometries are bounded by geospatial statistics, never min/max.
      if (converted === 'INTERVAL' || logical?.type === 'GEOMETRY' || logical?.type === 'GEOGRAPHY') return 'none';
      return 'bytes';
    default:
      return 'none';
  }
}

/** Statistics of a chunk with `nullCount` undefined slots and these defined values. */
export function chunkStatistics(element: SchemaElement, values: LeafValues, nullCount: number): ChunkStatistics {
  const order = sortOrderOf(element);
  const base = { nullCount: BigInt(nullCount) };
  if (order === 'none' || values.values.length === 0) return base;
  switch (values.kind) {
    case 'boolean': {
      let min = 1;
      let max = 0;
      for (const v of values.values) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
      return { ...base, minValue: Uint8Array.of(min), maxValue: Uint8Array.of(max) };
    }
    case 'int32':
      return order === 'float' ? floatBounds32(values.values, base) : intBounds32(values.values, order === 'unsigned', base);
    case 'int64':
      return order === 'float' ? floatBounds64(values.values, base) : intBounds64(values.values, order === 'unsigned', base);
    case 'bytes':
      return bytesBounds(values.values, order, base);
  }
}

function intBounds32(values: Int32Array, unsigned: boolean, base: ChunkStatistics): ChunkStatistics {
  let min = unsigned ? values[0]! >>> 0 : values[0]!;
  let max = min;
  for (let i = 1; i < values.length; i++) {
    const v = unsigned ? values[i]! >>> 0 : values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { ...base, minValue: int32Bytes(min | 0), maxValue: int32Bytes(max | 0) };
}

function intBounds64(values: BigInt64Array, unsigned: boolean, base: ChunkStatistics): ChunkStatistics {
  const key = unsigned ? (v: bigint) => BigInt.asUintN(64, v) : (v: bigint) => v;
  let min = values[0]!;
  let max = min;
  for (let i = 1; i < values.length; i++) {
    const v = values[i]!;
    if (key(v) < key(min)) min = v;
    if (key(v) > key(max)) max = v;
  }
  return { ...base, minValue: int64Bytes(min), maxValue: int64Bytes(max) };
}

function floatBounds32(bits: Int32Array, base: ChunkStatistics): ChunkStatistics {
  const floats = new Float32Array(bits.buffer, bits.byteOffset, bits.length);
  const bounds = floatBounds(floats);
  if (bounds === null) return base;
  const bytes = (v: number): Uint8Array => {
    const out = new Uint8Array(4);
    new DataView(out.buffer).setFloat32(0, v, true);
    return out;
  };
  return { ...base, minValue: bytes(bounds.min), maxValue: bytes(bounds.max) };
}

function floatBounds64(bits: BigInt64Array, base: ChunkStatistics): ChunkStatistics {
  const floats = new Float64Array(bits.buffer, bits.byteOffset, bits.length);
  const bounds = floatBounds(floats);
  if (bounds === null) return base;
  const bytes = (v: number): Uint8Array => {
    const out = new Uint8Array(8);
    new DataView(out.buffer).setFloat64(0, v, true);
    return out;
  };
  return { ...base, minValue: bytes(bounds.min), maxValue: bytes(bounds.max) };
}

/** Min and max ignoring NaN; zeros normalised per the spec. `null` when every value is NaN. */
function floatBounds(values: ArrayLike<number>): { min: number; max: number } | null {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let any = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    any = true;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!any) return null;
  return { min: min === 0 ? -0 : min, max: max === 0 ? 0 : max };
}

function bytesBounds(values: readonly Uint8Array[], order: SortOrder, base: ChunkStatistics): ChunkStatistics {
  if (order === 'float16') {
    const halves = values.map(float16ToNumber);
    const bounds = floatBounds(halves);
    if (bounds === null) return base;
    return { ...base, minValue: numberToFloat16Bytes(bounds.min, values, halves), maxValue: numberToFloat16Bytes(bounds.max, values, halves) };
  }
  const compare = order === 'decimal-bytes' ? compareDecimal : compareBytes;
  let min = values[0]!;
  let max = min;
  for (let i = 1; i < values.length; i++) {
    const v = values[i]!;
    if (compare(v, min) < 0) min = v;
    if (compare(v, max) > 0) max = v;
  }
  if (min.length > MAX_STATISTICS_BOUND_BYTES || max.length > MAX_STATISTICS_BOUND_BYTES) return base;
  return { ...base, minValue: min.slice(), maxValue: max.slice() };
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** Big-endian two's complement, any length (BYTE_ARRAY decimals may differ in length). */
function decimalValue(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return BigInt.asIntN(bytes.length * 8, v);
}

function compareDecimal(a: Uint8Array, b: Uint8Array): number {
  const x = decimalValue(a);
  const y = decimalValue(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function float16ToNumber(bytes: Uint8Array): number {
  const bits = bytes[0]! | (bytes[1]! << 8);
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction !== 0 ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** The stored bytes of the value equal to `target` (zeros normalised to the signed zero asked for). */
function numberToFloat16Bytes(target: number, values: readonly Uint8Array[], halves: readonly number[]): Uint8Array {
  if (target === 0) return Object.is(target, -0) ? Uint8Array.of(0x00, 0x80) : Uint8Array.of(0x00, 0x00);
  const at = halves.findIndex((h) => h === target);
  return values[at]!.slice();
}

function int32Bytes(v: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setInt32(0, v, true);
  return out;
}

function int64Bytes(v: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigInt64(0, v, true);
  return out;
}
