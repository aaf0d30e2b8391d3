/** Per-row event times of one row group, from the time column's chunk alone. */
import { RepartitionError } from '../../errors.js';
import { failure } from '../../time/fields.js';
import { createEventTimeParser } from '../../time/parse.js';
import type { EventTimeResult } from '../../time/types.js';
import type { ByteSource } from './byteSource.js';
import { readColumnChunk } from './readColumnChunk.js';
import type { LeafChunk } from './readColumnChunk.js';
import type { ParquetFooter } from './readFooter.js';
import { columnChunkRange } from './readFooter.js';
import type { RowGroupData } from './readRowGroup.js';
import type { TimeColumn } from './timeColumn.js';
import { valueResult } from './timeValue.js';
import { UnreadableParquetError } from './unreadableParquetError.js';

/**
 * Per-row event times of row group `rowGroup`, reading only the time column's chunk (one ranged
 * read). A `constant` column (missing, wrong type, DATE) costs no read at all. Rejects with
 * UnreadableParquetError when the chunk does not decode (or is encrypted).
 */
export async function readTimeColumn(source: ByteSource, footer: ParquetFooter, column: TimeColumn, rowGroup: number): Promise<EventTimeResult[]> {
  const group = footer.metadata.row_groups[rowGroup];
  if (group === undefined) throw new RepartitionError('INTERNAL', `row group ${rowGroup} does not exist (the file has ${footer.metadata.row_groups.length})`);
  const rows = Number(group.num_rows);
  if (column.kind === 'constant') return new Array<EventTimeResult>(rows).fill(failure(column.reason));
  const { leaf } = column;
  const meta = group.columns[leaf.index]?.meta_data;
  if (meta === undefined) throw new UnreadableParquetError('unsupported-feature', `the time column ${leaf.dotted} is encrypted`, { column: leaf.dotted, rowGroup });
  const range = columnChunkRange(meta);
  const bytes = new Uint8Array(await source.slice(range.start, range.end));
  return eventTimesOfChunk(readColumnChunk(bytes, leaf, meta, rows, rowGroup), column);
}

/**
 * Per-row event times of a row group that is already decoded (the commit stage reads whole row
 * groups anyway): exactly what {@link readTimeColumn} returns for it, with no further read.
 */
export function eventTimesOfRowGroup(group: RowGroupData, column: TimeColumn): EventTimeResult[] {
  if (column.kind === 'constant') return new Array<EventTimeResult>(group.rows).fill(failure(column.reason));
  const chunk = group.columns[column.leaf.index];
  if (chunk === undefined) throw new RepartitionError('INTERNAL', `row group ${group.rowGroup} has no chunk for ${column.leaf.dotted}`);
  return eventTimesOfChunk(chunk, column);
}

function eventTimesOfChunk(chunk: LeafChunk, column: Extract<TimeColumn, { kind: 'column' }>): EventTimeResult[] {
  const { leaf } = column;
  const rows = chunk.rows;
  const parse = createEventTimeParser(column.options.timeFormat, column.options.timestampZone);
  const out = new Array<EventTimeResult>(rows);
  const defs = chunk.definitionLevels;
  const max = leaf.maxDefinitionLevel;
  const leafOptional = leaf.element.repetition_type === 'OPTIONAL';
  let value = 0;
  for (let r = 0; r < rows; r++) {
    const def = defs === null ? max : defs[r]!;
    if (def === max) out[r] = valueResult(chunk.values, value++, column, parse);
    else out[r] = failure(leafOptional && def === max - 1 ? 'null-value' : 'missing-field'); // a null struct above: no field
  }
  return out;
}
