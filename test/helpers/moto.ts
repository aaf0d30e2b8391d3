/**
 * A real S3-protocol server for the tests: moto_server on 127.0.0.1 (TESTING.md tier 3).
 *
 * One server per test file, not one per run: vitest runs files in parallel, and a server shared
 * between them could not be reset between files without wiping another file's buckets. A start
 * costs about half a second. The server is found as, in order: $MOTO_SERVER (set by .ci/run),
 * .venv/bin/moto_server, moto_server on the PATH. None found is a test failure that says so.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';

export const MOTO_PIN = '5.2.1';
const REPO = path.join(import.meta.dirname, '..', '..');
const START_TIMEOUT_MS = 30_000;

/** The env a spawned CLI needs to talk to moto: dummy credentials, fixed region. */
export const DUMMY_AWS_ENV = {
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_REGION: 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
} as const;

export interface MotoServer {
  readonly endpoint: string;
  readonly version: string;
  readonly pid: number;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export function findMotoServer(): string {
  const given = process.env.MOTO_SERVER;
  if (given !== undefined && !isExecutable(given)) {
    throw new Error(`MOTO_SERVER=${given} is not an executable file: point it at moto_server (moto[server]==${MOTO_PIN}) or unset it`);
  }
  const found = given ?? [path.join(REPO, '.venv', 'bin', 'moto_server')].find((p) => existsSync(p)) ?? onPath('moto_server');
  if (found === undefined) {
    throw new Error(
      `moto_server is missing: the S3 tests need moto[server]==${MOTO_PIN}. Run .ci/run (it creates .venv with it), ` +
        `or: python3 -m venv .venv && .venv/bin/pip install 'moto[server]==${MOTO_PIN}'`,
    );
  }
  return found;
}

/** The version of the moto the server script runs (its shebang's Python, else python3). */
function motoVersion(server: string): string {
  const shebang = /^#!\s*(\S*python[\d.]*)\s*$/m.exec(readFileSync(server, 'utf8').split('\n', 1)[0] ?? '');
  const python = shebang?.[1] ?? 'python3';
  const run = spawnSync(python, ['-c', 'import moto; print(moto.__version__)'], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim() : `unknown (${python}: ${run.stderr.trim().split('\n').pop() ?? 'failed'})`;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function startMoto(): Promise<MotoServer> {
  const server = findMotoServer();
  const version = motoVersion(server);
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(server, ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', (error) => {
      stderr += `\n${error.message}`;
      resolve(null);
    });
  });
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`moto_server (${server}) exited with ${exitCode} before answering:\n${stderr}`);
    const ok = await fetch(`${endpoint}/moto-api/`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`moto_server (${server}) did not answer on ${endpoint} within ${START_TIMEOUT_MS} ms:\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  console.info(`S3 test server: moto ${version} (${server}) at ${endpoint}, pid ${child.pid}`);
  return {
    endpoint,
    version,
    pid: child.pid!,
    async reset() {
      const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      if (!response.ok) throw new Error(`moto reset failed: HTTP ${response.status}`);
    },
    async stop() {
      if (exitCode !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A client for test set-up and inspection (the code under test builds its own). */
export function testS3Client(endpoint: string): S3Client {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return new S3Client({
    endpoint,
    forcePathStyle: true,
    region: DUMMY_AWS_ENV.AWS_REGION,
    credentials: { accessKeyId: DUMMY_AWS_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: DUMMY_AWS_ENV.AWS_SECRET_ACCESS_KEY },
  });
}
