/** The pure parts of the S3 store: URIs, the key guard, listing decoding, client settings. */
import { describe, expect, test } from 'vitest';
import { decodeListedKey, guardKey, relativeKey } from '../../src/store/keyGuard.js';
import { s3ClientConfig } from '../../src/store/s3Config.js';
import { parseS3Uri } from '../../src/store/s3Location.js';
import { resolveTableRoot } from '../../src/store/tableRoot.js';

describe('s3:// URIs', () => {
  test('a root without a trailing / gets one; the key part is literal', () => {
    expect(parseS3Uri('s3://logs-bucket/logs/app', 'x')).toEqual({ bucket: 'logs-bucket', prefix: 'logs/app/' });
    expect(parseS3Uri('s3://logs-bucket/logs/app/', 'x')).toEqual({ bucket: 'logs-bucket', prefix: 'logs/app/' });
    expect(parseS3Uri('s3://logs-bucket', 'x')).toEqual({ bucket: 'logs-bucket', prefix: '' });
    expect(parseS3Uri('s3://logs-bucket/a%20b/../c', 'x')).toEqual({ bucket: 'logs-bucket', prefix: 'a%20b/../c/' });
  });

  test.each(['s3://', 's3:///logs/app/', 's3://ab/logs/', 's3://-bad-/x', 's3:/bucket/x', 's3a://bucket/x'])('%s is a usage error', (uri) => {
    expect(() => parseS3Uri(uri, '<table-root>')).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });

  test('resolveTableRoot carries the S3 settings into the serialisable config', () => {
    expect(resolveTableRoot('s3://b-1/logs/app', '/', { endpointUrl: 'http://127.0.0.1:9', region: 'ap-northeast-1' })).toEqual({
      kind: 's3', bucket: 'b-1', prefix: 'logs/app/', endpointUrl: 'http://127.0.0.1:9', region: 'ap-northeast-1',
    });
    expect(() => resolveTableRoot('s3://', '/')).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });
});

describe('the key guard', () => {
  test('joins byte for byte and refuses what cannot be sent as the same key', () => {
    expect(guardKey('logs/app/', 'dt=1/hour=2/a b+c', 'object')).toBe('logs/app/dt=1/hour=2/a b+c');
    expect(guardKey('logs/app/', 'a//b', 'object')).toBe('logs/app/a//b'); // Firehose makes these
    expect(guardKey('logs/app/', '', 'prefix')).toBe('logs/app/');
    expect(guardKey('logs/app/', 'dt=1/..', 'prefix')).toBe('logs/app/dt=1/..'); // a prefix's last segment is partial
    for (const bad of ['', '..', '../x', 'a/./b', 'lone\uD800surrogate', 'x'.repeat(1016)]) {
      expect(() => guardKey('logs/app/', bad, 'object'), JSON.stringify(bad.slice(0, 20))).toThrow(expect.objectContaining({ code: 'KEY_OUTSIDE_ROOT' }));
    }
    expect(guardKey('logs/app/', 'x'.repeat(1015), 'object')).toHaveLength(1024);
  });

  test('a listed key outside the root is refused, never re-rooted', () => {
    expect(relativeKey('logs/app/', 'logs/app/x')).toBe('x');
    expect(() => relativeKey('logs/app/', 'logs/app-evil/x')).toThrow(expect.objectContaining({ code: 'KEY_OUTSIDE_ROOT' }));
  });

  test('listing keys decode both AWS form encoding and moto percent encoding', () => {
    expect(decodeListedKey('a+b')).toBe('a b'); // AWS: a space is '+'
    expect(decodeListedKey('a%20b')).toBe('a b'); // moto
    expect(decodeListedKey('a%2Bb')).toBe('a+b'); // both: a literal '+'
    expect(decodeListedKey('a%0Db%25%3D%C3%A9')).toBe('a\rb%=\u00e9');
    expect(() => decodeListedKey('a%E0%A4%A')).toThrow(expect.objectContaining({ code: 'STORE_IO' }));
  });
});

describe('S3 client settings', () => {
  test('path style follows the endpoint unless set; retries default to 8 adaptive attempts', () => {
    expect(s3ClientConfig({}, {})).toEqual({ forcePathStyle: false, maxAttempts: 8, retryMode: 'adaptive' });
    expect(s3ClientConfig({ endpointUrl: 'http://h:1' }, { AWS_DEFAULT_REGION: 'eu-west-1' })).toEqual({
      endpoint: 'http://h:1', forcePathStyle: true, region: 'eu-west-1', maxAttempts: 8, retryMode: 'adaptive',
    });
    expect(s3ClientConfig({ endpointUrl: 'http://h:1', pathStyle: false }, { AWS_MAX_ATTEMPTS: '3', AWS_RETRY_MODE: 'standard', AWS_REGION: 'ap-northeast-1' })).toEqual({
      endpoint: 'http://h:1', forcePathStyle: false, region: 'ap-northeast-1',
    });
  });
});
