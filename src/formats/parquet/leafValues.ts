/**
 * The physical values of one leaf column, bit-exact. Every Parquet physical type maps to one of
 * four representations, chosen so that nothing a JS number could change ever passes through one:
 *
 * - `boolean`: 0/1 bytes;
 * - `int32`: INT32, and FLOAT as its IEEE-754 bits (a NaN payload or -0.0 survives untouched);
 * - `int64`: INT64, and DOUBLE as its bits;
 * - `bytes`: BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY and INT96 (its 12 stored bytes).
 */
import type { ParquetType } from 'hyparquet';
import { assertNever } from '../../errors.js';

export type LeafValues =
  | { readonly kind: 'boolean'; readonly values: Uint8Array }
  | { readonly kind: 'int32'; readonly values: Int32Array }
  | { readonly kind: 'int64'; readonly values: BigInt64Array }
  | { readonly kind: 'bytes'; readonly values: readonly Uint8Array[] };

export type LeafValueKind = LeafValues['kind'];

export function valueKindOf(type: ParquetType): LeafValueKind {
  switch (type) {
    case 'BOOLEAN':
      return 'boolean';
    case 'INT32':
    case 'FLOAT':
      return 'int32';
    case 'INT64':
    case 'DOUBLE':
      return 'int64';
    case 'BYTE_ARRAY':
    case 'FIXED_LEN_BYTE_ARRAY':
    case 'INT96':
      return 'bytes';
    default:
      return assertNever(type, 'Parquet physical type');
  }
}

export function leafValueCount(values: LeafValues): number {
  return values.values.length;
}

/** Collects values of one kind from pages, then hands them out as one array. */
export class LeafValuesBuilder {
  readonly kind: LeafValueKind;
  #parts: (Uint8Array | Int32Array | BigInt64Array)[] = [];
  #bytes: Uint8Array[] = [];
  #count = 0;

  constructor(kind: LeafValueKind) {
    this.kind = kind;
  }

  get count(): number {
    return this.#count;
  }

  appendTyped(part: Uint8Array | Int32Array | BigInt64Array): void {
    this.#parts.push(part);
    this.#count += part.length;
  }

  appendBytes(value: Uint8Array): void {
    this.#bytes.push(value);
    this.#count += 1;
  }

  build(): LeafValues {
    switch (this.kind) {
      case 'boolean':
        return { kind: 'boolean', values: concat(this.#parts as Uint8Array[], (n) => new Uint8Array(n)) };
      case 'int32':
        return { kind: 'int32', values: concat(this.#parts as Int32Array[], (n) => new Int32Array(n)) };
      case 'int64':
        return { kind: 'int64', values: concat(this.#parts as BigInt64Array[], (n) => new BigInt64Array(n)) };
      case 'bytes':
        return { kind: 'bytes', values: this.#bytes };
      default:
        return assertNever(this.kind, 'value kind');
    }
  }
}

function concat<T extends Uint8Array | Int32Array | BigInt64Array>(parts: T[], make: (n: number) => T): T {
  if (parts.length === 1) return parts[0]!;
  let length = 0;
  for (const part of parts) length += part.length;
  const out = make(length);
  let at = 0;
  for (const part of parts) {
    (out as unknown as { set(a: T, o: number): void }).set(part, at);
    at += part.length;
  }
  return out;
}
