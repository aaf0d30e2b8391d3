/** Footer reads: what they cost (counted through the ByteSource, never timed) and what they refuse. */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  byteSourceFromBytes,
  byteSourceFromStore,
  digestParquet,
  readFooter,
  readRowGroup,
  UnreadableParquetError,
} from '../../../src/formats/parquet/index.js';
import { LocalFolderStore } from '../../../src/store/local.js';
import { asObjectKey } from '../../../src/store/types.js';
import { FIXTURES, tempDir } from './helpers.js';

const SAMPLE = path.join(FIXTURES, 'pyarrow_snappy_v1.parquet');
const bytes = (): Uint8Array => new Uint8Array(readFileSync(SAMPLE));

describe('readFooter', () => {
  it('costs exactly the footer: its length and magic, then the metadata (two reads)', async () => {
    const source = byteSourceFromBytes(bytes());
    const footer = await readFooter(source);
    const metadataLength = new DataView(bytes().buffer).getUint32(bytes().length - 8, true);
    expect(footer.footerBytes).toBe(metadataLength + 8);
    expect(source.bytesRead).toBe(footer.footerBytes);
    expect(source.reads).toBe(2);
    expect(footer.footerBytes).toBeLessThan(bytes().length / 4);
  });

  it('keeps the schema exactly as stored (no geo re-annotation, raw statistics)', async () => {
    const footer = await readFooter(byteSourceFromBytes(bytes()));
    const ts = footer.metadata.row_groups[0]!.columns[footer.leaves.find((l) => l.dotted === 'ts_ns_utc')!.index]!.meta_data!.statistics!;
    expect(typeof ts.min_value).toBe('bigint'); // not a millisecond Date
  });

  const unreadable: [string, (b: Uint8Array) => Uint8Array, string][] = [
    ['an empty object', () => new Uint8Array(0), 'not-parquet'],
    ['a 12-byte object', () => new TextEncoder().encode('PAR1\0\0\0\0PAR1'), 'not-parquet'],
    ['JSON named .parquet', () => new TextEncoder().encode('{"ts":"2020-04-20T10:00:00Z"}\n'), 'not-parquet'],
    ['an encrypted footer (PARE)', (b) => Uint8Array.from([...b.subarray(0, -4), ...new TextEncoder().encode('PARE')]), 'not-parquet'],
    ['a footer length beyond the object', (b) => { const c = b.slice(); new DataView(c.buffer).setUint32(c.length - 8, c.length, true); return c; }, 'corrupt-footer'],
    ['a zero footer length', (b) => { const c = b.slice(); new DataView(c.buffer).setUint32(c.length - 8, 0, true); return c; }, 'corrupt-footer'],
    ['the first half cut off (footer intact)', (b) => b.slice(Math.floor(b.length / 2)), 'corrupt-footer'],
    ['garbage in the Thrift metadata', (b) => { const c = b.slice(); const len = new DataView(c.buffer).getUint32(c.length - 8, true); c.fill(0xee, c.length - 8 - len, c.length - 8 - len + 40); return c; }, 'corrupt-footer'],
  ];
  it.each(unreadable)('refuses %s as unreadable', async (_what, damage, reason) => {
    const error = await readFooter(byteSourceFromBytes(damage(bytes()))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreadableParquetError);
    expect(error).toMatchObject({ code: 'UNREADABLE_OBJECT', reason });
  });

  it('finds damaged pages when a row group is decoded', async () => {
    const damaged = bytes().slice();
    const footer = await readFooter(byteSourceFromBytes(damaged));
    const chunk = footer.metadata.row_groups[0]!.columns[1]!.meta_data!;
    const start = Number(chunk.dictionary_page_offset ?? chunk.data_page_offset);
    damaged.fill(0xff, start + 2, start + 30);
    const error = await readRowGroup(byteSourceFromBytes(damaged), footer, 0).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNREADABLE_OBJECT', reason: 'corrupt-column-chunk', context: { rowGroup: 0 } });
  });
});

describe('byteSourceFromStore', () => {
  const temp = tempDir('pq-store-');
  afterAll(() => temp.remove());
  copyFileSync(SAMPLE, path.join(temp.dir, 'a.parquet'));
  const store = new LocalFolderStore(temp.dir);
  const key = asObjectKey('a.parquet');

  it('serves ranged reads pinned to the ETag, and counts them', async () => {
    const info = (await store.head(key))!;
    const source = byteSourceFromStore(store, key, info.size, info.etag);
    const footer = await readFooter(source);
    expect(source.bytesRead).toBe(footer.footerBytes);
    expect(source.reads).toBe(2);
    const { rows } = await digestParquet(source);
    expect(rows).toBe(Number(footer.metadata.num_rows));
  });

  it('fails with PRECONDITION_FAILED once the object changed', async () => {
    const info = (await store.head(key))!;
    const source = byteSourceFromStore(store, key, info.size, info.etag);
    await readFooter(source);
    writeFileSync(path.join(temp.dir, 'a.parquet'), Buffer.concat([readFileSync(SAMPLE), Buffer.from('x')]));
    await expect(source.slice(0, 4)).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
  });
});
