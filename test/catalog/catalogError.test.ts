import { expect, test } from 'vitest';
import { catalogError } from '../../src/catalog/calls.js';

const sdkError = (name: string, message: string, status = 400) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status, attempts: 3 } });

test.each([
  ['EntityNotFoundException', 'Database nope not found.', 'CATALOG_CONFIG', /database and table names/],
  ['AccessDeniedException', 'not authorized', 'CATALOG_IO', /glue:BatchCreatePartition/],
  ['CredentialsProviderError', 'Could not load credentials', 'CATALOG_IO', /AWS_PROFILE/],
  ['Error', 'connect ECONNREFUSED 127.0.0.1:1', 'CATALOG_IO', /--endpoint-url/],
  ['ThrottlingException', 'Rate exceeded', 'CATALOG_IO', /AWS_MAX_ATTEMPTS/],
  ['InternalServiceException', 'boom', 'CATALOG_IO', /next apply finishes/],
])('%s becomes %s with a hint saying what to do', (name, message, code, hint) => {
  const error = catalogError('GetTable', 'logs.app', sdkError(name, message));
  expect(error.code).toBe(code);
  expect(error.message).toContain('logs.app');
  expect(error.message).toContain('after 3 attempts');
  expect(error.hint).toMatch(hint);
});
