/** The README's option table and --help derive from the one options table: keep them in step. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { OPTIONS, envVarOf } from '../src/options.js';

const readme = readFileSync(path.join(import.meta.dirname, '..', 'README.md'), 'utf8');
const table = readme.slice(readme.indexOf('<!-- options-table:start -->'), readme.indexOf('<!-- options-table:end -->'));

test('every option is in the README table with its env var and default, and nothing else is', () => {
  const rows = table.split('\n').filter((line) => line.startsWith('| `--'));
  expect(rows).toHaveLength(OPTIONS.length);
  for (const spec of OPTIONS) {
    const row = rows.find((r) => r.startsWith(`| \`--${spec.name}\``));
    expect(row, `--${spec.name} missing from README`).toBeDefined();
    expect(row).toContain(`\`${envVarOf(spec)}\``);
    expect(row).toContain(spec.default === undefined ? '| — |' : `| \`${spec.default}\` |`);
  }
});

test('the quick start is exactly the two documented commands', () => {
  expect(readme).toContain('npm ci && npm run demo');
  expect(readme).toMatch(/^npm test\b/m);
});
