/** Opens a store from its serialisable description (used by the CLI and by worker threads). */
import { LazyStore } from './lazy.js';
import { LocalFolderStore } from './local.js';
import { s3RootUri } from './s3Location.js';
import type { ObjectStore, StoreConfig } from './types.js';

export function openStore(config: StoreConfig): ObjectStore {
  switch (config.kind) {
    case 'local':
      return new LocalFolderStore(config.rootPath);
    case 's3':
      return new LazyStore(s3RootUri(config), async () => new (await import('./s3.js')).S3Store(config));
  }
}
