/** Runs the CLI in-process through `main(argv, env, io)` and captures everything it prints. */
import { readFileSync } from 'node:fs';
import { main } from '../../src/cli.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly files: ReadonlyMap<string, string>;
}

export async function runCli(argv: string[], env: Record<string, string> = {}, options: { tty?: boolean; cwd?: string } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const files = new Map<string, string>();
  const code = await main(argv, env, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    writeFile: (path, text) => files.set(path, text),
    readText: (path) => readFileSync(path, 'utf8'),
    stderrIsTTY: options.tty ?? false,
    cwd: options.cwd ?? process.cwd(),
    now: () => Date.UTC(2020, 3, 21, 0, 0),
    crash: () => {
      throw new Error('crash points are exercised by spawned processes, not in-process');
    },
  });
  return { code, stdout, stderr, files };
}
