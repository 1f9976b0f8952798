// The options that reach the demo's firm again, for the commands `rapport demo` suggests next: a
// hint pasted as shown must read the store the demo just built, not the default one.
import path from 'node:path';
import type { GlobalOptions } from '../config/global-options.js';
import { DEFAULT_STORE, defaultReadModels, describeLocation, parseReadModelUrl, parseStoreUrl, type ReadModelLocation, type StoreLocation } from '../config/store-url.js';

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
 * Whether a command with no option for it reaches `location` in the shell that ran the demo: its
 * variable (still set there) names it, or, with no variable, it is the default.
 */
const reachedWithout = (
  location: StoreLocation | ReadModelLocation,
  variable: string | undefined,
  parse: (text: string) => StoreLocation | ReadModelLocation,
  fallback: StoreLocation | ReadModelLocation,
): boolean => {
  if (variable === undefined || variable === '') return sameLocation(location, fallback);
  try {
    return sameLocation(parse(variable), location);
  } catch {
    return false;
  }
};

export interface AgainOptions {
  /** ` --store … --read-models …`, '' when nothing need be said. */
  readonly options: string;
  /** A URL in them has its password shown as ***, which must be typed in its place. */
  readonly passwordHidden: boolean;
}

/**
 * ` --store … --read-models …` as far as they differ from the defaults and from what RAPPORT_STORE
 * and RAPPORT_READ_MODELS already say; null for a memory: store, whose firm ends with the demo's
 * process. A password is never printed: it shows as ***, and the hint says so.
 */
export const againOptions = (globals: Pick<GlobalOptions, 'store' | 'readModels'>, cwd: string, env: Readonly<Record<string, string | undefined>>): AgainOptions | null => {
  const { store, readModels } = globals;
  if (store.kind === 'memory') return null;
  const defaultStore: StoreLocation = { kind: 'sqlite', path: path.resolve(cwd, DEFAULT_STORE.slice('sqlite:'.length)) };
  const storeSaid = reachedWithout(store, env['RAPPORT_STORE'], (text) => parseStoreUrl(text, cwd), defaultStore);
  const readModelsSaid = reachedWithout(readModels, env['RAPPORT_READ_MODELS'], (text) => parseReadModelUrl(text, cwd), defaultReadModels(store));
  const words = [...(storeSaid ? [] : ['--store', typed(store, cwd)]), ...(readModelsSaid ? [] : ['--read-models', typed(readModels, cwd)])];
  return { options: words.map((word) => ` ${shellWord(word)}`).join(''), passwordHidden: words.some((word) => word.includes(':***@')) };
};
