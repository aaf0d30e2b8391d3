import { describe, expect, test } from 'vitest';
import { createLogger } from '../../src/log.js';
import { displayKey } from '../../src/report/format.js';
import { renderMarkdown } from '../../src/report/renderMarkdown.js';
import { renderText } from '../../src/report/renderText.js';
import type { RunReport } from '../../src/report/types.js';

const report: RunReport = {
  command: 'plan',
  tableRoot: 'file:///data/app/',
  toolVersion: '0.1.0',
  dryRun: true,
  window: { from: null, to: null },
  totals: {
    objects: 3, records: 1234, late: 20, early: 2, unplaceable: 1, bytesRead: 5000, bytesWritten: 0, moved: 20,
    objectsToRewrite: 2, decodedBytes: 40000, recordsNotDigested: 0, unreadableObjects: 1, skippedObjects: 0, keysNotInLayout: 1,
  },
  moves: [
    { from: 'dt=2020-04-20/hour=22', to: 'dt=2020-04-20/hour=20', records: 15, objects: 1, kind: 'late' },
    { from: 'dt=2020-04-20/hour=22', to: 'dt=2020-04-20/hour=21', records: 5, objects: 2, kind: 'late' },
  ],
  lagHistogram: [{ bucket: '<1h', records: 5 }, { bucket: '1-2h', records: 15 }, { bucket: '2-3h', records: 0 }],
  unplaceable: [{ object: 'dt=2020-04-20/hour=22/a.gz', line: 7, reason: 'missing-field' }],
  unplaceableByReason: { 'missing-field': 1 },
  unreadable: [{ object: 'dt=2020-04-20/hour=22/bad\n[ERROR] fake.gz', reason: 'truncated-gzip', message: 'gzip stream ends early', byteOffset: 812 }],
  skipped: [],
  notInLayout: [{ object: 'dt=2020-04-20/hour=24/x.gz', reason: 'segment 2 "hour=24": hour must be 00–23' }],
  newPartitions: ['dt=2020-04-20/hour=20'],
  runId: null,
  planHash: 'a'.repeat(64),
  checksum: { before: '1234:00000000000000ff', after: '1234:00000000000000ff' },
  durationMs: 1500,
  exitCode: 3,
  warnings: [],
  ddl: [],
  catalog: { kind: 'none', table: null, projection: false, toRegister: [], registered: [], failed: [], invisible: [], notes: [], calls: {} },
  commit: null,
  storeCalls: { list: 1, head: 0, get: 3, createIfAbsent: 0, deleteIfMatch: 0, replaceIfMatch: 0, removeAbandonedWrites: 0 },
};

describe('text report', () => {
  const text = renderText(report);
  test('summary, moves, lag and problem sections', () => {
    expect(text).toContain('(dry run: nothing was changed)');
    expect(text).toMatch(/scanned +3 objects, 1,234 records, 5.00 KB read \(40.0 KB decoded\) in 1.50 s/);
    expect(text).toMatch(/late +20 records → would move 20 records out of 2 objects into 2 partitions/);
    expect(text).toMatch(/dt=2020-04-20\/hour=22 → +dt=2020-04-20\/hour=20 +15 +1/);
    expect(text).toMatch(/1-2h +█{30} +15/);
    expect(text).not.toMatch(/2-3h/); // trailing empty buckets are left out
    expect(text).toContain('dt=2020-04-20/hour=22/a.gz:7  missing-field');
    expect(text).toContain('NOT IN LAYOUT');
  });

  test('a key with a newline cannot forge a report line', () => {
    expect(text).toContain('"dt=2020-04-20/hour=22/bad\\n[ERROR] fake.gz" byte 812  truncated-gzip');
    expect(text.split('\n').some((line) => line.startsWith('[ERROR]'))).toBe(false);
  });

  test('is deterministic and zone-independent (pure function of the report)', () => {
    expect(renderText(report)).toBe(text);
  });
});

describe('markdown report', () => {
  test('tables with escaped cells', () => {
    const md = renderMarkdown(report);
    expect(md).toContain('| `dt=2020-04-20/hour=22` | `dt=2020-04-20/hour=20` | 15 | 1 |');
    expect(md).toContain('`dt=2020-04-20/hour=22/bad [ERROR] fake.gz`');
  });
});

describe('displayKey', () => {
  test.each([
    ['plain/key.gz', 'plain/key.gz'],
    ['with space/inside', 'with space/inside'],
    [' leading', '" leading"'],
    ['tab\there', '"tab\\there"'],
    ['esc\u001b[31m', '"esc\\u001b[31m"'],
    ['rtl\u202e', '"rtl\u202e"'],
  ])('%j → %s', (key, shown) => {
    expect(displayKey(key)).toBe(shown);
  });
});

describe('logger', () => {
  test('JSON mode: one parseable line per event, no carriage returns or escape codes', () => {
    let out = '';
    let now = 0;
    const log = createLogger({ format: 'json', level: 'info', write: (t) => (out += t), now: () => now, showProgress: false });
    log.info('scanning', { table: 'file:///x/' });
    log.debug('hidden');
    log.progress('ignored text', { objects: 1 });
    now += 10_000;
    log.progress('ignored text', { objects: 2 }); // rate-limited: once per 30 s
    now += 30_000;
    log.progress('ignored text', { objects: 3 });
    const lines = out.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.msg, l.objects])).toEqual([['scanning', undefined], ['progress', 1], ['progress', 3]]);
    expect(out).not.toMatch(/[\r\u001b]/);
  });

  test('text mode on a terminal redraws progress and clears it before a log line', () => {
    let out = '';
    const log = createLogger({ format: 'text', level: 'info', write: (t) => (out += t), now: () => 1000, showProgress: true });
    log.progress('scanned 1 object', { objects: 1 });
    log.warn('careful');
    expect(out).toBe('\r\u001b[2Kscanned 1 object\r\u001b[2Kwarn: careful\n');
  });
});
