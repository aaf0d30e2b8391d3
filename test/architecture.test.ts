/**
 * The folder layout is the architecture: PURE stages import no I/O, and only the store and catalog
 * adapters may import AWS clients (STYLE.md 1–2).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';

const SRC = path.join(import.meta.dirname, '..', 'src');
const PURE_FOLDERS = ['time', 'layout', 'plan', 'report'];
const IO_MODULES = /^(node:)?(fs|fs\/promises|net|http|https|child_process|worker_threads|dgram|tls)$|^@aws-sdk\//;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gm), ...text.matchAll(/import\(\s*'([^']+)'\s*\)/g)].map((m) => m[1]!);
}

describe('architecture', () => {
  test.each(PURE_FOLDERS)('src/%s is pure: no I/O modules, no store/ or catalog/', (folder) => {
    const files = sourceFiles(path.join(SRC, folder));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      for (const specifier of importsOf(file)) {
        const relative = path.relative(SRC, file);
        expect(IO_MODULES.test(specifier), `${relative} imports ${specifier}`).toBe(false);
        if (specifier.startsWith('.')) {
          const target = path.relative(SRC, path.resolve(path.dirname(file), specifier));
          expect(/^(store|catalog|commit|detect|list)\b/.test(target) && !target.endsWith('types.js'), `${relative} imports ${specifier}`).toBe(false);
        }
      }
    }
  });

  test('only src/store/s3.ts imports the S3 client; only src/catalog imports Glue and Athena', () => {
    for (const file of sourceFiles(SRC)) {
      const relative = path.relative(SRC, file);
      for (const specifier of importsOf(file)) {
        if (specifier.startsWith('@aws-sdk/client-s3') || specifier.startsWith('@aws-sdk/lib-storage')) expect(relative).toBe(path.join('store', 's3.ts'));
        if (/^@aws-sdk\/client-(glue|athena)/.test(specifier)) expect(relative.startsWith('catalog')).toBe(true);
      }
    }
  });
});
