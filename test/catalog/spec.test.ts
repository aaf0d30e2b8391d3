import { expect, test } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { parseCatalogSpec } from '../../src/catalog/spec.js';

test.each([
  ['none', { kind: 'none' }],
  ['glue:logs.app', { kind: 'glue', database: 'logs', table: 'app' }],
  ['athena:Logs-Prod.App_Events', { kind: 'athena', database: 'logs-prod', table: 'app_events' }],
])('%s', (text, expected) => {
  expect(parseCatalogSpec(text)).toEqual(expected);
});

test.each(['glue', 'glue:', 'glue:db', 'glue:.t', 'glue:db.', 'hive:db.t', "glue:db.t'x", 'athena:a.b.c', 'glue:d b.t'])('refuses %j with a usage error', (text) => {
  expect(() => parseCatalogSpec(text)).toThrow(UsageError);
});
