// A moto_server on 127.0.0.1 for `npm run bench -- --s3` (plain JS; the tests have their own
// helper in test/helpers/moto.ts). Found as: $MOTO_SERVER, else moto_server on the PATH, else
// .venv/bin/moto_server. moto keeps objects in memory, so rss() reads the server's resident set.
import { spawn } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

export const DUMMY_AWS_ENV = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true' };

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findMotoServer(repo) {
  const given = process.env.MOTO_SERVER;
  if (given !== undefined && given !== '') {
    if (!isExecutable(given)) throw new Error(`MOTO_SERVER=${given} is not an executable file: point it at moto_server or unset it`);
    return given;
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir !== '' && isExecutable(path.join(dir, 'moto_server'))) return path.join(dir, 'moto_server');
  }
  const venv = path.join(repo, '.venv', 'bin', 'moto_server');
  if (isExecutable(venv)) return venv;
  throw new Error(
    `--s3 needs moto_server and found none (checked $MOTO_SERVER, the PATH, ${venv}). ` +
      `Install it: python3 -m venv .venv && .venv/bin/pip install 'moto[server]==5.2.1', or set MOTO_SERVER=/path/to/moto_server`,
  );
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resident set of a process in bytes: [current VmRSS, peak VmHWM]; NaN when it has gone. */
function readRss(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return [kib('VmRSS'), kib('VmHWM')];
  } catch {
    return [NaN, NaN];
  }
}

export async function startMoto(repo) {
  const server = findMotoServer(repo);
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(server, ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  let exitCode;
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve((exitCode = code ?? signal)));
    child.once('error', (error) => {
      stderr += `\n${error.message}`;
      resolve((exitCode = null));
    });
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`moto_server (${server}) exited with ${exitCode} before answering:\n${stderr}`);
    if (await fetch(`${endpoint}/moto-api/`).then((r) => r.ok, () => false)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`moto_server (${server}) did not answer on ${endpoint} within 30 s:\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // Sample the RSS twice a second: VmHWM alone would do, but the samples also give the RSS at each step.
  let peak = 0;
  const sampler = setInterval(() => {
    const [rss] = readRss(child.pid);
    if (rss > peak) peak = rss;
  }, 500);
  sampler.unref();
  return {
    endpoint,
    server,
    pid: child.pid,
    /** { now, peak } in bytes. */
    rss() {
      const [now, hwm] = readRss(child.pid);
      return { now, peak: Math.max(peak, Number.isNaN(hwm) ? 0 : hwm, Number.isNaN(now) ? 0 : now) };
    },
    async stop() {
      clearInterval(sampler);
      if (exitCode !== undefined) return exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
      return exitCode;
    },
  };
}
