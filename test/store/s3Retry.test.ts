/** 409 ConditionalRequestConflict is marked retryable inside the SDK's retry loop (s3Errors.ts). */
import { describe, expect, test } from 'vitest';
import { isConditionalConflict, retryConditionalConflicts } from '../../src/store/s3Errors.js';

function conflict(): Error & { $metadata: { httpStatusCode: number }; $retryable?: unknown } {
  return Object.assign(new Error('A conflicting conditional operation is currently in progress'), { name: 'ConditionalRequestConflict', $metadata: { httpStatusCode: 409 } });
}

describe('retryConditionalConflicts', () => {
  test('a 409 from a conditional PutObject or DeleteObject becomes transient (retried with backoff)', async () => {
    for (const commandName of ['PutObjectCommand', 'DeleteObjectCommand']) {
      const error = conflict();
      await expect(retryConditionalConflicts(() => Promise.reject(error), { commandName })({})).rejects.toBe(error);
      expect(error.$retryable).toEqual({ throttling: false });
    }
  });

  test('CompleteMultipartUpload is left alone (its 409 means: start the upload again), and other errors too', async () => {
    const error = conflict();
    await expect(retryConditionalConflicts(() => Promise.reject(error), { commandName: 'CompleteMultipartUploadCommand' })({})).rejects.toBe(error);
    expect(error.$retryable).toBeUndefined();
    const other = Object.assign(new Error('precondition'), { name: 'PreconditionFailed', $metadata: { httpStatusCode: 412 } });
    await expect(retryConditionalConflicts(() => Promise.reject(other), { commandName: 'PutObjectCommand' })({})).rejects.toBe(other);
    expect(isConditionalConflict(other)).toBe(false);
    expect('$retryable' in other).toBe(false);
  });

  test('answers pass through untouched', async () => {
    await expect(retryConditionalConflicts(() => Promise.resolve('ok'), {})({})).resolves.toBe('ok');
  });
});
