import { describe, expect, test } from 'vitest';
import { movedOutputKey, restOutputKey, splitExtension, unitIdOf } from '../../src/plan/names.js';

describe('output names', () => {
  test.each([
    ['app-1-2020-04-20-22-40-00-abc.gz', 'app-1-2020-04-20-22-40-00-abc', '.gz'],
    ['part-0001.json.gz', 'part-0001', '.json.gz'],
    ['events.jsonl', 'events', '.jsonl'],
    ['firehose-no-extension', 'firehose-no-extension', ''],
    ['.gz', '.gz', ''],
    ['v1.2.3-file.log.gz', 'v1.2.3-file', '.log.gz'],
    // Parquet: Spark/Hive names carry the codec before the extension; both stay last.
    ['part-00000-uuid.c000.snappy.parquet', 'part-00000-uuid.c000', '.snappy.parquet'],
    ['part-00000-5f1c-4e2a-c000.zstd.parquet', 'part-00000-5f1c-4e2a-c000', '.zstd.parquet'],
    ['x.parquet', 'x', '.parquet'],
    ['x.gz.parquet', 'x', '.gz.parquet'],
    ['part-00000', 'part-00000', ''],
  ])('splitExtension(%j)', (name, stem, extension) => {
    expect(splitExtension(name)).toEqual({ stem, extension });
  });

  test('keys keep the extension last and mark the unit', () => {
    expect(movedOutputKey('dt=2020-04-20/hour=20', 'a.json.gz', 'u1')).toBe('dt=2020-04-20/hour=20/a.lr-u1.json.gz');
    expect(restOutputKey('dt=2020-04-20/hour=22', 'a.json.gz', 'u1')).toBe('dt=2020-04-20/hour=22/a.lr-u1.rest.json.gz');
    expect(movedOutputKey('2020/04/20/20', 'sub/x', 'u2')).toBe('2020/04/20/20/sub/x.lr-u2');
    expect(movedOutputKey('dt=2020-04-20/hour=20', 'part-00000-uuid.c000.snappy.parquet', 'u3')).toBe('dt=2020-04-20/hour=20/part-00000-uuid.c000.lr-u3.snappy.parquet');
    expect(restOutputKey('dt=2020-04-20/hour=22', 'x.gz.parquet', 'u3')).toBe('dt=2020-04-20/hour=22/x.lr-u3.rest.gz.parquet');
  });

  test('unit ids are deterministic and change with any input', () => {
    const id = unitIdOf('k', 'e', 'c');
    expect(id).toMatch(/^[0-9a-f]{12}$/);
    expect(unitIdOf('k', 'e', 'c')).toBe(id);
    expect(new Set([id, unitIdOf('k2', 'e', 'c'), unitIdOf('k', 'e2', 'c'), unitIdOf('k', 'e', 'c2')]).size).toBe(4);
    // The separator keeps ("a\nb", "c") and ("a", "b\nc") apart only if keys cannot hold "\n" ambiguity;
    // etags never contain a newline, so the pair (key, etag) is unambiguous.
    expect(unitIdOf('a', 'b', 'c')).not.toBe(unitIdOf('a\nb', '', 'c'));
  });
});
