/** `<table-root>` argument → where the table lives. */
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RepartitionError, UsageError } from '../errors.js';
import type { StoreConfig } from './types.js';

export function resolveTableRoot(text: string, cwd: string): StoreConfig {
  if (/^s3a?:\/\//i.test(text)) {
    throw new UsageError(`S3 table roots (${text}) are not supported by this version yet: use a local folder`, {
      hint: 'Copy the partitions to a local folder (aws s3 sync) or wait for the S3 store.',
    });
  }
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
