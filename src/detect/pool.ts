/**
 * Spreads object scans over worker threads (one per core by default). Decompression and the JSON
 * scan are CPU-bound; a single thread would leave the second core idle.
 *
 * Memory: each in-flight object holds one decoder (gunzip window + 256 KiB chunks + the record
 * being decoded), or for Parquet its footer and at most one decoded row group (scanParquet.ts),
 * so the pool's peak is about `--concurrency` × that, whatever the table's size.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { RepartitionError } from '../errors.js';
import type { ErrorCode, ErrorContext } from '../errors.js';
import type { CountingStore, StoreCallCounts } from '../store/counting.js';
import type { StoreConfig } from '../store/types.js';
import { createObjectScanner } from './scanObject.js';
import type { ObjectScan, ScanSettings, ScanTarget } from './types.js';

export interface WorkerRequest {
  readonly id: number;
  readonly target: ScanTarget;
}
export type WorkerReply =
  | { readonly id: number; readonly ok: true; readonly result: ObjectScan; readonly calls: StoreCallCounts }
  | {
      readonly id: number;
      readonly ok: false;
      readonly calls: StoreCallCounts;
      readonly error: { code: ErrorCode; message: string; context: ErrorContext; hint?: string | undefined };
    };

export interface ScanPool {
  scan(target: ScanTarget): Promise<ObjectScan>;
  close(): Promise<void>;
}

export interface ScanPoolOptions {
  readonly settings: ScanSettings;
  /** Scans on this thread read through it; workers' reads are added to its counts. */
  readonly store: CountingStore;
  readonly storeConfig: StoreConfig;
  /** Worker threads; 0 scans on the calling thread (tests, counting decorators). */
  readonly workers?: number;
}

const WORKER_URL = new URL('./worker.js', import.meta.url);

export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

export function createScanPool(options: ScanPoolOptions): ScanPool {
  const workers = options.workers ?? defaultWorkerCount();
  // Under the TypeScript test runner there is no compiled worker file next to this module.
  const canUseWorkers = import.meta.url.endsWith('.js');
  if (workers === 0 || !canUseWorkers) {
    const scan = createObjectScanner(options.settings);
    return { scan: (target) => scan(options.store, target), close: async () => undefined };
  }
  return new WorkerScanPool(options, workers);
}

class WorkerScanPool implements ScanPool {
  readonly #workers: { worker: Worker; inFlight: number }[] = [];
  readonly #pending = new Map<number, { resolve: (scan: ObjectScan) => void; reject: (error: Error) => void }>();
  #nextId = 0;

  constructor(options: ScanPoolOptions, count: number) {
    for (let i = 0; i < count; i++) {
      const worker = new Worker(fileURLToPath(WORKER_URL), {
        workerData: { settings: options.settings, storeConfig: options.storeConfig },
      });
      const slot = { worker, inFlight: 0 };
      worker.on('message', (reply: WorkerReply) => {
        slot.inFlight -= 1;
        options.store.absorb(reply.calls);
        const pending = this.#pending.get(reply.id);
        if (pending === undefined) return;
        this.#pending.delete(reply.id);
        if (reply.ok) pending.resolve(reply.result);
        else
          pending.reject(
            new RepartitionError(reply.error.code, reply.error.message, {
              context: reply.error.context,
              ...(reply.error.hint === undefined ? {} : { hint: reply.error.hint }),
            }),
          );
      });
      worker.on('error', (error) => this.#failAll(error));
      this.#workers.push(slot);
    }
  }

  scan(target: ScanTarget): Promise<ObjectScan> {
    const slot = this.#workers.reduce((best, w) => (w.inFlight < best.inFlight ? w : best));
    const id = this.#nextId++;
    slot.inFlight += 1;
    return new Promise<ObjectScan>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, target } satisfies WorkerRequest);
    });
  }

  #failAll(error: Error): void {
    for (const [id, pending] of this.#pending) {
      this.#pending.delete(id);
      pending.reject(new RepartitionError('INTERNAL', `Scan worker crashed: ${error.message}`, { cause: error }));
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map(({ worker }) => worker.terminate()));
  }
}
