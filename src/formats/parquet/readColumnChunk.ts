/**
 * Decodes one column chunk into its Dremel triplets: definition level, repetition level, and the
 * physical value of every defined slot, bit-exact (see leafValues.ts). Nothing is assembled into
 * nested JS objects and no logical conversion runs (no Date, no decimal-to-float, no UTF-8
 * decoding), so what is read is exactly what can be written back.
 *
 * Page headers and page bodies are parsed with hyparquet's own decoders (pinned version); only the
 * loop over pages is ours, so that we see the levels before hyparquet would assemble them.
 */
import type { ColumnMetaData, DecodedArray, PageHeader, SchemaElement, SchemaTree } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { decompressPage, readDataPage, readDataPageV2 } from 'hyparquet/src/datapage.js';
import { readPlain } from 'hyparquet/src/plain.js';
import { DECOMPRESSORS } from './codecs.js';
import { LeafValuesBuilder, valueKindOf } from './leafValues.js';
import type { LeafValues } from './leafValues.js';
import type { LeafColumn } from './schema.js';
import { UnreadableParquetError } from './unreadableParquetError.js';

/** hyparquet's page-decoder parameters (its types module is not exported). */
type ColumnDecoder = Parameters<typeof readDataPage>[2];

/** One leaf column of one row group, as triplets. */
export interface LeafChunk {
  readonly leaf: LeafColumn;
  readonly rows: number;
  /** Value slots, nulls and empty lists included (= the chunk's `num_values`). */
  readonly slots: number;
  /** Per slot; `null` when the leaf's max definition level is 0 (every slot defined). */
  readonly definitionLevels: Uint8Array | null;
  /** Per slot; `null` when the leaf is not repeated (slot i = row i). */
  readonly repetitionLevels: Uint8Array | null;
  /** Values of the defined slots only, in slot order. */
  readonly values: LeafValues;
}

/** A Parquet feature the codec cannot decode exactly: the object is left untouched. */
function unsupported(leaf: LeafColumn, what: string): UnreadableParquetError {
  return new UnreadableParquetError('unsupported-feature', `column ${leaf.dotted} uses ${what}, which this reader cannot decode exactly`, { column: leaf.dotted });
}

/**
 * Decodes `bytes` (exactly the chunk's `[start, end)` range) of `leaf` in a row group of `rows`
 * rows. Rejects with {@link UnreadableParquetError} if the pages disagree with the footer.
 */
