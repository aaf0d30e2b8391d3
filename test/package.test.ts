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
  expect(Object.keys(pkg.dependencies).sort()).toEqual(['@aws-sdk/client-s3', '@aws-sdk/lib-storage', 'p-limit']);
  // The AWS SDK is pinned exactly: S3 conditional-request behaviour is what the tests proved.
  expect(pkg.dependencies['@aws-sdk/client-s3']).toMatch(/^\d+\.\d+\.\d+$/);
  expect(pkg.dependencies['@aws-sdk/lib-storage']).toBe(pkg.dependencies['@aws-sdk/client-s3']);
});

test('the package is ESM with the repartition bin, and the version is in step', () => {
  expect(pkg.type).toBe('module');
  expect(pkg.bin).toEqual({ repartition: 'dist/cli.js' });
  expect(TOOL_VERSION).toBe(pkg.version);
});
