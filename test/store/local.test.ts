import { mkdtemp, readFile, rm, writeFile, mkdir, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { RepartitionError } from '../../src/errors.js';
import { LocalFolderStore } from '../../src/store/local.js';
import { asObjectKey } from '../../src/store/types.js';

let dir: string;
let store: LocalFolderStore;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lr-store-'));
  store = new LocalFolderStore(dir);
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

async function readAll(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

async function keys(prefix: string): Promise<string[]> {
  const out: string[] = [];
  for await (const info of store.list(prefix)) out.push(info.key);
  return out;
}

describe('LocalFolderStore', () => {
  test('create-only: a second create of the same key reports exists and keeps the first bytes', async () => {
    const key = asObjectKey('dt=2020-04-20/hour=13/a.json');
    expect((await store.createIfAbsent(key, Buffer.from('first'))).kind).toBe('created');
    expect(await store.createIfAbsent(key, Buffer.from('second'))).toEqual({ kind: 'exists' });
    expect(await readFile(path.join(dir, 'dt=2020-04-20', 'hour=13', 'a.json'), 'utf8')).toBe('first');
    // No temp files are left behind in the folder.
    expect(await keys('')).toEqual(['dt=2020-04-20/hour=13/a.json']);
  });

  test('create from an async iterable streams every chunk', async () => {
    async function* parts(): AsyncIterable<Uint8Array> {
      yield Buffer.from('ab');
      yield Buffer.from('cd');
    }
    await store.createIfAbsent(asObjectKey('x/y.txt'), parts());
    expect((await readAll((await store.get(asObjectKey('x/y.txt'))).body)).toString()).toBe('abcd');
  });

  test('delete-if-unchanged: refuses a changed object, deletes the pinned version', async () => {
    const key = asObjectKey('p/obj.gz');
    const created = await store.createIfAbsent(key, Buffer.from('v1'));
    if (created.kind !== 'created') throw new Error('expected created');
    // A foreign writer replaces the file in place.
    await writeFile(path.join(dir, 'p', 'obj.gz'), 'v2-longer');
    expect(await store.deleteIfMatch(key, created.etag)).toEqual({ kind: 'changed' });
    const now = await store.head(key);
    expect(now).not.toBeNull();
    expect(await store.deleteIfMatch(key, now!.etag)).toEqual({ kind: 'deleted' });
    expect(await store.head(key)).toBeNull();
    expect(await store.deleteIfMatch(key, now!.etag)).toEqual({ kind: 'missing' });
  });

  test('ranged get returns exactly the requested bytes', async () => {
    await store.createIfAbsent(asObjectKey('r/data.bin'), Buffer.from('0123456789'));
    const got = await store.get(asObjectKey('r/data.bin'), { range: { start: 2, end: 6 } });
    expect((await readAll(got.body)).toString()).toBe('2345');
    expect(got.info.size).toBe(10);
  });

  test('get with a stale ifMatch fails with PRECONDITION_FAILED; a missing key with NOT_FOUND', async () => {
    await store.createIfAbsent(asObjectKey('g/a'), Buffer.from('x'));
    await expect(store.get(asObjectKey('g/a'), { ifMatch: 'nope' })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    await expect(store.get(asObjectKey('g/missing'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  test('list is prefix-exact, recursive and in UTF-8 byte order', async () => {
    for (const key of ['logs/app/a', 'logs/app-evil/b', 'logs/app/sub/c', 'logs/app/\u00e9', 'logs/app/\u{1F600}', 'logs/app/\uFF21']) {
      await store.createIfAbsent(asObjectKey(key), Buffer.from('1'));
    }
    expect(await keys('logs/app/')).toEqual(['logs/app/a', 'logs/app/sub/c', 'logs/app/\u00e9', 'logs/app/\uFF21', 'logs/app/\u{1F600}']);
    expect(await keys('logs/app')).toContain('logs/app-evil/b');
    expect(await keys('nothing/')).toEqual([]);
  });

  test.each(['../escape', 'a/../../b', '/abs', 'a//b', 'a/./b', 'a\\b', 'nul\0'])('refuses key %j outside the root', async (key) => {
    const error = await store.head(asObjectKey(key)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RepartitionError);
    expect((error as RepartitionError).code).toBe('KEY_OUTSIDE_ROOT');
    await expect(store.createIfAbsent(asObjectKey(key), Buffer.from('x'))).rejects.toMatchObject({ code: 'KEY_OUTSIDE_ROOT' });
  });

  test('symlinks are not followed out of the root by list', async () => {
    const outside = await mkdtemp(path.join(tmpdir(), 'lr-outside-'));
    await writeFile(path.join(outside, 'secret'), 's');
    await mkdir(path.join(dir, 'p'), { recursive: true });
    await symlink(outside, path.join(dir, 'p', 'link'));
    expect(await keys('')).toEqual([]);
    await rm(outside, { recursive: true, force: true });
  });
});
