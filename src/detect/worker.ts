/**
 * Worker-thread side of the scan pool. Each worker opens its own store from the serialisable
 * config and scans the objects it is sent, several at a time (I/O waits interleave), so that
 * decompression and classification use every core.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { RepartitionError } from '../errors.js';
import { CountingStore } from '../store/counting.js';
import { openStore } from '../store/open.js';
import type { StoreConfig } from '../store/types.js';
import { createObjectScanner } from './scanObject.js';
import type { ScanSettings } from './types.js';
import type { WorkerReply, WorkerRequest } from './pool.js';

const { settings, storeConfig } = workerData as { settings: ScanSettings; storeConfig: StoreConfig };
// Counted here and handed back with each result, so the run's totals include worker reads.
const store = new CountingStore(openStore(storeConfig));
const scan = createObjectScanner(settings);
const port = parentPort;
if (port === null) throw new Error('scan worker started outside a worker thread');

port.on('message', (request: WorkerRequest) => {
  scan(store, request.target).then(
    (result) => port.postMessage({ id: request.id, ok: true, result, calls: store.takeCounts() } satisfies WorkerReply),
    (error: unknown) => {
      const failure =
        error instanceof RepartitionError
          ? { code: error.code, message: error.message, context: { ...error.context }, hint: error.hint }
          : { code: 'INTERNAL' as const, message: error instanceof Error ? (error.stack ?? error.message) : String(error), context: {} };
      port.postMessage({ id: request.id, ok: false, error: failure, calls: store.takeCounts() } satisfies WorkerReply);
    },
  );
});
