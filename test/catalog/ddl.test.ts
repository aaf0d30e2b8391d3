import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { addPartitionsBatches, addPartitionStatement, qualifiedTable, sqlIdentifier, sqlString } from '../../src/catalog/ddl.js';
import { readHiveLiteral, splitHiveLiterals } from '../helpers/hiveLiteral.js';

describe('sqlString', () => {
  test('any value is exactly one Hive literal that reads back as the value', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        const literal = sqlString(value);
        const read = readHiveLiteral(literal, 0);
        expect(read.end).toBe(literal.length);
        expect(read.value).toBe(value);
        expect(literal).not.toMatch(/[\r\n]/);
      }),
      { numRuns: 2000 },
    );
  });

  test('a hostile partition value cannot end the statement early', () => {
    const hostile = "20'); DROP TABLE logs.app; --";
    const statement = addPartitionStatement('logs.app', ['dt', 'hour'], { partition: 'p', values: ['2020-04-20', hostile], location: "s3://b/t/x'y/" });
    // Walk the statement with the Hive lexer: the two values and the location are the only literals.
    const { literals, shape: rest } = splitHiveLiterals(statement);
    expect(literals).toEqual(['2020-04-20', hostile, "s3://b/t/x'y/"]);
    expect(rest).toBe('ALTER TABLE logs.app ADD IF NOT EXISTS PARTITION (dt = ?, hour = ?) LOCATION ?;');
  });
});

test('identifiers: plain names stay plain, others are back-quoted with back-quotes doubled', () => {
  expect(sqlIdentifier('hour')).toBe('hour');
  expect(sqlIdentifier('my-db')).toBe('`my-db`');
  expect(sqlIdentifier('a`b')).toBe('`a``b`');
  expect(qualifiedTable('logs-prod', 'app')).toBe('`logs-prod`.app');
});

test('batches hold at most the given number of PARTITION clauses, covering every partition once', () => {
  const partitions = Array.from({ length: 250 }, (_, k) => ({ partition: `p${k}`, values: [String(k)], location: `s3://b/t/p${k}/` }));
  const batches = addPartitionsBatches('db.t', ['n'], partitions, 100);
  expect(batches.map((b) => b.match(/PARTITION \(/g)!.length)).toEqual([100, 100, 50]);
  const seen = batches.flatMap((b) => [...b.matchAll(/n = '(\d+)'/g)].map((m) => Number(m[1])));
  expect(seen).toEqual(partitions.map((_, k) => k));
  expect(batches.every((b) => b.startsWith('ALTER TABLE db.t ADD IF NOT EXISTS'))).toBe(true);
});
