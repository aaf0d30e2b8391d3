/**
 * Strict, streaming gunzip. Node's `createGunzip` decodes multi-member files but silently ignores
 * zero padding after the last member and cannot say where members end, so members are framed here:
 * each header is parsed in JS, its deflate data goes to a native raw inflater (whose `bytesWritten`
 * shows where the member's data ends), and its CRC-32/ISIZE trailer is checked against the output.
 * Every input byte must belong to a complete member (DESIGN.md §4, last bullet).
 *
 * Memory: one input chunk, one inflater with `chunkSize` of output; output goes to `onData`
 * synchronously as it is produced.
 */
import { Buffer } from 'node:buffer';
import zlib from 'node:zlib';
import { GZIP_TRAILER_BYTES, HEADER_INCOMPLETE, HEADER_NOT_GZIP, MAX_GZIP_HEADER_BYTES, crc32, parseGzipHeader } from './gzipMember.js';
import { UnreadableObjectError } from './unreadableObjectError.js';

export interface GunzipResult {
  /** Compressed bytes read. */
  readonly encodedBytes: number;
  readonly members: number;
}

/** Decompresses `source` into `onData`; rejects with UnreadableObjectError unless every byte is accounted for. */
export async function gunzipStrict(source: AsyncIterable<Uint8Array>, onData: (chunk: Buffer) => void, chunkSize: number): Promise<GunzipResult> {
  let offset = 0; // compressed offset of the current input chunk
  let members = 0;
  let memberStart = 0;
  let phase: 'header' | 'body' | 'trailer' = 'header';
  let header = Buffer.alloc(0);
  const trailer = Buffer.alloc(GZIP_TRAILER_BYTES);
  let trailerLength = 0;
  let member: InflatingMember | undefined;
  try {
    for await (const piece of source) {
      const chunk = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
      let p = 0;
      while (p < chunk.length) {
        if (phase === 'header') {
          const take = Math.min(chunk.length - p, 4096);
          header = Buffer.concat([header, chunk.subarray(p, p + take)]);
          const headerLength = parseGzipHeader(header);
          if (headerLength === HEADER_INCOMPLETE && header.length <= MAX_GZIP_HEADER_BYTES) {
            p += take;
            continue;
          }
          if (members > 0 && headerLength < 0) throw trailingBytes(memberStart, 'bytes that are not a gzip member');
          if (headerLength === HEADER_NOT_GZIP) throw new UnreadableObjectError('not-gzip', 'The object is not gzip: it does not start with 1f 8b', { byteOffset: 0 });
          if (headerLength < 0) throw corrupt(memberStart, 'invalid gzip header');
          p += headerLength - (header.length - take);
          header = Buffer.alloc(0);
          member = new InflatingMember(onData, chunkSize);
          phase = 'body';
        } else if (phase === 'body') {
          const unused = await member!.write(p === 0 ? chunk : chunk.subarray(p), memberStart, offset + p);
          p = unused < 0 ? chunk.length : chunk.length - unused;
          if (unused >= 0) {
            await member!.ended(memberStart, offset + p);
            phase = 'trailer';
          }
        } else {
          const take = Math.min(GZIP_TRAILER_BYTES - trailerLength, chunk.length - p);
          chunk.copy(trailer, trailerLength, p, p + take);
          trailerLength += take;
          p += take;
          if (trailerLength < GZIP_TRAILER_BYTES) continue;
          if (trailer.readUInt32LE(0) !== member!.crc || trailer.readUInt32LE(4) !== member!.size % 2 ** 32) {
            const message = `gzip member at byte ${memberStart} fails its CRC-32/ISIZE check`;
            throw new UnreadableObjectError('gzip-crc-mismatch', message, { byteOffset: offset + p - GZIP_TRAILER_BYTES });
          }
          member!.destroy();
          member = undefined;
          members++;
          memberStart = offset + p;
          trailerLength = 0;
          phase = 'header';
        }
      }
      offset += chunk.length;
    }
    if (phase === 'header' && header.length > 0 && members > 0) throw trailingBytes(memberStart, 'a partial gzip header');
    if (phase === 'body') await member!.finish(memberStart, offset);
    if (phase !== 'header' || header.length > 0) throw truncated(offset);
    return { encodedBytes: offset, members };
  } finally {
    member?.destroy();
  }
}

/**
 * One member's deflate data going through a native raw inflater. Output is read by an async
 * iterator, so zlib's backpressure applies (at most one output chunk waits) and the next chunk is
 * inflated on the thread pool while this thread scans the previous one.
 */
class InflatingMember {
  crc = 0;
  size = 0;
  private readonly inflater: zlib.InflateRaw;
  private readonly reading: Promise<void>;
  private written = 0;

  constructor(onData: (chunk: Buffer) => void, chunkSize: number) {
    const inflater = zlib.createInflateRaw({ chunkSize });
    this.inflater = inflater;
    inflater.on('error', () => {}); // reported through `reading` (the iterator rethrows it)
    this.reading = (async () => {
      for await (const out of inflater as AsyncIterable<Buffer>) {
        this.crc = crc32(out, this.crc);
        this.size += out.length;
        onData(out);
      }
    })();
    this.reading.catch(() => {}); // awaited by write/ended; this only marks it handled meanwhile
  }

  /** Returns how many bytes of `bytes` lie past the end of the deflate data, or −1 if it has not ended. */
  async write(bytes: Buffer, memberStart: number, at: number): Promise<number> {
    const writing = new Promise<void>((resolve, reject) => this.inflater.write(bytes, (error) => (error ? reject(error) : resolve())));
    writing.catch(() => {});
    try {
      // A failing reader (bad data, or the consumer threw) may leave the write callback pending.
      await Promise.race([writing, this.reading.then(() => writing)]);
    } catch (error) {
      throw mapError(await this.readingError(error), memberStart, at);
    }
    this.written += bytes.length;
    const consumed = this.inflater.bytesWritten;
    return consumed < this.written ? this.written - consumed : -1;
  }

  /** Waits until all output of a member whose deflate data has ended was delivered. */
  async ended(memberStart: number, at: number): Promise<void> {
    try {
      await this.reading;
    } catch (error) {
      throw mapError(error, memberStart, at);
    }
  }

  /** The input ended inside the member's deflate data. */
  async finish(memberStart: number, at: number): Promise<void> {
    this.inflater.end();
    await this.ended(memberStart, at);
  }

  destroy(): void {
    this.inflater.destroy();
  }

  /** The reader's error explains a failed write better than the write's own (e.g. "destroyed"). */
  private async readingError(fallback: unknown): Promise<unknown> {
    return this.reading.then(
      () => fallback,
      (error: unknown) => error,
    );
  }
}

function mapError(error: unknown, memberStart: number, at: number): unknown {
  if (error instanceof UnreadableObjectError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'Z_BUF_ERROR') return truncated(at);
  if (typeof code === 'string' && code.startsWith('Z_')) return corrupt(memberStart, (error as Error).message);
  return error; // not about the bytes (a consumer's own error): passed through unchanged
}

function truncated(at: number): UnreadableObjectError {
  return new UnreadableObjectError('truncated-gzip', `The gzip data ends inside a member at byte ${at}`, { byteOffset: at });
}
function corrupt(memberStart: number, why: string): UnreadableObjectError {
  return new UnreadableObjectError('corrupt-gzip', `gzip member at byte ${memberStart}: ${why}`, { byteOffset: memberStart });
}
function trailingBytes(at: number, what: string): UnreadableObjectError {
  return new UnreadableObjectError('trailing-bytes', `After the last gzip member, at byte ${at}: ${what}`, { byteOffset: at });
}
