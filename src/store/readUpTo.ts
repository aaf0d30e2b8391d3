/**
 * Reads the start of a byte stream, up to a limit, without closing it: the S3 store sends a body
 * that fits in one PutObject as one buffer and streams a larger one through a multipart upload,
 * and it can only tell which it is by reading.
 */

export type Prefetched =
  /** The whole body fit: `bytes` is all of it. */
  | { readonly kind: 'whole'; readonly bytes: Buffer }
  /** More than `limit` bytes: `rest()` yields everything (the read part first), exactly once. */
  | { readonly kind: 'large'; readonly rest: () => AsyncGenerator<Uint8Array> };

export async function readUpTo(body: AsyncIterable<Uint8Array>, limit: number): Promise<Prefetched> {
  const iterator = body[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const next = await iterator.next();
    if (next.done === true) return { kind: 'whole', bytes: Buffer.concat(head, size) };
    head.push(next.value);
    size += next.value.length;
    if (size > limit) break;
  }
  async function* rest(): AsyncGenerator<Uint8Array> {
    try {
      yield* head.splice(0);
      for (;;) {
        const next = await iterator.next();
        if (next.done === true) return;
        yield next.value;
      }
    } finally {
      // Stopped early (the upload failed): let the producer release what it holds.
      await iterator.return?.();
    }
  }
  return { kind: 'large', rest };
}
