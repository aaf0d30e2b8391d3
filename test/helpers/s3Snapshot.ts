/** The judge's snapshot of a table on S3: every object under the root, read back and gunzipped. */
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { snapshotOf } from './judge.js';
import type { Snapshot } from './judge.js';

/** Every key under `prefix` (full keys), decoded from EncodingType=url listings, in byte order. */
export async function listAll(client: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, EncodingType: 'url', ContinuationToken: token }));
    for (const item of page.Contents ?? []) keys.push(decodeURIComponent(item.Key!.replaceAll('+', ' ')));
    token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return keys;
}

export async function readObject(client: S3Client, bucket: string, key: string): Promise<Buffer> {
  const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await out.Body!.transformToByteArray());
}

export async function snapshotS3(client: S3Client, bucket: string, prefix: string): Promise<Snapshot> {
  const entries: { key: string; bytes: Buffer }[] = [];
  for (const key of await listAll(client, bucket, prefix)) entries.push({ key: key.slice(prefix.length), bytes: await readObject(client, bucket, key) });
  return snapshotOf(entries);
}

/** Uploads a local table (as written by generateOutageDay) under `prefix`. */
export async function uploadTable(client: S3Client, bucket: string, prefix: string, objects: Iterable<[string, Uint8Array]>): Promise<void> {
  for (const [key, bytes] of objects) await client.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}${key}`, Body: bytes }));
}
