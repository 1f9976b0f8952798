// `rapport backup FILE`: a consistent copy of a live `sqlite:` store in one self-contained file,
// taken by SQLite itself (VACUUM INTO) from one read transaction, so writers may go on meanwhile.
// The copy is written beside FILE under a temporary name and moved into place only when whole.
import fs from 'node:fs';
import path from 'node:path';
import { StoreUnavailable } from '@rapport/core';
import { EXIT, UsageError } from '../exit-codes.js';
import { renderCsv, renderJson, renderPairs, type OutputFormat } from '../output/index.js';
import { describeLocation } from '../config/store-url.js';
import { checkSqliteFile } from '../store/sqlite-file.js';
import { defineCommand } from './command.js';

export interface BackupSummary {
  readonly file: string;
  readonly events: number;
  readonly bytes: number;
}

const render = (format: OutputFormat, summary: BackupSummary): string => {
  switch (format) {
    case 'json':
      return renderJson(summary);
    case 'csv':
      return renderCsv({ columns: [{ key: 'file' }, { key: 'events' }, { key: 'bytes' }], rows: [summary] });
    case 'table':
      return renderPairs([['file', summary.file], ['events', summary.events], ['bytes', summary.bytes]]);
    default: {
      const unknown: never = format;
      throw new Error(`unknown output format ${String(unknown)}`);
    }
  }
};

/** FILE checked before the store is opened: a usage mistake costs nothing. */
const targetOf = (operand: string, cwd: string, store: string, force: boolean): string => {
  const target = path.resolve(cwd, operand);
  if (target === store) throw new UsageError(`FILE ${target} is the store itself; give another path`);
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(target);
  } catch {
    stat = undefined;
  }
  if (stat?.isDirectory() === true) throw new UsageError(`FILE ${target} is a directory; give the path of the copy to write, as in ${path.join(target, 'rapport.db')}`);
  if (stat !== undefined && !force) throw new UsageError(`FILE ${target} already exists; pass --force to replace it`);
  return target;
};

export const backupCommand = defineCommand({
  name: 'backup',
  usage: 'FILE',
  operands: { min: 1, max: 1 },
  summary: 'write a consistent copy of a live sqlite: store to FILE (one self-contained file)',
  description: `Copies the sqlite: store (--store) to FILE while it may be in use: SQLite writes the
copy from one read transaction (VACUUM INTO), so it holds every event committed before
the copy began and none after, with the read models kept in the same file. The copy is
one self-contained, compacted SQLite file, a store itself: --store sqlite:FILE reads it
(verify it there). It is written under a temporary name beside FILE and moved into place
when complete, so FILE is never half written (a backup killed midway leaves its hidden
.FILE.PID.partial, which a backup to FILE ten minutes later removes). The store is only read: a
user who may only read it can back it up. FILE must not exist unless --force is given.
A copy of a closed store's .db file is as good (Rapport folds the write-ahead log into
it on close); backup is for a store that may be being written.
Other stores: for postgres://… or esdb://… use rapport export (and rapport import to
restore), or the server's own backup tools.

Output
  json   {"file":"/abs/path","events":n,"bytes":b}   (events: events in the copy)
  table  file, events and bytes as label/value lines
  csv    header file,events,bytes and one row

Exit codes
  0 copied   2 usage error (FILE exists without --force, FILE is a directory or the store,
  the store is not a sqlite: store, or there is no Rapport store at its path)
  3 store cannot be reached or FILE cannot be written`,
  options: {
    force: { type: 'boolean', description: 'replace FILE if it exists' },
  },
  run: async ({ operands, options, globals, io }) => {
    const store = globals.store;
    if (store.kind !== 'sqlite') {
      throw new UsageError(`backup copies a sqlite: store file; for ${describeLocation(store)} use rapport export (and rapport import to restore)`);
    }
    const [operand = ''] = operands;
    const target = targetOf(operand, io.cwd, store.path, options.force === true);
    await checkSqliteFile(store.path, 'store', 'read');
    const sqlite = await import('@rapport/sqlite');
    const temporary = path.join(path.dirname(target), partialName(target, process.pid));
    const source = sqlite.openSqliteDatabase(store.path, { readOnly: true });
    try {
      fs.rmSync(temporary, { force: true });
      removeAbandonedCopies(target);
      sqlite.backupSqliteDatabase(source, temporary);
      if (options.force === true) fs.renameSync(temporary, target);
      else {
        // A hard link fails if FILE appeared meanwhile, where a rename would replace it.
        fs.linkSync(temporary, target);
        fs.rmSync(temporary);
      }
    } catch (error) {
      // The failure is the one to report: where the partial copy cannot even be looked for (a
      // FILE under a regular file), removing it fails the same way.
      try {
        fs.rmSync(temporary, { force: true });
        // VACUUM INTO's own rollback journal, left when it failed midway (a full disk).
        fs.rmSync(`${temporary}-journal`, { force: true });
      } catch {
        // Nothing was written there.
      }
      if (error instanceof Error && 'code' in error && error.code === 'EEXIST') throw new UsageError(`FILE ${target} already exists; pass --force to replace it`);
      // The copy was being written under its temporary name: the user knows it by FILE.
      if (error instanceof StoreUnavailable) throw new StoreUnavailable(error.message.replaceAll(temporary, target), { cause: error });
      throw new StoreUnavailable(`cannot write the backup ${target}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    } finally {
      sqlite.closeSqliteDatabase(source);
    }
    const summary: BackupSummary = { file: target, events: countEvents(sqlite, target), bytes: fs.statSync(target).size };
    io.stdout.write(render(globals.format, summary));
    return EXIT.ok;
  },
});

/** A partial copy untouched for this long, of a process not running here, was left by a killed backup. */
const ABANDONED_AFTER_MS = 10 * 60 * 1000;

/** The hidden name a backup to `target` writes under until it is complete. */
const partialName = (target: string, pid: number): string => `.${path.basename(target)}.${pid}.partial`;

/** Whether a process with this id is running (one of another user's counts: EPERM). */
const running = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
};

/**
 * A backup killed mid-copy (a signal, a reboot) leaves its partial copy and VACUUM INTO's journal
 * beside FILE: the next backup to the same FILE removes those of processes no longer running, so
 * they do not pile up. A copy still being written by a running backup is left to it.
 */
const removeAbandonedCopies = (target: string): void => {
  const folder = path.dirname(target);
  const stem = `.${path.basename(target)}.`;
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    // No folder yet (the backup creates it), or none that can be listed: nothing was left there.
    return;
  }
  const before = Date.now() - ABANDONED_AFTER_MS;
  for (const name of names) {
    const pid = name.startsWith(stem) ? /^(\d+)\.partial(?:-journal)?$/.exec(name.slice(stem.length))?.[1] : undefined;
    if (pid === undefined || Number(pid) === process.pid || running(Number(pid))) continue;
    const file = path.join(folder, name);
    try {
      // A backup on another machine to the same shared folder has an id this one cannot see: its
      // copy is left alone while it is being written.
      if (fs.statSync(file).mtimeMs < before) fs.rmSync(file, { force: true });
    } catch {
      // Another user's copy in a sticky folder, or one gone meanwhile: a courtesy, never a failure.
    }
  }
};

const countEvents = (sqlite: typeof import('@rapport/sqlite'), file: string): number => {
  const copy = sqlite.openSqliteDatabase(file, { readOnly: true });
  try {
    const row = copy.prepare('SELECT count(*) FROM events').raw().get();
    return Array.isArray(row) ? Number(row[0]) : 0;
  } finally {
    sqlite.closeSqliteDatabase(copy);
  }
};
