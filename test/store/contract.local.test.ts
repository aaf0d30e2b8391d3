/** The store contract on the embedded default: a local folder. */
import { mkdtemp, writeFile, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LocalFolderStore } from '../../src/store/local.js';
import { describeStoreContract } from './storeContract.js';

describeStoreContract(
  'LocalFolderStore',
  async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'lr-contract-'));
    return {
      store: new LocalFolderStore(dir),
      // A foreign writer that replaces the file (new inode), as tools writing a temp file do.
      async overwrite(key, bytes) {
        const file = path.join(dir, ...key.split('/'));
        await writeFile(`${file}.foreign`, bytes);
        await rename(`${file}.foreign`, file);
      },
    };
  },
  { guarded: true },
);
