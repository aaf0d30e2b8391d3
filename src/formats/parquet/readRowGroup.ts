/**
 * One row group of a source file, every leaf column decoded to triplets (readColumnChunk.ts),
 * with per-row addressing: which value slots and which values belong to row r of a leaf. This is
 * the form the encoder takes back and the row digest is computed from.
 *
 * Memory: the row group's compressed bytes (one ranged read) plus its decoded values; the
 * compressed bytes are released once every chunk is decoded.
 */
import { RepartitionError } from '../../errors.js';
import type { ByteSource } from './byteSource.js';
import type { ParquetFooter } from './readFooter.js';
import { columnChunkRange } from './readFooter.js';
import { readColumnChunk } from './readColumnChunk.js';
import type { LeafChunk } from './readColumnChunk.js';
import { UnreadableParquetError } from './unreadableParquetError.js';

/** Where row r's slots and values sit in one leaf chunk: `[start[r], start[r + 1])`. */
interface RowIndex {
  /** `null`: row r is slot r (not repeated). */
  readonly slotStart: Uint32Array | null;
  /** `null`: row r's value is value r (flat and required). */
  readonly valueStart: Uint32Array | null;
}

export class RowGroupData {
  /** Index of the row group in its source file. */
  readonly rowGroup: number;
  readonly rows: number;
  /** One per leaf, in schema order. */
  readonly columns: readonly LeafChunk[];
  readonly #index: RowIndex[];

  constructor(rowGroup: number, rows: number, columns: readonly LeafChunk[]) {
    this.rowGroup = rowGroup;
    this.rows = rows;
    this.columns = columns;
    this.#index = columns.map(indexRows);
  }

  /** First slot of `row` in leaf `column` (hot path: numbers, no tuple). */
  firstSlot(column: number, row: number): number {
    const starts = this.#index[column]!.slotStart;
    return starts === null ? row : starts[row]!;
  }

  /** End (exclusive) of `row`'s slots in leaf `column`. */
  endSlot(column: number, row: number): number {
    const starts = this.#index[column]!.slotStart;
    return starts === null ? row + 1 : starts[row + 1]!;
  }

  /** First value of `row` in leaf `column` (only defined slots have one). */
  firstValue(column: number, row: number): number {
    const starts = this.#index[column]!.valueStart;
    return starts === null ? row : starts[row]!;
  }

  /** End (exclusive) of `row`'s values in leaf `column`. */
  endValue(column: number, row: number): number {
    const starts = this.#index[column]!.valueStart;
    return starts === null ? row + 1 : starts[row + 1]!;
  }
}

function indexRows(chunk: LeafChunk): RowIndex {
  const { rows, slots, definitionLevels: defs, repetitionLevels: reps } = chunk;
  if (defs === null && reps === null) return { slotStart: null, valueStart: null };
  const max = chunk.leaf.maxDefinitionLevel;
  let slotStart: Uint32Array | null = null;
  if (reps !== null) {
    slotStart = new Uint32Array(rows + 1);
    let row = 0;
    for (let i = 0; i < slots; i++) if (reps[i] === 0) slotStart[row++] = i;
    slotStart[rows] = slots;
  }
  const valueStart = new Uint32Array(rows + 1);
  let value = 0;
  let row = 0;
  for (let i = 0; i < slots; i++) {
    if (slotStart === null ? true : reps![i] === 0) valueStart[row++] = value;
    if (defs === null || defs[i] === max) value += 1;
  }
  valueStart[rows] = value;
  return { slotStart, valueStart };
}

/**
 * Reads and decodes row group `rowGroup` of the file whose footer is `footer`: one ranged read
 * covering its column chunks. Rejects with UnreadableParquetError when the pages disagree with the
 * footer (or use a feature that cannot be decoded exactly); errors of `source` pass through.
 */
export async function readRowGroup(source: ByteSource, footer: ParquetFooter, rowGroup: number): Promise<RowGroupData> {
  const group = footer.metadata.row_groups[rowGroup];
  if (group === undefined) throw new RepartitionError('INTERNAL', `row group ${rowGroup} does not exist (the file has ${footer.metadata.row_groups.length})`);
  const rows = Number(group.num_rows);
  const ranges = group.columns.map((chunk, c) => {
    const meta = chunk.meta_data;
    if (meta === undefined) throw new UnreadableParquetError('unsupported-feature', `column ${footer.leaves[c]!.dotted} is encrypted or stored in another file`, { column: footer.leaves[c]!.dotted, rowGroup });
    return { meta, ...columnChunkRange(meta) };
  });
  if (ranges.length === 0) return new RowGroupData(rowGroup, rows, []);
  const start = Math.min(...ranges.map((r) => r.start));
  const end = Math.max(...ranges.map((r) => r.end));
  const bytes = new Uint8Array(await source.slice(start, end));
  const columns = ranges.map((range, c) => readColumnChunk(bytes.subarray(range.start - start, range.end - start), footer.leaves[c]!, range.meta, rows, rowGroup));
  return new RowGroupData(rowGroup, rows, columns);
}
