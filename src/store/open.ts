/** Opens a store from its serialisable description (used by the CLI and by worker threads). */
import { LocalFolderStore } from './local.js';
import type { ObjectStore, StoreConfig } from './types.js';

export function openStore(config: StoreConfig): ObjectStore {
  switch (config.kind) {
    case 'local':
      return new LocalFolderStore(config.rootPath);
  }
}
