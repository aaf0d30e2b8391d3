/**
 * Throughput of decodeJsonl on ~50 MB of realistic log lines (ts first, nested objects, some
 * escapes, 250–400 bytes a line, ~6x gzip ratio), uncompressed and gzip, against plain gunzip of the same bytes.
 * Run: `npx vitest bench bench/jsonlScan.bench.ts --run`. MB/s (10^6 bytes of decompressed data
 * per second, best of the runs) are printed after the table.
 */
import { Buffer } from 'node:buffer';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { afterAll, bench, describe } from 'vitest';
import { decodeJsonl } from '../src/formats/jsonl/index.js';

const TARGET_BYTES = 50 * 1000 * 1000;
const SOURCE_CHUNK = 64 * 1024; // what an S3 GetObject body stream typically delivers

// Deterministic pseudo-random fields (xorshift32) so the data compresses like real logs (~6x), not 15x.
let seed = 0x9e3779b9;
function random(): number {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 2 ** 32;
}
const hex = (digits: number) => Array.from({ length: digits }, () => Math.floor(random() * 16).toString(16)).join('');
const PATHS = ['/api/v1/orders', '/api/v1/cart/items', '/health', '/api/v2/payments/authorize', '/static/app.js'];
const AGENTS = ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0', 'curl/8.4.0', 'okhttp/4.12.0', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X)'];

function logLine(i: number): string {
  const ts = new Date(Date.UTC(2024, 0, 1) + i * 37 + Math.floor(random() * 1000)).toISOString();
  return JSON.stringify({
    ts,
    level: random() < 0.06 ? 'warn' : 'info',
    host: `ip-10-0-${Math.floor(random() * 256)}-${Math.floor(random() * 256)}.internal`,
    req: { id: hex(16), method: random() < 0.7 ? 'GET' : 'POST', path: `${PATHS[i % PATHS.length]}/${Math.floor(random() * 1e6)}?expand=items`, status: random() < 0.98 ? 200 : 503, bytes: Math.floor(random() * 40_000), latency_ms: Math.floor(random() * 90_000) / 10 },
    user: { id: Math.floor(random() * 1e7), agent: AGENTS[i % AGENTS.length] },
    msg: i % 5 === 0 ? `payment "${hex(6)}" declined:\tretry → café` : 'request completed',
  });
}

const lines: string[] = [];
for (let i = 0, size = 0; size < TARGET_BYTES; i++) {
  const line = logLine(i);
  lines.push(line);
  size += Buffer.byteLength(line) + 1;
}
const plain = Buffer.from(lines.join('\n') + '\n');
const gzipped = zlib.gzipSync(plain, { level: 6 });
const chunks = (bytes: Buffer) => Array.from({ length: Math.ceil(bytes.length / SOURCE_CHUNK) }, (_, i) => bytes.subarray(i * SOURCE_CHUNK, (i + 1) * SOURCE_CHUNK));
const plainChunks = chunks(plain);
const gzipChunks = chunks(gzipped);
async function* source(pieces: Buffer[]) {
  yield* pieces;
}

const best = new Map<string, number>();
async function timed(name: string, run: () => Promise<void>): Promise<void> {
  const start = process.hrtime.bigint();
  await run();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  best.set(name, Math.max(best.get(name) ?? 0, plain.length / 1e6 / seconds));
}

const options = { iterations: 5, time: 0, warmupIterations: 1, warmupTime: 0 };
describe(`decode ${(plain.length / 1e6).toFixed(0)} MB, ${lines.length} lines (avg ${Math.round(plain.length / lines.length)} B), gzip ${(gzipped.length / 1e6).toFixed(1)} MB`, () => {
  bench('decodeJsonl, uncompressed', () => timed('decodeJsonl, uncompressed', async () => {
    const summary = await decodeJsonl(source(plainChunks), { compression: 'none', timeFieldPath: ['ts'] }, () => {});
    if (summary.records !== lines.length) throw new Error('lost records');
  }), options);
  bench('decodeJsonl, gzip', () => timed('decodeJsonl, gzip', async () => {
    const summary = await decodeJsonl(source(gzipChunks), { compression: 'gzip', timeFieldPath: ['ts'] }, () => {});
    if (summary.records !== lines.length) throw new Error('lost records');
  }), options);
  bench('baseline: plain createGunzip', () => timed('baseline: plain createGunzip', async () => {
    let bytes = 0;
    for await (const out of Readable.from(gzipChunks).pipe(zlib.createGunzip({ chunkSize: 256 * 1024 }))) bytes += (out as Buffer).length;
    if (bytes !== plain.length) throw new Error('short');
  }), options);
  bench('reference: split lines + JSON.parse', () => timed('reference: split lines + JSON.parse', async () => {
    let count = 0;
    for (let p = 0, nl = plain.indexOf(10); nl >= 0; p = nl + 1, nl = plain.indexOf(10, p)) if (JSON.parse(plain.toString('utf8', p, nl)) !== null) count++;
    if (count !== lines.length) throw new Error('lost lines');
  }), options);
});

afterAll(() => {
  const rows = [...best].map(([name, mbPerSecond]) => `  ${name.padEnd(40)} ${mbPerSecond.toFixed(0).padStart(6)} MB/s  ${((1e3 / mbPerSecond)).toFixed(2)} ns/byte`);
  console.log(`\nThroughput in MB of decompressed data per second (best run):\n${rows.join('\n')}`);
});
