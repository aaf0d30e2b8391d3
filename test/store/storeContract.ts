/**
 * The ObjectStore contract: one set of assertions run against every implementation (local folder,
 * in-memory, S3 on moto), so the commit protocol can rely on the same semantics everywhere.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import type { ObjectStore } from '../../src/store/types.js';
import { asObjectKey } from '../../src/store/types.js';

export interface ContractSubject {
  readonly store: ObjectStore;
  /** A foreign writer replaces the object behind the store's back. */
  overwrite(key: string, bytes: Buffer): Promise<void>;
}

export interface ContractOptions {
  /** Does the store refuse keys that could resolve outside its root? (The test double does not.) */
  readonly guarded: boolean;
  /** Does the store keep object attributes (S3, the test double)? A local folder has none. */
  readonly carriesAttributes?: boolean;
}

/** Awkward but legal key names; LF is left out because moto cannot store it (see the S3 tests). */
export const HOSTILE_NAMES = [
  'a b', 'a+b', 'a=b', 'a%b', 'a%2Fb', 'caf\u00e9', 'cafe\u0301', 'a\rb', 'a\tb', '\u{1F600}', "~!*'()&$@,;:?#[]", 'x'.repeat(200),
];
// (200: a local file name is at most 255 bytes; the S3 tests add a 1,000-byte key.)

