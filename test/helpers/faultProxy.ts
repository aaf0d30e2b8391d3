/**
 * A fault-injecting HTTP proxy in front of the real S3 server (TESTING.md "Faults", reliability.md
 * §3 C-series). This is the one non-server fault the house rules allow: it forwards every request
 * unchanged to moto and only ever turns an answer into a FAILURE: an S3 error it makes up (503
 * SlowDown, 409 ConditionalRequestConflict), a connection reset halfway through moto's body, or
 * moto's answer dropped after moto applied the request (A2/A7). It never invents a success.
 *
 * Rules are tried in order for each request; the first whose `when` matches and whose seeded coin
 * (`probability`) comes up fires, at most `times` times. A `burst` > 1 makes the same logical
 * request (the SDK's amz-sdk-invocation-id) fail that many attempts in a row.
 */
import { createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mulberry32 } from '../../src/demo/outage.js';

export type FaultKind =
  | 'slowdown'
  | 'conflict'
  | 'reset-mid-body'
  | 'drop-after-apply'
  /** JSON-protocol services (Glue, Athena): 400 ThrottlingException (or `errorCode`), answered here. */
  | 'json-throttle'
  /**
   * Glue BatchCreatePartition: the partition whose values equal `partitionValues` is taken out of
   * the request (so moto never creates it) and reported in the answer's Errors list, as Glue does
   * for a partition it refuses (e.g. InternalServiceException). The others are created by moto.
   */
  | 'glue-partition-error'
  /**
   * Athena GetQueryExecution: moto's answer turned into State FAILED with a reason. moto's Athena
   * never fails a query (test-servers.md), so this is the only way to reach FAILED; it turns an
   * answer into a failure, never into a success.
   */
  | 'athena-failed';

export interface RequestInfo {
  readonly method: string;
  /** Path and query as sent (path-style: /bucket/key?query). */
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
}

export interface FaultRule {
  readonly name: string;
  readonly kind: FaultKind;
  readonly when: (request: RequestInfo) => boolean;
  /** Chance per matching attempt (default 1). */
  readonly probability?: number;
  /** Most times this rule fires (default unlimited). */
  readonly times?: number;
  /** Consecutive attempts of one logical request that fail once the rule fired (default 1). */
  readonly burst?: number;
  /** json-throttle: the error type to answer (default ThrottlingException). */
  readonly errorCode?: string;
  /** glue-partition-error: the values of the partition to refuse. */
  readonly partitionValues?: readonly string[];
}

export interface ProxyLogEntry {
  readonly at: number;
  readonly method: string;
  readonly url: string;
  /** The SDK's id of the logical request, and the attempt number it gave this try. */
  readonly invocation: string | undefined;
  readonly attempt: number | undefined;
  readonly fault: string | null;
  /** moto's status (also for drop-after-apply, which the client never saw); null if not forwarded. */
  readonly status: number | null;
}

export interface FaultProxy {
  readonly endpoint: string;
  readonly requests: Record<string, number>;
  readonly faults: Record<string, number>;
  readonly log: ProxyLogEntry[];
  rules: FaultRule[];
  close(): Promise<void>;
}


