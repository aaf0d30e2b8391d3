/** `<table-root>` argument → where the table lives. */
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RepartitionError, UsageError } from '../errors.js';
import { isS3Uri, parseS3Uri } from './s3Location.js';
import type { S3Settings, StoreConfig } from './types.js';

/**
 * An S3 root is not checked here (that needs a request): a missing bucket fails the first listing
 * with TABLE_NOT_FOUND, and an empty prefix is an empty table, as `aws s3 ls` would show it.
 */
export function resolveTableRoot(text: string, cwd: string, s3: S3Settings = {}): StoreConfig {
  if (isS3Uri(text)) return { kind: 's3', ...parseS3Uri(text, '<table-root>'), ...s3 };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) && !text.startsWith('file://')) {
    throw new UsageError(`Unsupported table root "${text}": expected a local folder, file:///path or s3://bucket/prefix/`);
  }
  const rootPath = text.startsWith('file://') ? fileURLToPath(text) : path.resolve(cwd, text);
  let isDirectory = false;
  try {
    isDirectory = statSync(rootPath).isDirectory();
  } catch {
    // Reported just below with the path the user gave.
  }
  if (!isDirectory) {
    throw new RepartitionError('TABLE_NOT_FOUND', `Table root not found: ${rootPath} is not a folder`, {
      hint: 'Check the path; for the demo run `npm run demo`.',
    });
  }
  return { kind: 'local', rootPath };
}