export async function readAll(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

export async function listKeys(store: ObjectStore, prefix: string): Promise<string[]> {
  const out: string[] = [];
  for await (const info of store.list(prefix)) out.push(info.key);
  return out;
}

async function* chunked(bytes: Buffer, size: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

const byUtf8 = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

export function describeStoreContract(name: string, setup: () => Promise<ContractSubject>, options: ContractOptions): void {
  const key = asObjectKey;
  describe(`ObjectStore contract: ${name}`, () => {
    test('attributes given to a create are what attributesOf reads back (a folder has none); a new store is not versioned', async () => {
      const { store } = await setup();
      const attributes = {
        contentType: 'application/x-ndjson',
        contentEncoding: 'identity',
        cacheControl: 'no-cache',
        contentDisposition: 'inline',
        metadata: { pipeline: 'firehose', 'schema-version': '3' },
        tags: [{ key: 'env', value: 'prod a+b' }, { key: 'team', value: 'logs/ingest=1' }],
        storageClass: 'STANDARD_IA',
        serverSideEncryption: 'AES256',
      };
      expect(await store.attributesOf(key('dt=2020-04-20/hour=13/none.json'))).toBeNull();
      const created = await store.createIfAbsent(key('dt=2020-04-20/hour=13/a.json'), Buffer.from('x'), attributes);
      const read = await store.attributesOf(key('dt=2020-04-20/hour=13/a.json'));
      expect(read).toEqual({ etag: created.kind === 'created' ? created.etag : '', attributes: options.carriesAttributes === true ? attributes : {} });
      // Carried over again, they stay the same: what a rewrite of a rewrite relies on.
      const again = await store.createIfAbsent(key('dt=2020-04-20/hour=13/b.json'), Buffer.from('y'), read!.attributes);
      expect((await store.attributesOf(key('dt=2020-04-20/hour=13/b.json')))?.attributes).toEqual(read!.attributes);
      expect(again.kind).toBe('created');
      expect(await store.keepsOldVersions()).toBe(false);
    });

    test('create-only: a second create reports exists and keeps the first bytes; etags agree', async () => {
      const { store } = await setup();
      const created = await store.createIfAbsent(key('dt=2020-04-20/hour=13/a.json'), Buffer.from('first'));
      expect(created.kind).toBe('created');
      expect(await store.createIfAbsent(key('dt=2020-04-20/hour=13/a.json'), Buffer.from('second'))).toEqual({ kind: 'exists' });
      const got = await store.get(key('dt=2020-04-20/hour=13/a.json'));
      expect((await readAll(got.body)).toString()).toBe('first');
      const head = await store.head(key('dt=2020-04-20/hour=13/a.json'));
      const listed = [];
      for await (const info of store.list('')) listed.push(info);
      expect(listed.map((i) => i.key)).toEqual(['dt=2020-04-20/hour=13/a.json']);
      expect([got.info.etag, head?.etag, listed[0]?.etag]).toEqual([created.kind === 'created' ? created.etag : '', created.kind === 'created' ? created.etag : '', created.kind === 'created' ? created.etag : '']);
      expect(head?.size).toBe(5);
    });

    test('create streams an async iterable; a body over 8 MiB round-trips and is create-only too', async () => {
      const { store } = await setup();
      await store.createIfAbsent(key('x/small.txt'), chunked(Buffer.from('abcd'), 2));
      expect((await readAll((await store.get(key('x/small.txt'))).body)).toString()).toBe('abcd');
      const big = randomBytes(9 * 1024 * 1024 + 123);
      expect((await store.createIfAbsent(key('x/big.bin'), chunked(big, 1 << 20))).kind).toBe('created');
      expect((await readAll((await store.get(key('x/big.bin'))).body)).equals(big)).toBe(true);
      expect(await store.createIfAbsent(key('x/big.bin'), chunked(randomBytes(9 * 1024 * 1024), 1 << 20))).toEqual({ kind: 'exists' });
      expect((await store.head(key('x/big.bin')))?.size).toBe(big.length);
    });

    test('delete-if-unchanged: refuses a changed object, deletes the pinned version, then reports missing', async () => {
      const subject = await setup();
      const { store } = subject;
      const created = await store.createIfAbsent(key('p/obj.gz'), Buffer.from('v1'));
      if (created.kind !== 'created') throw new Error('expected created');
      await subject.overwrite('p/obj.gz', Buffer.from('v2-longer'));
      expect(await store.deleteIfMatch(key('p/obj.gz'), created.etag)).toEqual({ kind: 'changed' });
      const now = await store.head(key('p/obj.gz'));
      expect(now?.size).toBe(9);
      expect(await store.deleteIfMatch(key('p/obj.gz'), now!.etag)).toEqual({ kind: 'deleted' });
      expect(await store.head(key('p/obj.gz'))).toBeNull();
      expect(await store.deleteIfMatch(key('p/obj.gz'), now!.etag)).toEqual({ kind: 'missing' });
    });

    test('replace-if-match: swaps only the version it was given', async () => {
      const { store } = await setup();
      const created = await store.createIfAbsent(key('_state/lock.json'), Buffer.from('{"a":1}'));
      if (created.kind !== 'created') throw new Error('expected created');
      const replaced = await store.replaceIfMatch(key('_state/lock.json'), Buffer.from('{"a":2}'), created.etag);
      expect(replaced.kind).toBe('replaced');
      expect(replaced.kind === 'replaced' && replaced.etag).not.toBe(created.etag);
      expect(await store.replaceIfMatch(key('_state/lock.json'), Buffer.from('{"a":3}'), created.etag)).toEqual({ kind: 'changed' });
      expect((await readAll((await store.get(key('_state/lock.json'))).body)).toString()).toBe('{"a":2}');
      expect(await store.replaceIfMatch(key('_state/none.json'), Buffer.from('x'), created.etag)).toEqual({ kind: 'missing' });
    });

    test('ranged get returns exactly the requested bytes and the whole size', async () => {
      const { store } = await setup();
      await store.createIfAbsent(key('r/data.bin'), Buffer.from('0123456789'));
      const got = await store.get(key('r/data.bin'), { range: { start: 2, end: 6 } });
      expect((await readAll(got.body)).toString()).toBe('2345');
      expect(got.info.size).toBe(10);
    });

    test('get with ifMatch: the current etag reads, a stale one fails PRECONDITION_FAILED; a missing key NOT_FOUND', async () => {
      const subject = await setup();
      const { store } = subject;
      const created = await store.createIfAbsent(key('g/a'), Buffer.from('x'));
      if (created.kind !== 'created') throw new Error('expected created');
      expect((await readAll((await store.get(key('g/a'), { ifMatch: created.etag })).body)).toString()).toBe('x');
      await subject.overwrite('g/a', Buffer.from('yy'));
      await expect(store.get(key('g/a'), { ifMatch: created.etag })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
      await expect(store.get(key('g/missing'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await store.head(key('g/missing'))).toBeNull();
    });

    test('list is prefix-exact, recursive and in UTF-8 byte order; logs/app/ never matches logs/app-evil/', async () => {
      const { store } = await setup();
      const keys = ['logs/app/a', 'logs/app-evil/b', 'logs/app/sub/c', 'logs/app/\u00e9', 'logs/app/\u{1F600}', 'logs/app/\uFF21', 'logs/apq'];
      for (const k of keys) await store.createIfAbsent(key(k), Buffer.from('1'));
      expect(await listKeys(store, 'logs/app/')).toEqual(['logs/app/a', 'logs/app/sub/c', 'logs/app/\u00e9', 'logs/app/\uFF21', 'logs/app/\u{1F600}']);
      expect(await listKeys(store, 'logs/app')).toContain('logs/app-evil/b');
      expect(await listKeys(store, 'nothing/')).toEqual([]);
      expect(await listKeys(store, '')).toEqual(keys.slice().sort(byUtf8));
    });

    test('hostile key names round-trip exactly through create, list, get and delete', async () => {
      const { store } = await setup();
      const keys = HOSTILE_NAMES.map((n) => `h/${n}`);
      for (const k of keys) expect((await store.createIfAbsent(key(k), Buffer.from(k))).kind).toBe('created');
      const listed = [];
      for await (const info of store.list('h/')) listed.push(info);
      expect(listed.map((i) => i.key)).toEqual(keys.slice().sort(byUtf8));
      for (const info of listed) {
        expect((await readAll((await store.get(info.key)).body)).toString()).toBe(info.key);
        expect(await store.deleteIfMatch(info.key, info.etag)).toEqual({ kind: 'deleted' });
      }
      expect(await listKeys(store, 'h/')).toEqual([]);
    });

    test('now() is a plausible clock', async () => {
      const { store } = await setup();
      expect(Math.abs((await store.now()) - Date.now())).toBeLessThan(5 * 60_000);
    });

    if (options.guarded) {
      test('the key guard refuses keys that could resolve outside the root', async () => {
        const { store } = await setup();
        for (const bad of ['../escape', 'a/../../b', 'a/./b', '..']) {
          await expect(store.createIfAbsent(key(bad), Buffer.from('x')), JSON.stringify(bad)).rejects.toMatchObject({ code: 'KEY_OUTSIDE_ROOT' });
          await expect(store.get(key(bad)), JSON.stringify(bad)).rejects.toMatchObject({ code: 'KEY_OUTSIDE_ROOT' });
        }
        await expect(listKeys(store, '../')).rejects.toMatchObject({ code: 'KEY_OUTSIDE_ROOT' });
      });
    }
  });
}
