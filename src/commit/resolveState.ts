/** `--state-prefix` → where the lock, journals and backups live. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../errors.js';
import { openStore } from '../store/open.js';
import { isS3Uri, parseS3Uri } from '../store/s3Location.js';
import type { ObjectStore, StoreConfig } from '../store/types.js';
import { DEFAULT_STATE_FOLDER } from './state.js';
import type { StateLocation } from './state.js';

const OPTION = '--state-prefix';

export function resolveState(value: string | boolean | undefined, table: StoreConfig, tableStore: ObjectStore, cwd: string): StateLocation {
  if (typeof value !== 'string') return { store: tableStore, prefix: DEFAULT_STATE_FOLDER, uri: `${tableStore.rootUri}${DEFAULT_STATE_FOLDER}` };
  // The lease is judged in the state store's clock and guards the table's store: keep them on one
  // kind of store, so that every runner of this table sees the same lock.
  if (isS3Uri(value) !== (table.kind === 's3')) {
    throw new UsageError(`Expected --state-prefix on the same kind of store as the table (${table.kind === 's3' ? 's3://…' : 'a local folder'}), got ${value}`, { option: OPTION });
  }
  if (table.kind === 's3') {
    const location = parseS3Uri(value, OPTION);
    const relative = location.bucket === table.bucket && location.prefix.startsWith(table.prefix) ? location.prefix.slice(table.prefix.length) : null;
    assertOutsidePartitions(relative, `s3://${location.bucket}/${location.prefix}`);
    const store = openStore({ ...table, ...location });
    return { store, prefix: '', uri: store.rootUri };
  }
  const folder = value.startsWith('file://') ? fileURLToPath(value) : path.resolve(cwd, value);
  const relative = path.relative(table.rootPath, folder);
  const inside = relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
  assertOutsidePartitions(inside ? relative.split(path.sep).join('/') : null, folder);
  const store = openStore({ kind: 'local', rootPath: folder });
  return { store, prefix: '', uri: store.rootUri };
}

/**
 * Inside the table, state would be read as data unless Athena and we both skip it: allowed only
 * under a first segment starting with `_` or `.`. `relative` is the state's path under the table
 * root, or null when it lies outside.
 */
function assertOutsidePartitions(relative: string | null, shown: string): void {
  if (relative !== null && (relative === '' || !/^[_.]/.test(relative))) {
    throw new UsageError(`Expected --state-prefix outside the table's partitions (or in a folder starting with _), got ${shown}`, { option: OPTION });
  }
}
