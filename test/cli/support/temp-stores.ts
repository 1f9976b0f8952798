// A temporary folder per CLI test file, removed after it, and fresh SQLite stores inside it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

export interface TempStores {
  /** The folder; tests may put their own files in it. */
  readonly root: string;
  /** A store file not yet created, and its `sqlite:` URL. */
  freshStore(): { url: string; file: string };
}

/** Call at the top of a test file: the folder lives until the file's tests are done. */
export const tempStores = (prefix: string): TempStores => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  let stores = 0;
  return {
    root,
    freshStore: () => {
      const file = path.join(root, `store-${++stores}`, 'rapport.db');
      return { url: `sqlite:${file}`, file };
    },
  };
};
