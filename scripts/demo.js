// `npm run demo`: generate an outage day into ./demo-data/app, then plan → apply → verify.
// Plain JS over the compiled dist/ so that it runs right after `npm ci` (which builds).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DEMO_FLAGS, generateOutageDay } from '../dist/demo/outage.js';

const repo = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const root = path.join(repo, 'demo-data', 'app');
const shown = path.relative(process.cwd(), root);
rmSync(root, { recursive: true, force: true });
const truth = await generateOutageDay({ recordsPerHour: 6000, earlyOneIn: 400 }, async (key, bytes) => {
  const file = path.join(root, ...key.split('/'));
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, bytes);
});
process.stderr.write(
  `Generated an outage day (2020-04-20, Asia/Tokyo partitions, deliveries stalled 19:50–22:40 JST) in ${shown}:\n` +
    `  ${truth.objects} gzip objects, ${truth.records} records; the generator planted ${truth.late} late, ${truth.early} early, ${truth.unplaceable} unplaceable.\n`,
);

function repartition(command, extra = []) {
  const args = [command, root, ...DEMO_FLAGS, ...extra];
  process.stderr.write(`\n$ repartition ${args.map((a) => (a === root ? shown : a)).join(' ')}\n\n`);
  return spawnSync(process.execPath, [path.join(repo, 'dist', 'cli.js'), ...args], { stdio: 'inherit' }).status;
}

const steps = [
  ['plan', [], 0],
  ['apply', ['--quiet'], 0],
  ['verify', ['--quiet'], 0],
];
for (const [command, extra, expected] of steps) {
  const status = repartition(command, extra);
  if (status !== expected) {
    process.stderr.write(`\nrepartition ${command} exited ${status}, expected ${expected}\n`);
    process.exit(1);
  }
}
process.stderr.write(`\nverify passed: every record of ${shown} is in the partition of its event time.\n`);
