/**
 * `s3://bucket/prefix/` ↔ bucket + key prefix. Pure (no SDK), so the CLI can validate a table root
 * and name it in messages without loading the S3 client.
 */
import { UsageError } from '../errors.js';

export interface S3Location {
  readonly bucket: string;
  /** Key prefix of the root: `''` (the whole bucket) or ending in `/`. */
  readonly prefix: string;
}

/** Current AWS rules plus legacy us-east-1 names (upper case, `_`), which still exist. */
const BUCKET = /^[A-Za-z0-9][A-Za-z0-9._-]{1,253}[A-Za-z0-9]$/;

export function isS3Uri(text: string): boolean {
  return /^s3[an]?:\/\//i.test(text);
}

/**
 * Parses an `s3://` URI the way the AWS CLI does: the key part is taken literally (no percent
 * decoding, no path normalisation), and a missing trailing `/` is added so that `logs/app` can
 * never match `logs/app-evil/`.
 */
export function parseS3Uri(text: string, option: string): S3Location {
  const match = /^(s3[an]?):\/\/([^/]*)(?:\/(.*))?$/is.exec(text);
  if (match === null) throw new UsageError(`Expected ${option} to be s3://bucket/prefix/, got "${text}"`, { option });
  const [, scheme, bucket = '', rest = ''] = match;
  if (scheme!.toLowerCase() !== 's3') {
    throw new UsageError(`Expected an s3:// URI for ${option}, got "${text}"`, { option, hint: `Write it as s3://${bucket}/${rest} (s3a:// and s3n:// are Hadoop's names for the same objects).` });
  }
  if (!BUCKET.test(bucket)) {
    throw new UsageError(`Expected ${option} to name a bucket (s3://bucket/prefix/), got "${text}"`, {
      option,
      hint: 'Bucket names are 3 to 255 characters: letters, digits, dots, hyphens and underscores.',
    });
  }
  return { bucket, prefix: normaliseRootPrefix(rest) };
}

/** `''` stays the whole bucket; anything else ends in exactly the `/` the user gave or one more. */
export function normaliseRootPrefix(prefix: string): string {
  return prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
}

export function s3RootUri(location: S3Location): string {
  return `s3://${location.bucket}/${location.prefix}`;
}
