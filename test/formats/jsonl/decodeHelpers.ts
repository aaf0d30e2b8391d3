/** Test helpers: feed bytes to decodeJsonl in chosen chunks and collect copies of the records. */
import { Buffer } from 'node:buffer';
import { decodeJsonl } from '../../../src/formats/jsonl/index.js';
import type { JsonlDecoderOptions } from '../../../src/formats/jsonl/index.js';
import type { Compression, JsonlDecodeSummary, TimeFieldValue } from '../../../src/formats/types.js';

export interface DecodedRecord {
  readonly bytes: Buffer;
  readonly line: number;
  readonly byteOffset: number;
  readonly time: TimeFieldValue;
  /** The raw time text the decoder exposes for hot-path parsing (`timeStart` ≥ 0), if any. */
  readonly rawTime?: { readonly isString: boolean; readonly text: string };
}

/** Splits `bytes` at the given offsets (taken modulo the length, sorted, deduplicated). */
export function chunked(bytes: Uint8Array, cuts: readonly number[] = []): Uint8Array[] {
  if (bytes.length === 0) return [];
  const at = [...new Set(cuts.map((c) => c % bytes.length))].filter((c) => c > 0).sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let start = 0;
  for (const cut of [...at, bytes.length]) {
    pieces.push(bytes.subarray(start, cut));
    start = cut;
  }
  return pieces;
}

export async function* asSource(pieces: readonly Uint8Array[]): AsyncIterable<Uint8Array> {
  for (const piece of pieces) yield piece;
}

export async function decodeAll(
  pieces: readonly Uint8Array[],
  compression: Compression,
  timeField = 'ts',
  extra: Partial<JsonlDecoderOptions> = {},
): Promise<{ records: DecodedRecord[]; summary: JsonlDecodeSummary }> {
  const records: DecodedRecord[] = [];
  const options: JsonlDecoderOptions = { compression, timeFieldPath: timeField.split('.'), ...extra };
  const summary = await decodeJsonl(asSource(pieces), options, (r) => {
    const rawTime = r.timeStart >= 0 ? { isString: r.timeIsString, text: r.buffer.toString('utf8', r.timeStart, r.timeEnd) } : undefined;
    records.push({ bytes: Buffer.from(r.bytes), line: r.line, byteOffset: r.byteOffset, time: r.time, ...(rawTime === undefined ? {} : { rawTime }) });
  });
  return { records, summary };
}

export async function collect(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of source) parts.push(part);
  return Buffer.concat(parts);
}

export type Outcome = { ok: true; records: DecodedRecord[]; summary: JsonlDecodeSummary } | { ok: false; error: unknown };

/** decodeAll, with a failure as a value. */
export async function settle(run: Promise<{ records: DecodedRecord[]; summary: JsonlDecodeSummary }>): Promise<Outcome> {
  return run.then(
    (result) => ({ ok: true as const, ...result }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}
