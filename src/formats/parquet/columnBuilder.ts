/**
 * Collects the selected rows of one leaf column for an output row group: their levels and values
 * are copied out of the source row group (so the source can be released), then handed to
 * hyparquet-writer's column writer as `PageData`.
 */
import type { DecodedArray } from 'hyparquet';
import type { writeColumn } from 'hyparquet-writer/src/column.js';
import { assertNever } from '../../errors.js';
import type { LeafValues, LeafValueKind } from './leafValues.js';
import type { RowGroupData } from './readRowGroup.js';
import type { LeafColumn } from './schema.js';

/** hyparquet-writer's per-leaf input (its types module is not exported). */
export type PageData = Parameters<typeof writeColumn>[0]['pageData'];

class GrowableU8 {
  data = new Uint8Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) this.#grow(this.length + 1);
    this.data[this.length++] = v;
  }
  pushRange(src: Uint8Array, start: number, end: number): void {
    const n = end - start;
    if (this.length + n > this.data.length) this.#grow(this.length + n);
    this.data.set(src.subarray(start, end), this.length);
    this.length += n;
  }
  #grow(min: number): void {
    const next = new Uint8Array(Math.max(min, this.data.length * 2));
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
  view(): Uint8Array {
    return this.data.subarray(0, this.length);
  }
}

export class ColumnBuilder {
  readonly leaf: LeafColumn;
  readonly kind: LeafValueKind;
  readonly #defs: GrowableU8 | null;
  readonly #reps: GrowableU8 | null;
  #int32 = new Int32Array(1024);
  #int64 = new BigInt64Array(1024);
  /** Byte values live end to end in one arena (one allocation, not one per value) … */
  readonly #arena = new GrowableU8();
  /** … value i is `arena[ends[i - 1], ends[i])`. */
  #ends = new Uint32Array(1024);
  #values = 0;
  #slots = 0;
  /** Estimated encoded value bytes, to bound an output row group's memory. */
  valueBytes = 0;

  constructor(leaf: LeafColumn, kind: LeafValueKind) {
    this.leaf = leaf;
    this.kind = kind;
    this.#defs = leaf.maxDefinitionLevel > 0 ? new GrowableU8() : null;
    this.#reps = leaf.maxRepetitionLevel > 0 ? new GrowableU8() : null;
  }

  get slots(): number {
    return this.#slots;
  }

  /** Copies row `row` of leaf `column` of `group`. */
  addRow(group: RowGroupData, column: number, row: number): void {
    const chunk = group.columns[column]!;
    const slotStart = group.firstSlot(column, row);
    const slotEnd = group.endSlot(column, row);
    const valueStart = group.firstValue(column, row);
    const valueEnd = group.endValue(column, row);
    if (this.#defs !== null) this.#defs.pushRange(chunk.definitionLevels!, slotStart, slotEnd);
    if (this.#reps !== null) this.#reps.pushRange(chunk.repetitionLevels!, slotStart, slotEnd);
    this.#slots += slotEnd - slotStart;
    this.#addValues(chunk.values, valueStart, valueEnd);
  }

  #addValues(values: LeafValues, start: number, end: number): void {
    const n = end - start;
    if (n === 0) return;
    switch (values.kind) {
      case 'boolean':
      case 'int32': {
        if (this.#values + n > this.#int32.length) this.#int32 = grow(this.#int32, this.#values + n, (k) => new Int32Array(k));
        for (let i = start; i < end; i++) this.#int32[this.#values++] = values.values[i]!;
        this.valueBytes += values.kind === 'boolean' ? n / 8 : n * 4;
        return;
      }
      case 'int64': {
        if (this.#values + n > this.#int64.length) this.#int64 = grow(this.#int64, this.#values + n, (k) => new BigInt64Array(k));
        this.#int64.set(values.values.subarray(start, end), this.#values);
        this.#values += n;
        this.valueBytes += n * 8;
        return;
      }
      case 'bytes':
        if (this.#values + n > this.#ends.length) this.#ends = grow(this.#ends, this.#values + n, (k) => new Uint32Array(k));
        for (let i = start; i < end; i++) {
          // Copied: a view would keep the whole decompressed source page alive.
          const bytes = values.values[i]!;
          this.#arena.pushRange(bytes, 0, bytes.length);
          this.#ends[this.#values++] = this.#arena.length;
          this.valueBytes += bytes.length + 4;
        }
        return;
      default:
        assertNever(values, 'value kind');
    }
  }

  /** The collected values in the bit-exact form (for statistics). */
  values(): LeafValues {
    switch (this.kind) {
      case 'boolean':
        return { kind: 'boolean', values: Uint8Array.from(this.#int32.subarray(0, this.#values)) };
      case 'int32':
        return { kind: 'int32', values: this.#int32.subarray(0, this.#values) };
      case 'int64':
        return { kind: 'int64', values: this.#int64.subarray(0, this.#values) };
      case 'bytes':
        return { kind: 'bytes', values: this.#byteViews() };
      default:
        return assertNever(this.kind, 'value kind');
    }
  }

  #views: Uint8Array[] | undefined;

  /** Views into the arena, made once the column is complete. */
  #byteViews(): Uint8Array[] {
    if (this.#views?.length === this.#values) return this.#views;
    const arena = this.#arena.data;
    const views = new Array<Uint8Array>(this.#values);
    let start = 0;
    for (let i = 0; i < this.#values; i++) {
      const end = this.#ends[i]!;
      views[i] = arena.subarray(start, end);
      start = end;
    }
    this.#views = views;
    return views;
  }

  /** Undefined slots (nulls, and empty or null lists), as the footer's `null_count`. */
  nullCount(): number {
    return this.#slots - this.#values;
  }

  /** The writer's input: values aligned with the levels (null where a slot is undefined). */
  pageData(): PageData {
    const defs = this.#defs?.view() ?? null;
    const reps = this.#reps?.view() ?? null;
    const dense = this.#denseValues();
    const definitionLevels = defs === null ? [] : Array.from(defs);
    const repetitionLevels = reps === null ? [] : Array.from(reps);
    if (defs === null) return { values: dense, definitionLevels, repetitionLevels, maxDefinitionLevel: 0 };
    const max = this.leaf.maxDefinitionLevel;
    const aligned: unknown[] = new Array(defs.length);
    let v = 0;
    for (let i = 0; i < defs.length; i++) aligned[i] = defs[i] === max ? dense[v++] : null;
    return { values: aligned as DecodedArray, definitionLevels, repetitionLevels, maxDefinitionLevel: max };
  }

  #denseValues(): DecodedArray {
    switch (this.kind) {
      case 'boolean':
        return Array.from(this.#int32.subarray(0, this.#values), (b) => b === 1);
      case 'int32':
        return this.#int32.subarray(0, this.#values);
      case 'int64':
        return this.#int64.subarray(0, this.#values);
      case 'bytes':
        return this.#byteViews();
      default:
        return assertNever(this.kind, 'value kind');
    }
  }
}

function grow<T extends Int32Array | BigInt64Array | Uint32Array>(array: T, min: number, make: (n: number) => T): T {
  const next = make(Math.max(min, array.length * 2));
  (next as unknown as { set(a: T): void }).set(array);
  return next;
}
