/** Reading back what is at a key: is it the output we planned, and which records does it hold? */
import { isParquetShape } from '../detect/types.js';
import type { ObjectShape } from '../detect/types.js';
import { RepartitionError } from '../errors.js';
import { decodeJsonl, UnreadableObjectError } from '../formats/jsonl/index.js';
import type { Compression } from '../formats/types.js';
import { byteSourceFromStore, digestParquet, UnreadableParquetError } from '../formats/parquet/index.js';
import type { ParquetFooter } from '../formats/parquet/index.js';
import { DigestAccumulator, formatDigest } from '../plan/digest.js';
import type { ObjectStore } from '../store/types.js';
import { asObjectKey } from '../store/types.js';

export type Inspection =
  | { readonly kind: 'missing' }
  /** Not decodable as our output: certainly not ours. */
  | { readonly kind: 'foreign'; readonly etag: string }
  | {
      readonly kind: 'present';
      readonly etag: string;
      readonly digest: string;
      readonly hashes: readonly string[];
      /** Parquet only: the file's schema (schemaFingerprint), which an output must share with its source. */
      readonly schema?: string;
    };

/** How often a Parquet read back starts again when the object is replaced between HEAD and the ranged reads. */
const MAX_ATTEMPTS = 3;

/**
 * Decodes the object and returns its multiset digest, plus each record's hash when `withHashes`
 * (for containment checks). Our outputs are recognised by content, not by metadata, so the check
 * works on every store and survives re-encoding by a newer library. `shape` says how to decode:
 * an object that does not decode that way (a Parquet output that is not Parquet) is `foreign`.
 */
export async function inspectObject(store: ObjectStore, key: string, shape: ObjectShape, withHashes = false): Promise<Inspection> {
  return isParquetShape(shape) ? inspectParquet(store, key, withHashes) : inspectJsonl(store, key, shape.compression, withHashes);
}

async function inspectJsonl(store: ObjectStore, key: string, compression: Compression, withHashes: boolean): Promise<Inspection> {
  let got;
  try {
    got = await store.get(asObjectKey(key));
  } catch (error) {
    if (error instanceof RepartitionError && error.code === 'NOT_FOUND') return { kind: 'missing' };
    throw error;
  }
  const acc = new DigestAccumulator();
  const hashes: string[] = [];
  try {
    await decodeJsonl(got.body, { compression, timeFieldPath: [] }, (record) => {
      acc.add(record.bytes);
      if (withHashes) hashes.push(`${acc.lastHi}:${acc.lastLo}`);
    });
  } catch (error) {
    if (error instanceof UnreadableObjectError) return { kind: 'foreign', etag: got.info.etag };
    throw error;
  }
  return { kind: 'present', etag: got.info.etag, digest: formatDigest(acc.snapshot()), hashes };
}

/** Every row decoded (digestParquet), by ranged reads pinned to the version a HEAD saw. */
async function inspectParquet(store: ObjectStore, key: string, withHashes: boolean): Promise<Inspection> {
  for (let attempt = 1; ; attempt++) {
    const info = await store.head(asObjectKey(key));
    if (info === null) return { kind: 'missing' };
    const hashes: string[] = [];
    try {
      const read = await digestParquet(byteSourceFromStore(store, asObjectKey(key), info.size, info.etag), withHashes ? (hi, lo) => hashes.push(`${hi}:${lo}`) : undefined);
      return { kind: 'present', etag: info.etag, digest: formatDigest(read.digest), hashes, schema: schemaFingerprint(read.footer.metadata.schema) };
    } catch (error) {
      if (error instanceof UnreadableParquetError) return { kind: 'foreign', etag: info.etag };
      // Replaced or deleted between the HEAD and a ranged read: look again.
      const raced = error instanceof RepartitionError && (error.code === 'PRECONDITION_FAILED' || error.code === 'NOT_FOUND');
      if (!raced || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

/** A Parquet schema as comparable text: every field of every element, in order. */
export function schemaFingerprint(schema: ParquetFooter['metadata']['schema']): string {
  return JSON.stringify(schema, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value));
}

/** Is every record of `part` (as a multiset of hashes) also in `whole`? */
export function multisetContains(whole: readonly string[], part: readonly string[]): boolean {
  const counts = new Map<string, number>();
  for (const h of whole) counts.set(h, (counts.get(h) ?? 0) + 1);
  for (const h of part) {
    const left = counts.get(h) ?? 0;
    if (left === 0) return false;
    counts.set(h, left - 1);
  }
  return true;
}
