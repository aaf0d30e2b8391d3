// Helpers shared by the benchmarks (bench.js: gzip JSON lines; bench-parquet.js: Parquet): a cached
// generated table in ./bench-data (git-ignored), hard-linked copies, timed child processes, and the
// CLI's own peak-RSS figure. Plain JS over the compiled dist/, like the scripts that use it.
import { spawn } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const dataRoot = path.join(repo, 'bench-data');
export const cliPath = path.join(repo, 'dist', 'cli.js');

/**
 * A generated table cached in bench-data/<name>, regenerated when `options` change (or with
 * `regenerate`). `generate(options, write)` is generateOutageDay or one shaped like it; its truth
 * (minus lateMoves) is kept in `<name>/_bench.json`, which the CLI ignores (a `_` segment).
 */
export async function ensureTable(name, options, { generate, regenerate = false, label = 'GB' }) {
  const root = path.join(dataRoot, name);
  const marker = path.join(root, '_bench.json');
  const wanted = JSON.stringify(options);
  if (!regenerate && existsSync(marker) && JSON.parse(readFileSync(marker, 'utf8')).options === wanted) {
    return { root, truth: JSON.parse(readFileSync(marker, 'utf8')).truth };
  }
  rmSync(root, { recursive: true, force: true });
  process.stderr.write(`generating ${name} … `);
  const started = Date.now();
  const truth = await generate(options, async (key, bytes) => {
    const file = path.join(root, ...key.split('/'));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes);
  });
  const { lateMoves: _moves, ...plain } = truth;
  writeFileSync(marker, JSON.stringify({ options: wanted, truth: plain }));
  process.stderr.write(`${(plain.uncompressedBytes / 1e9).toFixed(2)} ${label} in ${plain.objects} objects (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
  return { root, truth: plain };
}

/** The same objects again under 3 more days, in bench-data/<name> (hard links: no extra disk). */
export function ensureFourTimesObjects(source, name) {
  const root = path.join(dataRoot, name);
  if (existsSync(path.join(root, '_done'))) return root;
  rmSync(root, { recursive: true, force: true });
  for (const file of listFiles(source)) {
    const rel = path.relative(source, file);
    if (rel.startsWith('_')) continue;
    for (let day = 0; day < 4; day++) {
      const shifted = rel.replace(/^dt=2020-04-(\d\d)/, (_m, d) => `dt=2020-04-${String(Number(d) + day * 2).padStart(2, '0')}`);
      const target = path.join(root, shifted);
      mkdirSync(path.dirname(target), { recursive: true });
      linkSync(file, target);
    }
  }
  writeFileSync(path.join(root, '_done'), '');
  return root;
}

/**
 * A fresh copy of a table's data objects (not its `_` files) for `apply`, as hard links: the store
 * writes new files and deletes sources, never writes into one, so the cached original stays intact.
 */
export function linkCopy(source, target) {
  rmSync(target, { recursive: true, force: true });
  for (const file of listFiles(source)) {
    const rel = path.relative(source, file);
    if (rel.startsWith('_')) continue;
    mkdirSync(path.dirname(path.join(target, rel)), { recursive: true });
    linkSync(file, path.join(target, rel));
  }
  return target;
}

export function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** Runs a command to completion, timed; exit 0 and 3 (done, objects skipped) resolve, others reject. */
export function run(command, commandArgs, env = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0 && code !== 3) reject(new Error(`${command} ${commandArgs.join(' ')} exited ${code}\n${stderr}`));
      else resolve({ seconds, stdout, stderr, code });
    });
  });
}

/** The fastest of `runs` runs of `fn` (each resolving to { seconds, … }), logged to stderr. */
export async function best(label, fn, runs = 2) {
  let bestRun;
  for (let i = 0; i < runs; i++) {
    const result = await fn();
    if (bestRun === undefined || result.seconds < bestRun.seconds) bestRun = result;
  }
  process.stderr.write(`  ${label.padEnd(28)} ${bestRun.seconds.toFixed(2)} s\n`);
  return bestRun;
}

/** The CLI's own peak RSS in bytes (`maxRssBytes` of its `done` log line with --log-format json). */
export function peakRss(result) {
  const done = result.stderr.split('\n').filter(Boolean).map((l) => JSON.parse(l)).find((e) => e.msg === 'done');
  return done?.maxRssBytes ?? NaN;
}
