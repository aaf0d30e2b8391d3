/** Reading back what is at a key: is it the output we planned, and which records does it hold? */
import { RepartitionError } from '../errors.js';
import { decodeJsonl, UnreadableObjectError } from '../formats/jsonl/index.js';
import type { Compression } from '../formats/types.js';
import { DigestAccumulator, formatDigest } from '../plan/digest.js';
import type { ObjectStore } from '../store/types.js';
import { asObjectKey } from '../store/types.js';

export type Inspection =
  | { readonly kind: 'missing' }
  /** Not decodable as our output: certainly not ours. */
  | { readonly kind: 'foreign'; readonly etag: string }
  | { readonly kind: 'present'; readonly etag: string; readonly digest: string; readonly hashes: readonly string[] };

/**
 * Decodes the object and returns its multiset digest, plus each record's hash when `withHashes`
 * (for containment checks). Our outputs are recognised by content, not by metadata, so the check
 * works on every store and survives re-encoding by a newer library.
 */
export async function inspectObject(store: ObjectStore, key: string, compression: Compression, withHashes = false): Promise<Inspection> {
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
