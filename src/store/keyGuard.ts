/**
 * The one key guard of the S3 store (DESIGN §4 "Keys are opaque strings"). Every call passes
 * through it on the way out (relative key → full key) and every listed key on the way back (full
 * key → relative key). Checks are byte-for-byte prefix checks, never path normalisation: S3 keys
 * may legitimately contain `//` (Firehose prefixes ending in `/` make them), and that names another
 * object than `/`. Dot segments are refused instead: AWS stores `a/../b` literally, but an
 * S3-compatible server or proxy behind `--endpoint-url` may resolve it (RFC 3986 §5.2.4) and so
 * address an object outside the root.
 */
import { RepartitionError } from '../errors.js';
import type { ObjectKey } from './types.js';
import { asObjectKey } from './types.js';

/** S3's limit on a key, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;

/** With the `u` flag a surrogate range matches only unpaired halves. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function refuse(reason: string, key: string, root: string): never {
  throw new RepartitionError('KEY_OUTSIDE_ROOT', `Refusing key ${JSON.stringify(key)}: ${reason}`, {
    context: { object: key, root },
    hint: 'This is a bug in the caller: every key must lie inside the table root or the state prefix.',
  });
}

/**
 * Relative key (or listing prefix) → full key under `root`. Refuses what cannot be sent byte for
 * byte: a lone UTF-16 surrogate would be sent as U+FFFD, i.e. as another key; an empty object key
 * would name the root itself; an over-long key would be refused by S3 after the fact.
 */
export function guardKey(root: string, key: string, kind: 'object' | 'prefix'): string {
  if (LONE_SURROGATE.test(key)) refuse('not valid Unicode (lone surrogate)', key, root);
  if (kind === 'object' && key === '') refuse('empty object key', key, root);
  const segments = key.split('/');
  if (segments.some((s, i) => (s === '.' || s === '..') && (kind === 'object' || i < segments.length - 1))) refuse('a . or .. segment could be resolved outside the root', key, root);
  const full = root + key;
  if (Buffer.byteLength(full) > MAX_KEY_BYTES) refuse(`longer than ${MAX_KEY_BYTES} bytes with the root prefix`, key, root);
  return full;
}

/** Full key from a listing → key relative to `root`; a key outside it means the server ignored `Prefix`. */
export function relativeKey(root: string, fullKey: string): ObjectKey {
  if (!fullKey.startsWith(root)) refuse(`listed outside the root ${JSON.stringify(root)}`, fullKey, root);
  return asObjectKey(fullKey.slice(root.length));
}

/**
 * Decodes a key from `ListObjectsV2 EncodingType=url`. AWS form-encodes (a space is `+`, a literal
 * `+` is `%2B`, as botocore's `unquote_plus` assumes); moto writes a space as `%20` and `+` as
 * `%2B`. Turning `+` into a space first is right for both, because neither sends a literal `+`.
 */
export function decodeListedKey(encoded: string): string {
  try {
    return decodeURIComponent(encoded.replaceAll('+', ' '));
  } catch (error) {
    throw new RepartitionError('STORE_IO', `The S3 listing returned a key that is not URL-encoded: ${JSON.stringify(encoded)}`, {
      context: { object: encoded },
      cause: error,
      hint: 'The server ignored EncodingType=url; it is not S3-compatible enough for this tool.',
    });
  }
}
