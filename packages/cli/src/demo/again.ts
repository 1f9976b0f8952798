// The options that reach the demo's firm again, for the commands `rapport demo` suggests next: a
// hint pasted as shown must read the store the demo just built, not the default one.
import path from 'node:path';
import type { GlobalOptions } from '../config/global-options.js';
import { DEFAULT_STORE, defaultReadModels, describeLocation, type ReadModelLocation, type StoreLocation } from '../config/store-url.js';

/** A word as a POSIX shell reads it back unchanged: quoted when it holds anything but plain characters. */
const shellWord = (text: string): string => (/^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);

/** A location as the user would type it from `cwd`: a file below it by its relative path. */
const typed = (location: StoreLocation | ReadModelLocation, cwd: string): string => {
  if (location.kind !== 'sqlite') return describeLocation(location);
  const relative = path.relative(cwd, location.path);
  return `sqlite:${relative.startsWith('..') || path.isAbsolute(relative) ? location.path : relative}`;
};

const sameLocation = (a: StoreLocation | ReadModelLocation, b: StoreLocation | ReadModelLocation): boolean =>
  describeLocation(a) === describeLocation(b);

/**
 * ` --store … --read-models …` as far as they differ from the defaults ('' when both are the
 * defaults); null for a memory: store, whose firm ends with the demo's process.
 */
export const againOptions = (globals: Pick<GlobalOptions, 'store' | 'readModels'>, cwd: string): string | null => {
  const { store, readModels } = globals;
  if (store.kind === 'memory') return null;
  const defaultStore: StoreLocation = { kind: 'sqlite', path: path.resolve(cwd, DEFAULT_STORE.slice('sqlite:'.length)) };
  const words = [
    ...(sameLocation(store, defaultStore) ? [] : ['--store', typed(store, cwd)]),
    ...(sameLocation(readModels, defaultReadModels(store)) ? [] : ['--read-models', typed(readModels, cwd)]),
  ];
  return words.map((word) => ` ${shellWord(word)}`).join('');
};
