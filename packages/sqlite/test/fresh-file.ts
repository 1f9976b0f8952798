// A fresh SQLite file for each test, all under one temporary directory (root), which each test
// file removes in its afterAll.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-sqlite-'));
export const removeRoot = (): void => fs.rmSync(root, { recursive: true, force: true });
let files = 0;
export const freshFile = (): string => path.join(root, `store-${++files}`, 'rapport.db');
