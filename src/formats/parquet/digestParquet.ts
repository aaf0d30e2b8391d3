/**
 * The verification read before commit: decode every row of a (just written) file and return its
 * row count and the multiset digest of its rows' bytes (rowBytes.ts), to compare with the digest
 * of the rows that were meant to go into it. Reads one row group at a time.
 */
import { DigestAccumulator } from '../../plan/digest.js';
import type { Digest } from '../../plan/digest.js';
import type { ByteSource } from './byteSource.js';
import { readFooter } from './readFooter.js';
import type { ParquetFooter } from './readFooter.js';
import { readRowGroup } from './readRowGroup.js';
import { RowEncoder } from './rowBytes.js';

export interface ParquetDigest {
  readonly footer: ParquetFooter;
  readonly rows: number;
  readonly digest: Digest;
}

/**
 * Rejects with UnreadableParquetError if the file does not decode completely. `onRowHash` (if
 * given) gets each row's 64-bit hash as two 32-bit halves, in file order: for multiset
 * containment checks (which rows of one file another holds).
 */
export async function digestParquet(source: ByteSource, onRowHash?: (hi: number, lo: number) => void): Promise<ParquetDigest> {
  const footer = await readFooter(source);
  const acc = new DigestAccumulator();
  const encoder = new RowEncoder();
  for (let g = 0; g < footer.metadata.row_groups.length; g++) {
    const group = await readRowGroup(source, footer, g);
    for (let r = 0; r < group.rows; r++) {
      acc.add(encoder.encode(group, r));
      onRowHash?.(acc.lastHi, acc.lastLo);
    }
  }
  return { footer, rows: acc.records, digest: acc.snapshot() };
}
