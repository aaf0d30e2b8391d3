/**
 * A row's identity as bytes, for the multiset digests of plan/digest.ts. Built from the row's
 * Dremel triplets and physical values (never from JS conversions), so it is exact for every type
 * (nulls vs empty lists, nested values, bigint, float bits with NaN payloads and -0.0, timestamps
 * at full precision, INT96, binary) and identical whether the row is read from the source or from
 * a rewritten output with the same schema, whatever pages, encodings or row groups hold it.
 *
 * Layout, leaf by leaf in schema order:
 *   repeated leaf:  u32 slot count, then per slot: u8 repetition level
 *   per slot:       u8 definition level (only if the leaf's max definition level > 0)
 *   defined slot:   the value: BOOLEAN 1 byte; INT32/FLOAT 4 bytes LE; INT64/DOUBLE 8 bytes LE;
 *                   FIXED_LEN_BYTE_ARRAY/INT96 its bytes; BYTE_ARRAY u32 length + bytes.
 * The schema is the same on both sides of a comparison, so this is unambiguous.
 */
import { assertNever } from '../../errors.js';
import type { RowGroupData } from './readRowGroup.js';

const INITIAL_BYTES = 256;

/** Encodes rows into one reused buffer (hot path: no allocation per row once it has grown). */
export class RowEncoder {
  #buffer = new Uint8Array(INITIAL_BYTES);
  #view = new DataView(this.#buffer.buffer);
  #at = 0;

  /** Row `row` of `group`, as a view that is only valid until the next call. */
  encode(group: RowGroupData, row: number): Uint8Array {
    this.#at = 0;
    const columns = group.columns;
    for (let c = 0; c < columns.length; c++) {
      const { definitionLevels: defs, repetitionLevels: reps, leaf, values } = columns[c]!;
      const slotStart = group.firstSlot(c, row);
      const slotEnd = group.endSlot(c, row);
      let value = group.firstValue(c, row);
      if (reps !== null) this.#u32(slotEnd - slotStart);
      const max = leaf.maxDefinitionLevel;
      const isByteArray = leaf.element.type === 'BYTE_ARRAY';
      for (let s = slotStart; s < slotEnd; s++) {
        if (reps !== null) this.#u8(reps[s]!);
        if (defs !== null) {
          this.#u8(defs[s]!);
          if (defs[s] !== max) continue;
        }
        switch (values.kind) {
          case 'boolean':
            this.#u8(values.values[value]!);
            break;
          case 'int32':
            this.#ensure(4);
            this.#view.setInt32(this.#at, values.values[value]!, true);
            this.#at += 4;
            break;
          case 'int64':
            this.#ensure(8);
            this.#view.setBigInt64(this.#at, values.values[value]!, true);
            this.#at += 8;
            break;
          case 'bytes': {
            const bytes = values.values[value]!;
            if (isByteArray) this.#u32(bytes.length);
            this.#ensure(bytes.length);
            this.#buffer.set(bytes, this.#at);
            this.#at += bytes.length;
            break;
          }
          default:
            assertNever(values, 'value kind');
        }
        value += 1;
      }
    }
    return this.#buffer.subarray(0, this.#at);
  }

  #u8(v: number): void {
    this.#ensure(1);
    this.#buffer[this.#at++] = v;
  }

  #u32(v: number): void {
    this.#ensure(4);
    this.#view.setUint32(this.#at, v, true);
    this.#at += 4;
  }

  #ensure(n: number): void {
    if (this.#at + n <= this.#buffer.length) return;
    const grown = new Uint8Array(Math.max(this.#buffer.length * 2, this.#at + n));
    grown.set(this.#buffer.subarray(0, this.#at));
    this.#buffer = grown;
    this.#view = new DataView(grown.buffer);
  }
}

/** Row `row` of `group` as its own bytes (a copy; see {@link RowEncoder} for the hot path). */
export function rowBytes(group: RowGroupData, row: number): Uint8Array {
  return new RowEncoder().encode(group, row).slice();
}
