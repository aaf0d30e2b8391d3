/**
 * The embedded default store: a folder on the local disk, with the same conditional semantics as
 * S3 so that the commit protocol runs unchanged on a laptop.
 *
 * - create-only: data goes to a hidden temp file in the same folder, then `link()` publishes it; a
 *   link fails with EEXIST instead of replacing, so readers never see a partial object and a twin
 *   writer never overwrites ours.
 * - delete-if-unchanged: compare the etag, then unlink. Unlike S3 this is check-then-act, so a
 *   foreign writer racing in the same microsecond could lose its change; local folders are for
 *   single-machine use and the README says so.
 */
import { link, mkdir, open, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { BigIntStats } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RepartitionError } from '../errors.js';
import type { AttributesResult, ByteRange, CreateResult, DeleteResult, GetResult, ObjectInfo, ObjectKey, ObjectStore, ReplaceResult } from './types.js';
import { asObjectKey } from './types.js';

const READ_CHUNK_BYTES = 256 * 1024;

/**
 * Temp files carry this host and process, so a later run can tell an abandoned one (its writer
 * died: SIGKILL, OOM) from one that is being written right now: `.lr-tmp-<host>-<pid>-<random>`.
 */
const HOST_TAG = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);
const TEMP_NAME = /^\.lr-tmp-([0-9a-f]{8})-(\d+)-[0-9a-f]+$/;

function tempName(): string {
  return `.lr-tmp-${HOST_TAG}-${process.pid}-${randomBytes(6).toString('hex')}`;
}

export class LocalFolderStore implements ObjectStore {
  readonly rootUri: string;
  readonly #rootPath: string;

