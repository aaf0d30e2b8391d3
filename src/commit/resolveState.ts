/** `--state-prefix` → where the lock, journals and backups live. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../errors.js';
import { LocalFolderStore } from '../store/local.js';
import type { ObjectStore, StoreConfig } from '../store/types.js';
import { DEFAULT_STATE_FOLDER } from './state.js';
import type { StateLocation } from './state.js';

export function resolveState(value: string | boolean | undefined, table: StoreConfig, tableStore: ObjectStore, cwd: string): StateLocation {
  if (typeof value !== 'string') return { store: tableStore, prefix: DEFAULT_STATE_FOLDER, uri: `${tableStore.rootUri}${DEFAULT_STATE_FOLDER}` };
  if (/^s3a?:\/\//i.test(value)) throw new UsageError('An s3:// --state-prefix needs the S3 store, which this version does not have yet', { option: '--state-prefix' });
  const folder = value.startsWith('file://') ? fileURLToPath(value) : path.resolve(cwd, value);
  const relative = path.relative(table.rootPath, folder);
  const inside = relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
  // Inside the table, state would be read as data unless Athena and we both skip it.
  if (inside && (relative === '' || !/^[_.]/.test(relative.split(path.sep)[0]!))) {
    throw new UsageError(`Expected --state-prefix outside the table's partitions (or in a folder starting with _), got ${folder}`, { option: '--state-prefix' });
  }
  const store = new LocalFolderStore(folder);
  return { store, prefix: '', uri: store.rootUri };
}
