// `npm run demo`: generate an outage day into ./demo-data/app and show the dry-run report.
// Plain JS over the compiled dist/ so that it runs right after `npm ci` (which builds).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DEMO_FLAGS, generateOutageDay } from '../dist/demo/outage.js';

const repo = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const root = path.join(repo, 'demo-data', 'app');
rmSync(root, { recursive: true, force: true });
const truth = await generateOutageDay({ recordsPerHour: 6000, earlyOneIn: 400 }, async (key, bytes) => {
  const file = path.join(root, ...key.split('/'));
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, bytes);
});
process.stderr.write(
  `Generated an outage day (2020-04-20, Asia/Tokyo partitions, deliveries stalled 19:50–22:40 JST) in ${path.relative(process.cwd(), root)}:\n` +
    `  ${truth.objects} gzip objects, ${truth.records} records; the generator planted ${truth.late} late, ${truth.early} early, ${truth.unplaceable} unplaceable.\n\n`,
);
const args = ['plan', root, ...DEMO_FLAGS];
process.stderr.write(`$ repartition ${args.map((a) => (a === root ? path.relative(process.cwd(), root) : a)).join(' ')}\n\n`);
const result = spawnSync(process.execPath, [path.join(repo, 'dist', 'cli.js'), ...args], { stdio: 'inherit' });
process.exitCode = result.status ?? 1;
