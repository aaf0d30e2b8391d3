// Baseline for the benchmark: stream-gunzip every object of a table with Node's zlib (256 KiB
// chunks), spread over N worker threads with the same per-run concurrency as `plan`. This is the
// practical limit of this machine for reading gzip JSON lines: plan cannot decompress faster.
import { createReadStream, readdirSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createGunzip } from 'node:zlib';
import { fileURLToPath } from 'node:url';

if (isMainThread) {
  const [root, workersText, concurrencyText] = process.argv.slice(2);
  const files = listFiles(root).filter((f) => f.endsWith('.gz'));
  const workers = Number(workersText);
  const perWorker = Math.max(1, Math.ceil(Number(concurrencyText) / workers));
  const shares = Array.from({ length: workers }, (_, i) => files.filter((_, j) => j % workers === i));
  const totals = await Promise.all(
    shares.map(
      (share) =>
        new Promise((resolve, reject) => {
          const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { files: share, concurrency: perWorker } });
          worker.on('message', resolve);
          worker.on('error', reject);
        }),
    ),
  );
  process.stdout.write(JSON.stringify({ bytes: totals.reduce((a, b) => a + b, 0), files: files.length }) + '\n');
} else {
  const { files, concurrency } = workerData;
  let next = 0;
  let bytes = 0;
  async function lane() {
    while (next < files.length) {
      const file = files[next++];
      const gunzip = createGunzip({ chunkSize: 256 * 1024 });
      gunzip.on('data', (chunk) => (bytes += chunk.length));
      await pipeline(createReadStream(file, { highWaterMark: 256 * 1024 }), gunzip);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, lane));
  parentPort.postMessage(bytes);
}

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
