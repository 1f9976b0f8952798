// What a `sqlite:` path must hold before a command opens it (SPEC §5): a command that only reads
// never creates or changes a store, so a missing file, a directory, a file that is not SQLite or
// another program's database is a usage error naming the path, found before anything is opened.
import fs from 'node:fs';
import path from 'node:path';
import { StoreLocationError } from '../exit-codes.js';

/**
 * `read`: the command never writes the event log. `fold`: it only reads the log, and writes read
 * models (rebuild, project): the log must be there, and a store file it keeps its read models in
 * must be writable. `write`: it may create the store.
 */
export type StoreAccess = 'read' | 'fold' | 'write';

export interface CheckedSqliteFile {
  /** False when the file is there but this user may not write it (or its directory). */
  readonly writable: boolean;
}

const mayWrite = (file: string): boolean => {
  try {
    fs.accessSync(file, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * Why a store file could not be created at `file` (its folders made first), in words; undefined
 * when it can be. Found here rather than left to SQLite, whose answer is "unable to open
 * connection …: 14" for all of them, and which a user can only fix knowing which one it is.
 */
const isLink = (file: string): boolean => {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
};

const uncreatable = (file: string, links = 0): string | undefined => {
  let link: fs.Stats | undefined;
  try {
    link = fs.lstatSync(file);
  } catch {
    link = undefined;
  }
  if (link?.isSymbolicLink() === true) {
    // SQLite follows a dangling link and creates its target in the target's folder, which must
    // be there already: folders are made for the path given, not for where a link points.
    const target = path.resolve(path.dirname(path.resolve(file)), fs.readlinkSync(file));
    const folder = path.dirname(target);
    const problem =
      links >= 8 ? 'too many symbolic links' : fs.existsSync(folder) || fs.existsSync(target) ? uncreatable(target, links + 1) : `its folder ${folder} does not exist`;
    return problem === undefined ? undefined : `it is a symbolic link to ${target}, and ${problem}`;
  }
  let folder = path.dirname(path.resolve(file));
  for (;;) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(folder);
    } catch {
      stat = undefined;
    }
    if (stat !== undefined) {
      if (!stat.isDirectory()) return `${folder} is a file, not a directory`;
      return mayWrite(folder) ? undefined : `this user may not write the directory ${folder}`;
    }
    // A folder on the way that is a link to nothing: its folders would be made where it points.
    if (isLink(folder)) return `${folder} is a symbolic link to ${path.resolve(path.dirname(folder), fs.readlinkSync(folder))}, which does not exist`;
    const parent = path.dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
};

/**
 * Checks the path for `role` (the event store, or read models kept in another file) and returns
 * whether it may be written. Read models are derived data, so a read-only command may create a
 * read-model file that is missing; it may never create an event store.
 */
export const checkSqliteFile = async (file: string, role: 'store' | 'read-models', access: StoreAccess): Promise<CheckedSqliteFile> => {
  // Loaded here, as store/open.ts loads drivers: only when a sqlite: URL is used.
  const { inspectStoreFile } = await import('@rapport/sqlite');
  const found = inspectStoreFile(file);
  const where = `sqlite:${file}`;
  const option = role === 'store' ? '--store' : '--read-models';
  switch (found.kind) {
    case 'missing':
      if (access === 'write' || role === 'read-models') {
        const problem = uncreatable(file);
        if (problem !== undefined) throw new StoreLocationError(`${option}: cannot create ${where}: ${problem}`);
        return { writable: true };
      }
      throw new StoreLocationError(`${option}: no Rapport store at ${where}: no such file (a command that only reads never creates one; rapport apply or rapport import does)`);
    case 'empty':
      if (access === 'write' || role === 'read-models') return { writable: true };
      throw new StoreLocationError(`${option}: no Rapport store at ${where}: the SQLite file holds no tables`);
    case 'directory':
      throw new StoreLocationError(`${option}: ${where} is a directory; give the path of the store file inside it, as in sqlite:${file}/rapport.db`);
    case 'not-sqlite':
      throw new StoreLocationError(`${option}: ${where} is not a Rapport store: not a SQLite database (${found.detail})`);
    case 'unreadable':
      throw new StoreLocationError(`${option}: cannot read ${where}: ${found.detail}`);
    case 'foreign':
      throw new StoreLocationError(
        `${option}: ${where} is not a Rapport store: it is another program's SQLite database (tables ${found.tables.slice(0, 5).join(', ')}${found.tables.length > 5 ? ', …' : ''}); Rapport leaves it as it is`,
      );
    case 'rapport':
      if (role === 'store' && access !== 'write' && !found.components.includes('event-store')) {
        throw new StoreLocationError(`${option}: ${where} holds Rapport read models but no event log`);
      }
      // Said here in plain words, rather than as the driver's "attempt to write a readonly database".
      if (access !== 'read' && !found.writable) {
        // The file may be writable while its directory is not, where SQLite must create the -wal and -shm.
        if (mayWrite(file)) {
          const directory = path.dirname(path.resolve(file));
          throw new StoreLocationError(
            `${option}: this user may not write the directory ${directory}, where SQLite keeps ${path.basename(file)}-wal and -shm beside the store, ` +
              'and this command writes to it: make the directory writable or move the store (commands that only read work)',
          );
        }
        throw new StoreLocationError(`${option}: ${where} may only be read by this user, and this command writes to it (commands that only read work)`);
      }
      return { writable: found.writable };
    default: {
      const unknown: never = found;
      throw new Error(`unknown store file state ${JSON.stringify(unknown)}`);
    }
  }
};
