/** Small helpers to read whole (small) objects: lock, plan, summaries. */
import type { ObjectKey, ObjectStore } from '../store/types.js';

export async function readBytes(store: ObjectStore, key: ObjectKey): Promise<{ bytes: Buffer; etag: string } | null> {
  const info = await store.head(key);
  if (info === null) return null;
  try {
    const got = await store.get(key);
    const chunks: Buffer[] = [];
    for await (const chunk of got.body) chunks.push(Buffer.from(chunk));
    return { bytes: Buffer.concat(chunks), etag: got.info.etag };
  } catch (error) {
    // Deleted between head and get: the same as not there.
    if (typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'NOT_FOUND') return null;
    throw error;
  }
}

export async function readJson<T>(store: ObjectStore, key: ObjectKey): Promise<{ value: T; etag: string } | null> {
  const read = await readBytes(store, key);
  return read === null ? null : { value: JSON.parse(read.bytes.toString('utf8')) as T, etag: read.etag };
}