function s3Error(status: number, code: string, message: string): { status: number; body: string } {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>fault-proxy</RequestId><HostId>fault-proxy</HostId></Error>`;
  return { status, body };
}

/** `latencyMs`: added before forwarding each request (stretches a run, e.g. past a lease renewal). */
export async function startFaultProxy(target: string, options: { seed: number; rules?: FaultRule[]; latencyMs?: number }): Promise<FaultProxy> {
  const upstream = new URL(target);
  const random = mulberry32(options.seed);
  const requests: Record<string, number> = {};
  const faults: Record<string, number> = {};
  const log: ProxyLogEntry[] = [];
  const bursts = new Map<string, { rule: FaultRule; left: number }>();
  const proxy: FaultProxy = { endpoint: '', requests, faults, log, rules: options.rules ?? [], close: () => Promise.resolve() };

  function choose(info: RequestInfo, invocation: string | undefined): FaultRule | null {
    const ongoing = invocation === undefined ? undefined : bursts.get(invocation);
    if (ongoing !== undefined && ongoing.left > 0) {
      ongoing.left -= 1;
      return ongoing.rule;
    }
    for (const rule of proxy.rules) {
      if ((faults[rule.name] ?? 0) >= (rule.times ?? Infinity) || !rule.when(info)) continue;
      if (ongoing?.rule === rule) continue; // a burst ends for good: the next attempt gets through
      if (random() >= (rule.probability ?? 1)) continue;
      if (invocation !== undefined) bursts.set(invocation, { rule, left: (rule.burst ?? 1) - 1 });
      return rule;
    }
    return null;
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const method = req.method ?? 'GET';
      const url = req.url ?? '/';
      const info: RequestInfo = { method, url, headers: req.headers };
      const invocation = typeof req.headers['amz-sdk-invocation-id'] === 'string' ? req.headers['amz-sdk-invocation-id'] : undefined;
      const attemptHeader = /attempt=(\d+)/.exec(String(req.headers['amz-sdk-request'] ?? ''));
      const rule = choose(info, invocation);
      requests[method] = (requests[method] ?? 0) + 1;
      if (rule !== null) faults[rule.name] = (faults[rule.name] ?? 0) + 1;
      const entry = { at: performance.now(), method, url, invocation, attempt: attemptHeader === null ? undefined : Number(attemptHeader[1]), fault: rule?.name ?? null };
      if (rule?.kind === 'json-throttle') {
        const code = rule.errorCode ?? 'ThrottlingException';
        const body = JSON.stringify({ __type: code, message: code === 'ThrottlingException' ? 'Rate exceeded' : 'injected by the test fault proxy' });
        log.push({ ...entry, status: null });
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'content-length': Buffer.byteLength(body), 'x-amzn-errortype': code });
        res.end(body);
        return;
      }
      let requestBody = Buffer.concat(chunks);
      let refused: unknown[] | null = null;
      if (rule?.kind === 'glue-partition-error') {
        const input = JSON.parse(requestBody.toString('utf8')) as { PartitionInputList: { Values: string[] }[] };
        const wanted = JSON.stringify(rule.partitionValues ?? []);
        const kept = input.PartitionInputList.filter((p) => JSON.stringify(p.Values) !== wanted);
        refused = input.PartitionInputList.filter((p) => JSON.stringify(p.Values) === wanted).map((p) => ({
          PartitionValues: p.Values,
          ErrorDetail: { ErrorCode: 'InternalServiceException', ErrorMessage: 'injected by the test fault proxy' },
        }));
        requestBody = Buffer.from(JSON.stringify({ ...input, PartitionInputList: kept }));
      }
      if (rule?.kind === 'slowdown' || rule?.kind === 'conflict') {
        // Answered here, never forwarded: moto does not see the attempt.
        const error = rule.kind === 'slowdown'
          ? s3Error(503, 'SlowDown', 'Please reduce your request rate.')
          : s3Error(409, 'ConditionalRequestConflict', 'A conflicting conditional operation is currently in progress against this resource. Please try again.');
        log.push({ ...entry, status: null });
        res.writeHead(error.status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(error.body) });
        res.end(error.body);
        return;
      }
      const forward = (): void => {
        const upstreamRequest = httpRequest(
          { host: upstream.hostname, port: upstream.port, method, path: url, headers: { ...req.headers, host: upstream.host, 'content-length': String(requestBody.length) } },
          (answer) => {
            log.push({ ...entry, status: answer.statusCode ?? null });
            if (rule?.kind === 'glue-partition-error' || rule?.kind === 'athena-failed') {
              const body: Buffer[] = [];
              answer.on('data', (chunk: Buffer) => body.push(chunk));
              answer.on('end', () => {
                const parsed = JSON.parse(Buffer.concat(body).toString('utf8') || '{}') as Record<string, unknown>;
                if (rule.kind === 'glue-partition-error') {
                  parsed.Errors = [...((parsed.Errors as unknown[] | undefined) ?? []), ...(refused ?? [])];
                } else {
                  const execution = parsed.QueryExecution as { Status?: Record<string, unknown> } | undefined;
                  if (execution !== undefined) {
                    execution.Status = { ...execution.Status, State: 'FAILED', StateChangeReason: 'FAILED: injected by the test fault proxy', AthenaError: { ErrorCategory: 2, ErrorType: 1006, Retryable: false, ErrorMessage: 'line 1:8: injected by the test fault proxy' } };
                  }
                }
                const out = JSON.stringify(parsed);
                const headers: Record<string, string | string[] | undefined> = { ...answer.headers, 'content-length': String(Buffer.byteLength(out)) };
                delete headers['x-amz-crc32']; // the body changed
                res.writeHead(answer.statusCode ?? 502, headers);
                res.end(out);
              });
              return;
            }
            if (rule?.kind === 'drop-after-apply') {
              // moto has applied the request; the client never learns how it went.
              answer.resume();
              answer.on('end', () => req.socket.destroy());
              return;
            }
            if (rule?.kind === 'reset-mid-body') {
              const body: Buffer[] = [];
              answer.on('data', (chunk: Buffer) => body.push(chunk));
              answer.on('end', () => {
                const whole = Buffer.concat(body);
                res.writeHead(answer.statusCode ?? 502, answer.headers);
                // Half of the body, then the connection goes: the client sees a reset mid-body.
                res.write(whole.subarray(0, Math.floor(whole.length / 2)), () => setTimeout(() => req.socket.destroy(), 5));
              });
              return;
            }
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        upstreamRequest.on('error', () => req.socket.destroy());
        upstreamRequest.end(requestBody);
      };
      if ((options.latencyMs ?? 0) > 0) setTimeout(forward, options.latencyMs);
      else forward();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(proxy, {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/** Request matchers for the rules. */
export const match = {
  methods: (...methods: string[]) => (r: RequestInfo) => methods.includes(r.method),
  /** PUT If-None-Match: * (a create-only write), optionally only of keys matching `key`. */
  create: (key?: RegExp) => (r: RequestInfo) => r.method === 'PUT' && r.headers['if-none-match'] === '*' && (key === undefined || key.test(decodeURIComponent(r.url))),
  conditionalDelete: (key?: RegExp) => (r: RequestInfo) => r.method === 'DELETE' && r.headers['if-match'] !== undefined && (key === undefined || key.test(decodeURIComponent(r.url))),
  /** A JSON-protocol call (Glue, Athena) by its X-Amz-Target, e.g. AWSGlue.BatchCreatePartition. */
  target: (target: string) => (r: RequestInfo) => r.headers['x-amz-target'] === target,
  lockRenewal: () => (r: RequestInfo) => r.method === 'PUT' && r.headers['if-match'] !== undefined && /\/lock\.json(\?|$)/.test(r.url),
};
