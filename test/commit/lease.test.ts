import { describe, expect, test } from 'vitest';
import { Lease, readLock } from '../../src/commit/lease.js';
import type { StateLocation } from '../../src/commit/state.js';
import { asObjectKey } from '../../src/store/types.js';
import type { CreateResult, ObjectKey, ReplaceResult } from '../../src/store/types.js';
import { MemoryStore } from '../helpers/memoryStore.js';

/**
 * The store applies the next create/replace, then the answer is lost and the SDK's retry meets the
 * object it just wrote (reliability.md A2): create → "exists", compare-and-swap → "changed" (412).
 */
class LostAnswerStore extends MemoryStore {
  loseNextCreate = false;
  loseNextReplace = false;
  override async createIfAbsent(key: ObjectKey, body: Uint8Array | AsyncIterable<Uint8Array>): Promise<CreateResult> {
    const result = await super.createIfAbsent(key, body);
    if (!this.loseNextCreate) return result;
    this.loseNextCreate = false;
    return { kind: 'exists' };
  }
  override async replaceIfMatch(key: ObjectKey, body: Uint8Array, etag: string): Promise<ReplaceResult> {
    const result = await super.replaceIfMatch(key, body, etag);
    if (!this.loseNextReplace) return result;
    this.loseNextReplace = false;
    return { kind: 'changed' };
  }
}

function setup(): { store: MemoryStore; state: StateLocation; clock: { now: number } } {
  const store = new MemoryStore();
  const clock = { now: 0 };
  return { store, state: { store, prefix: '_repartition/', uri: 'memory:///_repartition/' }, clock };
}
const options = (clock: { now: number }) => ({ leaseMs: 10_000, toolVersion: 't', monotonicNow: () => clock.now });

describe('lease', () => {
  test('a second acquirer gets LOCKED with holder, since and until; release frees it', async () => {
    const { state, clock } = setup();
    const first = await Lease.acquire(state, 'run-a', options(clock));
    const error = await Lease.acquire(state, 'run-b', options(clock)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'LOCKED' });
    expect((error as Error).message).toMatch(/locked by run run-a \(.+ pid \d+\) since \S+ until \S+/);
    await first.release();
    expect(await readLock(state)).toBeNull();
    const second = await Lease.acquire(state, 'run-b', options(clock));
    expect((await readLock(state))?.runId).toBe('run-b');
    await second.release();
  });

  test('an expired lease (store clock) is taken over; the old holder finds out at its next renewal', async () => {
    const { store, state, clock } = setup();
    const old = await Lease.acquire(state, 'run-old', options(clock));
    // Make the stored lease look expired and held by a process elsewhere.
    const key = asObjectKey('_repartition/lock.json');
    const record = JSON.parse(Buffer.from(store.objects.get(key)!.bytes).toString()) as Record<string, string>;
    store.put(key, Buffer.from(JSON.stringify({ ...record, owner: 'other-host pid 1', leaseUntil: '2000-01-01T00:00:00.000Z' })));
    const taker = await Lease.acquire(state, 'run-new', options(clock));
    expect((await readLock(state))?.runId).toBe('run-new');
    await old.renew();
    expect(() => old.assertHeld()).toThrow(/Lost the table lease: the lock was taken over/);
    await old.release(); // must not delete the new holder's lock
    expect((await readLock(state))?.runId).toBe('run-new');
    taker.assertHeld();
    await taker.release();
  });

  test('a holder paused longer than (most of) its lease stops before its next change', async () => {
    const { state, clock } = setup();
    const lease = await Lease.acquire(state, 'run-a', options(clock));
    clock.now += 7_000;
    lease.assertHeld();
    clock.now += 2_000; // 9 s without renewal > 80 % of 10 s
    expect(() => lease.assertHeld()).toThrow(/no successful renewal for 9 s/);
  });

  test('renewal extends the lease in the store and resets the pause clock', async () => {
    const { state, clock } = setup();
    const lease = await Lease.acquire(state, 'run-a', options(clock));
    const before = (await readLock(state))!.leaseUntil;
    clock.now += 7_000;
    await new Promise((r) => setTimeout(r, 5));
    await lease.renew();
    clock.now += 7_000;
    lease.assertHeld();
    expect(Date.parse((await readLock(state))!.leaseUntil)).toBeGreaterThan(Date.parse(before));
    await lease.release();
  });

  test('our own lock create whose answer was lost is ours, not LOCKED', async () => {
    const store = new LostAnswerStore();
    const state = { store, prefix: '_repartition/', uri: 'memory:///_repartition/' };
    const clock = { now: 0 };
    store.loseNextCreate = true;
    const lease = await Lease.acquire(state, 'run-a', options(clock));
    lease.assertHeld();
    await lease.release();
    expect(await readLock(state)).toBeNull();
  });

  test('a renewal whose answer was lost (412 on the retry) keeps the lease when the lock holds exactly our record', async () => {
    const store = new LostAnswerStore();
    const state = { store, prefix: '_repartition/', uri: 'memory:///_repartition/' };
    const clock = { now: 0 };
    const lease = await Lease.acquire(state, 'run-a', options(clock));
    clock.now += 5_000;
    store.loseNextReplace = true;
    await lease.renew();
    clock.now += 5_000; // 5 s after the lost-answer renewal: still within 80 % of the lease
    lease.assertHeld();
    await lease.renew(); // the adopted ETag is the current one
    lease.assertHeld();
    await lease.release();
    expect(await readLock(state)).toBeNull();
  });

  test('a 412 on renewal with someone else\'s record in the lock is a lost lease', async () => {
    const store = new LostAnswerStore();
    const state = { store, prefix: '_repartition/', uri: 'memory:///_repartition/' };
    const clock = { now: 0 };
    const lease = await Lease.acquire(state, 'run-a', options(clock));
    const key = asObjectKey('_repartition/lock.json');
    const record = JSON.parse(Buffer.from(store.objects.get(key)!.bytes).toString()) as Record<string, string>;
    store.put(key, Buffer.from(JSON.stringify({ ...record, runId: 'run-b' })));
    await lease.renew();
    expect(() => lease.assertHeld()).toThrow(/taken over/);
  });
});