  constructor(rootPath: string) {
    this.#rootPath = path.resolve(rootPath);
    this.rootUri = pathToFileURL(this.#rootPath + path.sep).href;
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    assertKeyShape(prefix, true);
    // Walk only the folder that contains the prefix, then filter by the exact string prefix.
    const cut = prefix.lastIndexOf('/');
    const startDir = cut < 0 ? '' : prefix.slice(0, cut + 1);
    const found: ObjectInfo[] = [];
    await this.#walk(startDir, prefix, found);
    found.sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)));
    yield* found;
  }

  async #walk(dirKey: string, prefix: string, out: ObjectInfo[]): Promise<void> {
    let entries;
    try {
      entries = await readdir(this.#pathOf(dirKey), { withFileTypes: true });
    } catch (error) {
      if (isErrno(error, 'ENOENT') || isErrno(error, 'ENOTDIR')) return;
      throw ioError('list', dirKey, error);
    }
    for (const entry of entries) {
      const key = dirKey + entry.name;
      if (entry.isDirectory()) {
        if (prefix.startsWith(key + '/') || (key + '/').startsWith(prefix)) await this.#walk(key + '/', prefix, out);
      } else if (entry.isFile() && key.startsWith(prefix)) {
        const st = await stat(this.#pathOf(key), { bigint: true }).catch(() => null);
        if (st !== null) out.push(infoOf(asObjectKey(key), st));
      }
    }
  }

  async head(key: ObjectKey): Promise<ObjectInfo | null> {
    assertKeyShape(key, false);
    try {
      return infoOf(key, await stat(this.#pathOf(key), { bigint: true }));
    } catch (error) {
      if (isErrno(error, 'ENOENT') || isErrno(error, 'ENOTDIR')) return null;
      throw ioError('head', key, error);
    }
  }

  /**
   * A file has no Content-Type, tags, storage class or encryption of its own to carry over (the
   * folder's permissions and the disk's encryption apply to every file alike), so there is
   * nothing to read, and `createIfAbsent` has nothing to apply.
   */
  async attributesOf(key: ObjectKey): Promise<AttributesResult | null> {
    const info = await this.head(key);
    return info === null ? null : { etag: info.etag, attributes: {} };
  }

  async get(key: ObjectKey, options: { range?: ByteRange; ifMatch?: string } = {}): Promise<GetResult> {
    assertKeyShape(key, false);
    let handle: FileHandle;
    try {
      handle = await open(this.#pathOf(key), 'r');
    } catch (error) {
      if (isErrno(error, 'ENOENT')) throw new RepartitionError('NOT_FOUND', `Object not found: ${key}`, { context: { object: key } });
      throw ioError('get', key, error);
    }
    // Stat the open descriptor: the etag then belongs to exactly the bytes we stream.
    const info = infoOf(key, await handle.stat({ bigint: true }));
    if (options.ifMatch !== undefined && options.ifMatch !== info.etag) {
      await handle.close();
      throw new RepartitionError('PRECONDITION_FAILED', `Object changed since it was listed: ${key}`, { context: { object: key } });
    }
    const range = options.range;
    // The stream owns the descriptor from here on: it closes it at the end or when destroyed.
    const stream = handle.createReadStream({
      highWaterMark: READ_CHUNK_BYTES,
      ...(range === undefined ? {} : { start: range.start, end: range.end - 1 }),
    });
    async function* body(): AsyncIterable<Uint8Array> {
      try {
        for await (const chunk of stream) yield chunk as Buffer;
      } finally {
        stream.destroy();
      }
    }
    return { info, body: body() };
  }

  /** `attributes` are ignored: see attributesOf. */
  async createIfAbsent(key: ObjectKey, body: Uint8Array | AsyncIterable<Uint8Array>): Promise<CreateResult> {
    assertKeyShape(key, false);
    const finalPath = this.#pathOf(key);
    await mkdir(path.dirname(finalPath), { recursive: true });
    const tempPath = path.join(path.dirname(finalPath), tempName());
    const handle = await open(tempPath, 'wx');
    try {
      if (body instanceof Uint8Array) await handle.write(body);
      else for await (const chunk of body) await handle.write(chunk);
      await handle.sync();
    } catch (error) {
      await handle.close();
      await unlink(tempPath).catch(() => undefined); // our own temp file; nobody else knows its name
      throw ioError('create', key, error);
    }
    await handle.close();
    try {
      await link(tempPath, finalPath);
    } catch (error) {
      if (isErrno(error, 'EEXIST')) return { kind: 'exists' };
      throw ioError('create', key, error);
    } finally {
      await unlink(tempPath).catch(() => undefined);
    }
    const info = await this.head(key);
    if (info === null) throw ioError('create', key, new Error('object vanished right after it was created'));
    return { kind: 'created', etag: info.etag };
  }

  async deleteIfMatch(key: ObjectKey, etag: string): Promise<DeleteResult> {
    const info = await this.head(key);
    if (info === null) return { kind: 'missing' };
    if (info.etag !== etag) return { kind: 'changed' };
    try {
      await unlink(this.#pathOf(key));
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return { kind: 'missing' };
      throw ioError('delete', key, error);
    }
    return { kind: 'deleted' };
  }

  async replaceIfMatch(key: ObjectKey, body: Uint8Array, etag: string): Promise<ReplaceResult> {
    const info = await this.head(key);
    if (info === null) return { kind: 'missing' };
    if (info.etag !== etag) return { kind: 'changed' };
    const finalPath = this.#pathOf(key);
    const tempPath = path.join(path.dirname(finalPath), tempName());
    try {
      await writeFile(tempPath, body, { flag: 'wx' });
      await rename(tempPath, finalPath); // atomic for readers; check-then-act like deleteIfMatch
    } catch (error) {
      await unlink(tempPath).catch(() => undefined); // our own temp file
      throw ioError('replace', key, error);
    }
    const now = await this.head(key);
    if (now === null) return { kind: 'missing' };
    return { kind: 'replaced', etag: now.etag };
  }

  async now(): Promise<number> {
    return Date.now();
  }

  /** A deleted file is gone: `--backup auto` copies. */
  async keepsOldVersions(): Promise<boolean> {
    return false;
  }

  /**
   * Removes temp files whose writer process on this host is gone. Temp files are hidden (Athena
   * and our scanner skip `.` names) but are debris; a writer on another host is never judged dead.
   */
  async removeAbandonedWrites(prefix: string): Promise<string[]> {
    const removed: string[] = [];
    for await (const info of this.list(prefix)) {
      const name = info.key.slice(info.key.lastIndexOf('/') + 1);
      const match = TEMP_NAME.exec(name);
      if (match === null || match[1] !== HOST_TAG || isAlive(Number(match[2]))) continue;
      await unlink(this.#pathOf(info.key)).catch(() => undefined); // gone already: fine
      removed.push(info.key);
    }
    return removed;
  }

  #pathOf(key: string): string {
    return key === '' ? this.#rootPath : path.join(this.#rootPath, ...key.split('/').filter((s) => s !== ''));
  }
}

/**
 * The key guard of the local store. A key is opaque, but a file system cannot represent every
 * string: `.`/`..`/empty segments, NUL and backslashes could escape or alias the root, so refuse.
 */
function assertKeyShape(key: string, isPrefix: boolean): void {
  const segments = key.split('/');
  const last = segments.length - 1;
  const bad = segments.some((s, i) => (s === '' && !(isPrefix && i === last)) || s === '.' || s === '..');
  if (key.includes('\0') || key.includes('\\') || key.startsWith('/') || (bad && key !== '')) {
    throw new RepartitionError('KEY_OUTSIDE_ROOT', `Refusing key outside the table root: ${JSON.stringify(key)}`, {
      context: { object: key },
    });
  }
}

function infoOf(key: ObjectKey, big: BigIntStats): ObjectInfo {
  return {
    key,
    size: Number(big.size),
    etag: `${big.ino.toString(36)}-${big.size.toString(36)}-${big.mtimeNs.toString(36)}`,
    lastModifiedMs: Number(big.mtimeMs),
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code !== 'ESRCH';
  }
}

function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

function ioError(operation: string, key: string, cause: unknown): RepartitionError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new RepartitionError('STORE_IO', `Local store ${operation} failed for ${JSON.stringify(key)}: ${detail}`, {
    context: { object: key },
    cause,
  });
}
