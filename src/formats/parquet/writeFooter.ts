/**
 * Serialises the footer of a rewritten file ourselves (with hyparquet-writer's Thrift compact
 * serialiser), instead of hyparquet-writer's `writeMetadata`, because we must write the source's
 * schema exactly and 0.17.0 cannot:
 *
 * - `IntType.bitWidth` is an i8; 0.17.0 writes an i32, and DuckDB and arrow-rs then reject the
 *   whole footer (parquet-eval.md §5 #8). Dropping the annotation (§6's workaround) would change
 *   the schema, so we encode it correctly instead.
 * - `VARIANT.specification_version` (i8) and any future logical type would be dropped silently;
 *   an unknown logical type makes this function throw (rewriteSupport refuses such files first).
 * - Chunks of FLOAT/DOUBLE/INT96 columns are written through their bit-exact physical stand-ins
 *   (encodeParquet.ts); here they get their real type back.
 */
import type { KeyValue, LogicalType, SchemaElement, TimeUnit } from 'hyparquet';
import { CompressionCodecs, ConvertedTypes, EdgeInterpolationAlgorithms, Encodings, FieldRepetitionTypes, PageTypes, ParquetTypes } from 'hyparquet/src/constants.js';
import { serializeTCompactProtocol, ThriftStruct } from 'hyparquet-writer/src/thrift.js';
import type { ByteWriter } from 'hyparquet-writer';
import { RepartitionError } from '../../errors.js';
import type { ChunkStatistics } from './statistics.js';

/** Thrift compact type ids that hyparquet-writer's serialiser cannot infer from a JS value. */
const COMPACT_TRUE = 1;
const COMPACT_FALSE = 2;
const COMPACT_BYTE = 3;

/** A written column chunk, as the footer needs it. */
export interface WrittenChunk {
  readonly fileOffset: bigint;
  readonly type: NonNullable<SchemaElement['type']>;
  readonly encodings: readonly string[];
  readonly path: readonly string[];
  readonly codec: string;
  readonly numValues: bigint;
  readonly totalUncompressedSize: bigint;
  readonly totalCompressedSize: bigint;
  readonly keyValueMetadata?: readonly KeyValue[];
  readonly dataPageOffset: bigint;
  readonly dictionaryPageOffset?: bigint;
  readonly statistics: ChunkStatistics;
  readonly encodingStats?: readonly { readonly page_type: string; readonly encoding: string; readonly count: number }[];
  readonly offsetIndexOffset?: bigint;
  readonly offsetIndexLength?: number;
}

export interface WrittenRowGroup {
  readonly columns: readonly WrittenChunk[];
  readonly totalByteSize: bigint;
  readonly numRows: bigint;
  readonly fileOffset: bigint;
  readonly totalCompressedSize: bigint;
}

export interface FooterInput {
  readonly version: number;
  readonly schema: readonly SchemaElement[];
  readonly rowGroups: readonly WrittenRowGroup[];
  readonly keyValueMetadata?: readonly KeyValue[];
  readonly createdBy: string;
}

type Thrift = Record<`field_${number}`, unknown>;

/** Appends the Thrift `FileMetaData`, its length and the closing magic. */
export function writeFooter(writer: ByteWriter, footer: FooterInput): void {
  const leafCount = footer.schema.filter((e) => e.type !== undefined).length;
  const numRows = footer.rowGroups.reduce((sum, g) => sum + g.numRows, 0n);
  const compact: Thrift = {
    field_1: footer.version,
    field_2: footer.schema.map(schemaElement),
    field_3: numRows,
    field_4: footer.rowGroups.map(rowGroup),
    field_5: nonEmpty(footer.keyValueMetadata?.map(keyValue)),
    field_6: footer.createdBy,
    field_7: nonEmpty(Array.from({ length: leafCount }, () => ({ field_1: {} }))), // TypeDefinedOrder per leaf
  };
  const start = writer.offset;
  serializeTCompactProtocol(writer, compact);
  writer.appendUint32(writer.offset - start);
  writer.appendUint32(0x31524150); // PAR1
}

function nonEmpty<T>(list: T[] | undefined): T[] | undefined {
  return list === undefined || list.length === 0 ? undefined : list;
}

function indexOf(list: readonly string[], value: string, what: string): number {
  const at = list.indexOf(value);
  if (at < 0) throw new RepartitionError('INTERNAL', `cannot write ${what} ${value} in a Parquet footer`);
  return at;
}