export function readColumnChunk(bytes: Uint8Array, leaf: LeafColumn, meta: ColumnMetaData, rows: number, rowGroup: number): LeafChunk {
  try {
    return decodeChunk(bytes, leaf, meta, rows);
  } catch (error) {
    if (error instanceof UnreadableParquetError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new UnreadableParquetError('corrupt-column-chunk', `column ${leaf.dotted} of row group ${rowGroup} does not decode: ${detail}`, { column: leaf.dotted, rowGroup }, error);
  }
}

function decodeChunk(bytes: Uint8Array, leaf: LeafColumn, meta: ColumnMetaData, rows: number): LeafChunk {
  const slots = Number(meta.num_values);
  const kind = valueKindOf(meta.type);
  // INT96 is read as its 12 raw bytes: hyparquet's INT96 reader folds them into a bigint that
  // loses the high bits when the nanoseconds word is negative.
  const readType = meta.type === 'INT96' ? 'FIXED_LEN_BYTE_ARRAY' : meta.type;
  const readElement: SchemaElement = meta.type === 'INT96' ? { ...leaf.element, type: 'FIXED_LEN_BYTE_ARRAY', type_length: 12 } : leaf.element;
  const decoder = {
    pathInSchema: [...leaf.path],
    type: readType,
    element: readElement,
    // hyparquet reads only `.element` of each node (to count levels).
    schemaPath: leaf.schemaPath.map((element) => ({ element, children: [], count: 1, path: [] }) satisfies SchemaTree),
    codec: meta.codec,
    compressors: DECOMPRESSORS,
  } as unknown as ColumnDecoder;

  const defs = leaf.maxDefinitionLevel > 0 ? new Uint8Array(slots) : null;
  const reps = leaf.maxRepetitionLevel > 0 ? new Uint8Array(slots) : null;
  const values = new LeafValuesBuilder(kind);
  let dictionary: Dictionary | undefined;
  let filled = 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const reader = { view, offset: 0 };
  while (filled < slots) {
    if (reader.offset >= bytes.byteLength) throw new Error(`the chunk ends after ${filled} of ${slots} values`);
    const header: PageHeader = parquetHeader(reader);
    const body = bytes.subarray(reader.offset, reader.offset + header.compressed_page_size);
    if (body.length !== header.compressed_page_size || header.compressed_page_size < 0) throw new Error('a page runs past the end of the chunk');
    reader.offset += header.compressed_page_size;
    switch (header.type) {
      case 'DICTIONARY_PAGE': {
        const dph = header.dictionary_page_header;
        if (dph === undefined) throw new Error('a dictionary page has no header');
        if (dictionary !== undefined) throw unsupported(leaf, 'a second dictionary page');
        const page = decompressPage(body, header.uncompressed_page_size, meta.codec, DECOMPRESSORS);
        const plain = readPlain({ view: new DataView(page.buffer, page.byteOffset, page.byteLength), offset: 0 }, readType, dph.num_values, readElement.type_length);
        dictionary = toPhysical(plain, kind, leaf);
        break;
      }
      case 'DATA_PAGE': {
        const dph = header.data_page_header;
        if (dph === undefined) throw new Error('a data page has no header');
        // hyparquet decodes v1 levels as RLE only; the deprecated BIT_PACKED level encoding would be misread.
        if ((leaf.maxDefinitionLevel > 0 && dph.definition_level_encoding !== 'RLE') || (leaf.maxRepetitionLevel > 0 && dph.repetition_level_encoding !== 'RLE')) {
          throw unsupported(leaf, `${leaf.maxDefinitionLevel > 0 ? dph.definition_level_encoding : dph.repetition_level_encoding} level encoding`);
        }
        const page = decompressPage(body, header.uncompressed_page_size, meta.codec, DECOMPRESSORS);
        const decoded = readDataPage(page, dph, decoder);
        filled = appendPage(decoded, dph.num_values, dph.encoding, filled);
        break;
      }
      case 'DATA_PAGE_V2': {
        const dph = header.data_page_header_v2;
        if (dph === undefined) throw new Error('a data page v2 has no header');
        const decoded = readDataPageV2(body, header, decoder);
        filled = appendPage(decoded, dph.num_values, dph.encoding, filled);
        break;
      }
      case 'INDEX_PAGE':
        break; // never written by real writers; carries no values
      default:
        throw new Error(`unknown page type ${String(header.type)}`);
    }
  }
  if (filled !== slots) throw new Error(`pages hold ${filled} values, the footer says ${slots}`);

  let rowCount = slots;
  if (reps !== null) {
    rowCount = 0;
    for (let i = 0; i < slots; i++) if (reps[i] === 0) rowCount += 1;
    if (slots > 0 && reps[0] !== 0) throw new Error('the first value does not start a row');
  }
  if (rowCount !== rows) throw new Error(`the chunk holds ${rowCount} rows, the row group ${rows}`);
  const built = values.build();
  let defined = slots;
  if (defs !== null) {
    defined = 0;
    for (let i = 0; i < slots; i++) if (defs[i] === leaf.maxDefinitionLevel) defined += 1;
  }
  if (built.values.length !== defined) throw new Error(`${built.values.length} values for ${defined} defined slots`);
  return { leaf, rows, slots, definitionLevels: defs, repetitionLevels: reps, values: built };

  function appendPage(decoded: { definitionLevels: number[] | undefined; repetitionLevels: number[]; dataPage: DecodedArray }, count: number, encoding: string, at: number): number {
    if (at + count > slots) throw new Error(`pages hold more than the ${slots} values the footer says`);
    let present = count;
    if (defs !== null) {
      const levels = decoded.definitionLevels;
      if (levels === undefined || levels.length === 0) {
        defs.fill(leaf.maxDefinitionLevel, at, at + count); // v1 pages with no nulls drop their levels
      } else {
        if (levels.length !== count) throw new Error(`${levels.length} definition levels for ${count} values`);
        present = 0;
        for (let i = 0; i < count; i++) {
          const level = levels[i]!;
          if (!(level >= 0 && level <= leaf.maxDefinitionLevel)) throw new Error(`definition level ${level} exceeds ${leaf.maxDefinitionLevel}`);
          defs[at + i] = level;
          if (level === leaf.maxDefinitionLevel) present += 1;
        }
      }
    }
    if (reps !== null) {
      const levels = decoded.repetitionLevels;
      if (levels.length !== count) throw new Error(`${levels.length} repetition levels for ${count} values`);
      for (let i = 0; i < count; i++) {
        const level = levels[i]!;
        if (!(level >= 0 && level <= leaf.maxRepetitionLevel)) throw new Error(`repetition level ${level} exceeds ${leaf.maxRepetitionLevel}`);
        reps[at + i] = level;
      }
    }
    const data = decoded.dataPage;
    if (data.length < present) throw new Error(`${data.length} values for ${present} defined slots`);
    if (encoding === 'PLAIN_DICTIONARY' || encoding === 'RLE_DICTIONARY') {
      if (dictionary === undefined) throw new Error('a dictionary-encoded page without a dictionary');
      appendIndexed(dictionary, data, present, values);
    } else {
      appendPhysical(toPhysical(data, kind, leaf), present, values);
    }
    return at + count;
  }
}

/** Values of a page or dictionary in their bit-exact form (see leafValues.ts). */
type Dictionary = Uint8Array | Int32Array | BigInt64Array | readonly Uint8Array[];

function toPhysical(data: DecodedArray, kind: LeafValues['kind'], leaf: LeafColumn): Dictionary {
  if (data.length === 0) return kind === 'int32' ? new Int32Array(0) : kind === 'int64' ? new BigInt64Array(0) : kind === 'boolean' ? new Uint8Array(0) : [];
  switch (kind) {
    case 'boolean': {
      const out = new Uint8Array(data.length);
      for (let i = 0; i < data.length; i++) out[i] = data[i] === true ? 1 : 0;
      return out;
    }
    case 'int32':
      // A Float32Array keeps the stored bits in its buffer; reading elements as numbers could not.
      if (data instanceof Int32Array) return data;
      if (data instanceof Float32Array) return new Int32Array(data.buffer, data.byteOffset, data.length);
      if (Array.isArray(data) && leaf.element.type === 'INT32') return Int32Array.from(data as number[]);
      throw unsupported(leaf, 'an encoding decoded without its exact bits');
    case 'int64':
      if (data instanceof BigInt64Array) return data;
      if (data instanceof Float64Array) return new BigInt64Array(data.buffer, data.byteOffset, data.length);
      if (Array.isArray(data) && leaf.element.type === 'INT64') return BigInt64Array.from(data as bigint[]);
      throw unsupported(leaf, 'an encoding decoded without its exact bits');
    case 'bytes':
      if (!Array.isArray(data)) throw unsupported(leaf, 'an encoding decoded without its exact bytes');
      for (const value of data) if (!(value instanceof Uint8Array)) throw unsupported(leaf, 'an encoding decoded without its exact bytes');
      return data as Uint8Array[];
    default:
      throw new Error(`unknown value kind ${String(kind)}`);
  }
}

function appendPhysical(physical: Dictionary, present: number, out: LeafValuesBuilder): void {
  if (Array.isArray(physical)) {
    for (let i = 0; i < present; i++) out.appendBytes(physical[i] as Uint8Array);
  } else {
    const typed = physical as Uint8Array | Int32Array | BigInt64Array;
    out.appendTyped(typed.length === present ? typed : typed.subarray(0, present));
  }
}

function appendIndexed(dictionary: Dictionary, indexes: DecodedArray, present: number, out: LeafValuesBuilder): void {
  const size = dictionary.length;
  const check = (index: unknown): number => {
    if (typeof index !== 'number' || !(index >= 0 && index < size)) throw new Error(`dictionary index ${String(index)} outside a dictionary of ${size}`);
    return index;
  };
  if (Array.isArray(dictionary)) {
    for (let i = 0; i < present; i++) out.appendBytes(dictionary[check(indexes[i])] as Uint8Array);
    return;
  }
  const typed = dictionary as Uint8Array | Int32Array | BigInt64Array;
  const part = new (typed.constructor as new (n: number) => Uint8Array | Int32Array | BigInt64Array)(present);
  for (let i = 0; i < present; i++) (part as { [k: number]: number | bigint })[i] = typed[check(indexes[i])]!;
  out.appendTyped(part);
}
