/**
 * The server conformance probe (TESTING.md): the S3 behaviours the commit protocol relies on,
 * checked against the real server before any S3 test runs. A failure names what is missing.
 */
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';

/** Keys with every character S3 listings mangle without EncodingType=url (CR) or encode ambiguously. */
export const PROBE_KEYS = ['probe/a b', 'probe/a+b', 'probe/a=b', 'probe/a%b', 'probe/a%2Fb', 'probe/\u00e9\u65e5', 'probe/a\rb'];

async function statusOf(action: () => Promise<unknown>): Promise<number> {
  try {
    await action();
    return 200;
  } catch (error) {
    return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? -1;
  }
}

/** Returns one "test server does not implement X" line per failed check (empty = conformant). */
export async function probeS3(client: S3Client): Promise<string[]> {
  const Bucket = 'conformance-probe';
  await client.send(new CreateBucketCommand({ Bucket }));
  const put = await client.send(new PutObjectCommand({ Bucket, Key: 'probe/x', Body: 'x' }));
  const checks: [string, number, () => Promise<unknown>][] = [
    ['PutObject If-None-Match: * on an existing key → 412', 412, () => client.send(new PutObjectCommand({ Bucket, Key: 'probe/x', Body: 'y', IfNoneMatch: '*' }))],
    ['PutObject If-Match: <wrong> → 412', 412, () => client.send(new PutObjectCommand({ Bucket, Key: 'probe/x', Body: 'y', IfMatch: '"0000"' }))],
    ['GetObject If-Match: <wrong> → 412', 412, () => client.send(new GetObjectCommand({ Bucket, Key: 'probe/x', IfMatch: '"0000"' }))],
    ['DeleteObject If-Match: <wrong> → 412', 412, () => client.send(new DeleteObjectCommand({ Bucket, Key: 'probe/x', IfMatch: '"0000"' }))],
    ['DeleteObject If-Match on a missing key → 404', 404, () => client.send(new DeleteObjectCommand({ Bucket, Key: 'probe/missing', IfMatch: put.ETag }))],
    ['CompleteMultipartUpload If-None-Match: * on an existing key → 412', 412, () => completeOver(client, Bucket, 'probe/x')],
  ];
  const failures: string[] = [];
  for (const [what, expected, action] of checks) {
    const got = await statusOf(action);
    if (got !== expected) failures.push(`test server does not implement ${what} (got ${got})`);
  }
  for (const Key of PROBE_KEYS) await client.send(new PutObjectCommand({ Bucket, Key, Body: Key }));
  const listed = await client.send(new ListObjectsV2Command({ Bucket, Prefix: 'probe/', EncodingType: 'url' }));
  // AWS form-encodes (space = '+'); moto percent-encodes it: the store decodes both the same way.
  const keys = (listed.Contents ?? []).map((o) => decodeURIComponent((o.Key ?? '').replaceAll('+', ' ')));
  const lost = PROBE_KEYS.filter((k) => !keys.includes(k));
  if (listed.EncodingType !== 'url' || lost.length > 0) {
    failures.push(`test server does not implement ListObjectsV2 EncodingType=url round trips (lost ${JSON.stringify(lost)})`);
  }
  return failures;
}

async function completeOver(client: S3Client, Bucket: string, Key: string): Promise<void> {
  const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket, Key }));
  const part = await client.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: 'z' }));
  await client.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, IfNoneMatch: '*', MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } }));
}
