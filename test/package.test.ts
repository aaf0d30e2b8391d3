/** Dependencies are chosen, not collected: this list changes only with a reason in the README. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { TOOL_VERSION } from '../src/version.js';

const pkg = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', 'package.json'), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
  bin: Record<string, string>;
  type: string;
};

test('runtime dependencies are exactly the chosen set', () => {
  expect(Object.keys(pkg.dependencies).sort()).toEqual([
    '@aws-sdk/client-athena',
    '@aws-sdk/client-glue',
    '@aws-sdk/client-s3',
    '@aws-sdk/lib-storage',
    '@bokuweb/zstd-wasm',
    'hyparquet',
    'hyparquet-compressors',
    'hyparquet-writer',
    'p-limit',
  ]);
  // The AWS SDK is pinned exactly: S3 conditional-request behaviour is what the tests proved.
  expect(pkg.dependencies['@aws-sdk/client-s3']).toMatch(/^\d+\.\d+\.\d+$/);
  expect(pkg.dependencies['@aws-sdk/lib-storage']).toBe(pkg.dependencies['@aws-sdk/client-s3']);
  // Glue and Athena clients are pinned exactly too (their newest releases trail client-s3's).
  expect(pkg.dependencies['@aws-sdk/client-glue']).toMatch(/^\d+\.\d+\.\d+$/);
  expect(pkg.dependencies['@aws-sdk/client-athena']).toMatch(/^\d+\.\d+\.\d+$/);
  // The Parquet codec reaches into hyparquet's and hyparquet-writer's internal modules (pre-1.0,
  // see src/formats/parquet/README.md): exact pins only, bumped together with the round-trip corpus.
  for (const name of ['hyparquet', 'hyparquet-writer', 'hyparquet-compressors', '@bokuweb/zstd-wasm']) {
    expect(pkg.dependencies[name], name).toMatch(/^\d+\.\d+\.\d+$/);
  }
});

test('the package is ESM with the repartition bin, and the version is in step', () => {
  expect(pkg.type).toBe('module');
  expect(pkg.bin).toEqual({ repartition: 'dist/cli.js' });
  expect(TOOL_VERSION).toBe(pkg.version);
});
