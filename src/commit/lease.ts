/**
 * The table lease: liveness only. Correctness rests on create-only and delete-if-unchanged calls,
 * so two runners can never clobber data; the lease just keeps them from wasting work and from
 * interleaving confusingly. Acquired create-only, renewed and taken over compare-and-swap, and
 * judged in the STORE's clock so a laptop with a wrong clock cannot steal a live lease.
 *
 * A holder that cannot prove it still holds the lease (a renewal failed, or it was paused longer
 * than the lease, e.g. SIGSTOP or a VM freeze) stops before its next mutation.
 */
import { hostname } from 'node:os';
import { RepartitionError } from '../errors.js';
import type { ObjectKey } from '../store/types.js';
import { readJson } from './readAll.js';
import { lockKey } from './state.js';
import type { StateLocation } from './state.js';

export interface LockRecord {
  readonly runId: string;
  readonly owner: string;
  readonly acquiredAt: string;
  readonly leaseUntil: string;
  readonly toolVersion: string;
}

export interface LeaseOptions {
  readonly leaseMs: number;
  readonly toolVersion: string;
  /** Monotonic local clock (ms), for "how long since my last successful renewal". */
  readonly monotonicNow: () => number;
}

export const DEFAULT_LEASE_MS = 120_000;

export class Lease {
  #etag: string;
  #lastRenewedAt: number;
  #lost: string | null = null;
  #timer: NodeJS.Timeout | undefined;
  #renewing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly state: StateLocation,
    private readonly record: LockRecord,
    etag: string,
    private readonly options: LeaseOptions,
  ) {
    this.#etag = etag;
    this.#lastRenewedAt = options.monotonicNow();
  }

  static async acquire(state: StateLocation, runId: string, options: LeaseOptions): Promise<Lease> {
    const key = lockKey(state);
    const storeNow = await state.store.now();
    const record = lockRecord(runId, storeNow, options);
    const created = await state.store.createIfAbsent(key, encode(record));
    if (created.kind === 'created') return new Lease(state, record, created.etag, options);
    const held = await readJson<LockRecord>(state.store, key);
    if (held === null) return Lease.acquire(state, runId, options); // released meanwhile: try again
    // Our own create (or takeover) whose answer was lost: the SDK's retry then met our lock (A2).
    // Run ids are unique per run, so a lock with ours is the one we just wrote.
    if (held.value.runId === runId) return new Lease(state, held.value, held.etag, options);
    const until = Date.parse(held.value.leaseUntil);
    if (!(until < storeNow) && !heldByDeadProcessHere(held.value)) {
      throw new RepartitionError(
        'LOCKED',
        `Table is locked by run ${held.value.runId} (${held.value.owner}) since ${held.value.acquiredAt} until ${held.value.leaseUntil}`,
        { context: { object: key }, hint: 'Another apply is running. Wait for it, or for its lease to expire if it died; `repartition status` shows it.' },
      );
    }
    // Expired: take it over. Exactly one contender's compare-and-swap wins.
    const taken = await state.store.replaceIfMatch(key, encode(record), held.etag);
    if (taken.kind !== 'replaced') return Lease.acquire(state, runId, options);
    return new Lease(state, record, taken.etag, options);
  }

  /** Renews in the background every third of the lease. */
  startRenewing(): void {
    this.#timer = setInterval(() => {
      this.#renewing = this.renew().catch((error: unknown) => {
        this.#lost = `renewal failed: ${error instanceof Error ? error.message : String(error)}`;
      });
    }, Math.max(1000, Math.floor(this.options.leaseMs / 3)));
    this.#timer.unref();
  }

  async renew(): Promise<void> {
    if (this.#lost !== null) return;
    const startedAt = this.options.monotonicNow(); // the new leaseUntil counts from no earlier than this
    const storeNow = await this.state.store.now();
    const record = { ...this.record, leaseUntil: new Date(storeNow + this.options.leaseMs).toISOString() };
    const result = await this.state.store.replaceIfMatch(this.key, encode(record), this.#etag);
    if (result.kind === 'replaced') {
      this.#etag = result.etag;
      this.#lastRenewedAt = startedAt;
      return;
    }
    // 412 may be our own renewal whose answer was lost: the SDK retried it against the new ETag.
    // The lock is still ours exactly when it holds the very record this renewal wrote.
    const held = result.kind === 'changed' ? await readJson<LockRecord>(this.state.store, this.key) : null;
    if (held !== null && held.value.runId === record.runId && held.value.leaseUntil === record.leaseUntil) {
      this.#etag = held.etag;
      this.#lastRenewedAt = startedAt;
      return;
    }
    this.#lost = 'the lock was taken over or removed by another run';
  }

  /** Throws LEASE_LOST unless we can prove we still hold the lease. Call before every mutation. */
  assertHeld(): void {
    // Keep a margin: our clock may run slower than the store's.
    const sinceRenewal = this.options.monotonicNow() - this.#lastRenewedAt;
    if (this.#lost === null && sinceRenewal > this.options.leaseMs * 0.8) {
      this.#lost = `no successful renewal for ${Math.round(sinceRenewal / 1000)} s (process paused?)`;
    }
    if (this.#lost !== null) {
      throw new RepartitionError('LEASE_LOST', `Lost the table lease: ${this.#lost}; stopping before the next change`, {
        hint: 'Nothing is half-done: the next apply resumes this run from its plan.',
      });
    }
  }

  async release(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    await this.#renewing;
    if (this.#lost !== null) return; // not ours any more: never delete another run's lock
    await this.state.store.deleteIfMatch(this.key, this.#etag);
  }

  get runId(): string {
    return this.record.runId;
  }

  private get key(): ObjectKey {
    return lockKey(this.state);
  }
}

/**
 * A holder on this very machine whose process is gone cannot renew: waiting out its lease would
 * only keep a re-run after a crash waiting. (PID reuse errs the safe way: we then wait.)
 */
function heldByDeadProcessHere(record: LockRecord): boolean {
  const match = /^(.*) pid (\d+)$/.exec(record.owner);
  if (match === null || match[1] !== hostname() || Number(match[2]) === process.pid) return false;
  try {
    process.kill(Number(match[2]), 0);
    return false;
  } catch (error) {
    return (error as { code?: unknown }).code === 'ESRCH';
  }
}

function lockRecord(runId: string, storeNow: number, options: LeaseOptions): LockRecord {
  return {
    runId,
    owner: `${hostname()} pid ${process.pid}`,
    acquiredAt: new Date(storeNow).toISOString(),
    leaseUntil: new Date(storeNow + options.leaseMs).toISOString(),
    toolVersion: options.toolVersion,
  };
}

function encode(record: LockRecord): Uint8Array {
  return Buffer.from(JSON.stringify(record, null, 2) + '\n');
}

export async function readLock(state: StateLocation): Promise<LockRecord | null> {
  return (await readJson<LockRecord>(state.store, lockKey(state)))?.value ?? null;
}