function keyValue(kv: KeyValue): Thrift {
  return { field_1: kv.key, field_2: kv.value };
}

function schemaElement(e: SchemaElement): Thrift {
  return {
    field_1: e.type === undefined ? undefined : indexOf(ParquetTypes, e.type, 'type'),
    field_2: e.type_length,
    field_3: e.repetition_type === undefined ? undefined : indexOf(FieldRepetitionTypes, e.repetition_type, 'repetition'),
    field_4: e.name,
    field_5: e.num_children,
    field_6: e.converted_type === undefined ? undefined : indexOf(ConvertedTypes, e.converted_type, 'converted type'),
    field_7: e.scale,
    field_8: e.precision,
    field_9: e.field_id,
    field_10: e.logical_type === undefined ? undefined : logicalType(e.logical_type, e.name),
  };
}

/** The LogicalType union member, fields typed exactly as in parquet.thrift. */
export function logicalType(type: LogicalType, column: string): Thrift | ThriftStruct {
  switch (type.type) {
    case 'STRING':
      return { field_1: {} };
    case 'MAP':
      return { field_2: {} };
    case 'LIST':
      return { field_3: {} };
    case 'ENUM':
      return { field_4: {} };
    case 'DECIMAL':
      return { field_5: { field_1: type.scale, field_2: type.precision } };
    case 'DATE':
      return { field_6: {} };
    case 'TIME':
      return { field_7: { field_1: type.isAdjustedToUTC, field_2: timeUnit(type.unit) } };
    case 'TIMESTAMP':
      return { field_8: { field_1: type.isAdjustedToUTC, field_2: timeUnit(type.unit) } };
    case 'INTEGER':
      return {
        field_10: new ThriftStruct([
          [1, COMPACT_BYTE, type.bitWidth],
          [2, type.isSigned ? COMPACT_TRUE : COMPACT_FALSE, type.isSigned],
        ]),
      };
    case 'NULL':
      return { field_11: {} };
    case 'JSON':
      return { field_12: {} };
    case 'BSON':
      return { field_13: {} };
    case 'UUID':
      return { field_14: {} };
    case 'FLOAT16':
      return { field_15: {} };
    case 'VARIANT':
      return { field_16: new ThriftStruct(type.specification_version === undefined ? [] : [[1, COMPACT_BYTE, type.specification_version]]) };
    case 'GEOMETRY':
      return { field_17: { field_1: type.crs } };
    case 'GEOGRAPHY':
      return {
        field_18: { field_1: type.crs, field_2: type.algorithm === undefined ? undefined : indexOf(EdgeInterpolationAlgorithms, type.algorithm, 'edge interpolation') },
      };
    default:
      throw new RepartitionError('INTERNAL', `cannot write the logical type of ${column} (${JSON.stringify(type)})`);
  }
}

function timeUnit(unit: TimeUnit): Thrift {
  return unit === 'NANOS' ? { field_3: {} } : unit === 'MICROS' ? { field_2: {} } : { field_1: {} };
}

function rowGroup(g: WrittenRowGroup): Thrift {
  return {
    field_1: g.columns.map(columnChunk),
    field_2: g.totalByteSize,
    field_3: g.numRows,
    field_5: g.fileOffset,
    field_6: g.totalCompressedSize,
  };
}

function columnChunk(c: WrittenChunk): Thrift {
  const s = c.statistics;
  return {
    field_2: c.fileOffset,
    field_3: {
      field_1: indexOf(ParquetTypes, c.type, 'type'),
      field_2: c.encodings.map((e) => indexOf(Encodings, e, 'encoding')),
      field_3: [...c.path],
      field_4: indexOf(CompressionCodecs, c.codec, 'codec'),
      field_5: c.numValues,
      field_6: c.totalUncompressedSize,
      field_7: c.totalCompressedSize,
      field_8: nonEmpty(c.keyValueMetadata?.map(keyValue)),
      field_9: c.dataPageOffset,
      field_11: c.dictionaryPageOffset,
      field_12: { field_3: s.nullCount, field_5: s.maxValue, field_6: s.minValue },
      field_13: nonEmpty(c.encodingStats?.map((es) => ({ field_1: indexOf(PageTypes, es.page_type, 'page type'), field_2: indexOf(Encodings, es.encoding, 'encoding'), field_3: es.count }))),
    },
    field_4: c.offsetIndexOffset,
    field_5: c.offsetIndexLength,
  };
}
