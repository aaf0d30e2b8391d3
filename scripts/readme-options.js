// Regenerates the README's option table from src/options.ts (test/readme.test.ts checks they agree).
// Usage: npm run build && node scripts/readme-options.js
import { readFileSync, writeFileSync } from 'node:fs';
import { OPTIONS, envVarOf } from '../dist/options.js';

const START = '<!-- options-table:start -->';
const END = '<!-- options-table:end -->';
const rows = ['| option | env var | default | meaning |', '|---|---|---|---|'];
for (const o of OPTIONS) {
  const flag = `\`--${o.name}\`${o.short ? ` / \`-${o.short}\`` : ''}`;
  rows.push(`| ${flag} | \`${envVarOf(o)}\` | ${o.default !== undefined ? `\`${o.default}\`` : '—'} | ${o.help.replaceAll('|', '\\|')} |`);
}
const readme = readFileSync('README.md', 'utf8');
const start = readme.indexOf(START) + START.length;
writeFileSync('README.md', `${readme.slice(0, start)}\n${rows.join('\n')}\n${readme.slice(readme.indexOf(END))}`);
