/**
 * Registers a moto server for the calling test file: started (and probed) before its tests,
 * stopped by PID after them. Every test then first asserts the probe passed, so a server that
 * lacks a behaviour fails the tests that depend on it, with the reason, instead of skipping them.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { DUMMY_AWS_ENV, startMoto, testS3Client } from './moto.js';
import type { MotoServer } from './moto.js';
import { probeS3 } from './s3Probe.js';

export interface MotoContext {
  readonly server: MotoServer;
  readonly client: S3Client;
  /** A new, empty bucket for one test. */
  newBucket(): Promise<string>;
}

export function useMoto(): { readonly get: () => MotoContext } {
  let context: MotoContext | undefined;
  let failures: string[] = [];
  let buckets = 0;
  beforeAll(async () => {
    // The store under test reads credentials through the SDK's default chain, like the CLI does.
    Object.assign(process.env, DUMMY_AWS_ENV);
    let server: MotoServer;
    try {
      server = await startMoto();
    } catch (error) {
      // Reported by every test below (beforeEach), so none of them is counted as skipped.
      failures = [error instanceof Error ? error.message : String(error)];
      return;
    }
    const client = testS3Client(server.endpoint);
    failures = await probeS3(client);
    await server.reset(); // the probe's bucket is not part of any test
    context = {
      server,
      client,
      async newBucket() {
        const name = `t${++buckets}-${process.pid}`;
        await client.send(new CreateBucketCommand({ Bucket: name }));
        return name;
      },
    };
  }, 60_000);
  afterAll(async () => {
    context?.client.destroy();
    await context?.server.stop();
  });
  beforeEach(() => {
    if (failures.length > 0) throw new Error(failures.join('\n'));
  });
  return {
    get: () => {
      if (context === undefined) throw new Error('moto did not start (see the beforeAll error above)');
      return context;
    },
  };
}
