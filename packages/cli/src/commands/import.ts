// `rapport import FILE|-`: loads an export into a store that holds none of its streams, refusing the
// whole file unless its order, versions, hashes and trailer all check out (SPEC §5, §6) and every
// event is one the command path could have written (SPEC §1–3).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { importExport, type ImportRefusal, type NumberedLine } from '@rapport/core';
import { openCommandInput } from '../apply/input.js';
import { readLines } from '../apply/lines.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { renderCsv, renderJson, renderPairs, type OutputFormat } from '../output/index.js';
import { withEventStore } from '../store/open.js';
import { defineCommand } from './command.js';

const describeRefusal = (refusal: ImportRefusal): string => {
  switch (refusal.kind) {
    case 'InvalidExport':
      return `import refused, nothing imported: ${refusal.line === null ? '' : `line ${refusal.line}: `}${refusal.message}`;
    case 'ImportConflict':
      return `import refused: ${refusal.message}`;
    case 'ImportHashMismatch':
      return `integrity failure while importing: ${refusal.message}`;
    default: {
      const unknown: never = refusal;
      throw new Error(`unknown refusal ${JSON.stringify(unknown)}`);
    }
  }
};

const render = (format: OutputFormat, summary: { imported: number; streams: number }): string => {
  switch (format) {
    case 'json':
      return renderJson(summary);
    case 'csv':
      return renderCsv({ columns: [{ key: 'imported' }, { key: 'streams' }], rows: [summary] });
    case 'table':
      return renderPairs([['imported', summary.imported], ['streams', summary.streams]]);
    default: {
      const unknown: never = format;
      throw new Error(`unknown output format ${String(unknown)}`);
    }
  }
};

/**
 * The import reads its file twice (check, then append), so it reads a private copy: standard input
 * can be read only once, and a file changed between the two passes (its hashes recomputed) would
 * otherwise have its second version appended after the first was checked. `cleanup` removes it.
 */
const spool = async (operand: string, stdin: NodeJS.ReadableStream, cwd: string): Promise<{ file: string; cleanup: () => void }> => {
  // Opened before anything else, so a missing or unreadable file is the usage error it names.
  const input = await openCommandInput(operand, stdin, cwd);
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'rapport-import-'));
  const cleanup = (): void => fs.rmSync(dir, { recursive: true, force: true });
  const file = path.join(dir, 'import.jsonl');
  try {
    await pipeline(input.chunks, fs.createWriteStream(file, { mode: 0o600 }));
  } catch (error) {
    cleanup();
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read ${input.name}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    input.close();
  }
  return { file, cleanup };
};

export const importCommand = defineCommand({
  name: 'import',
  usage: 'FILE|-',
  operands: { min: 1, max: 1 },
  summary: 'load a rapport export (- for standard input) into a store that holds none of its streams',
  description: `Loads a file written by rapport export into the store. A first pass checks the whole
file: every line parses; each stream's streamVersions run 0, 1, 2… in file order; each
event's hash recomputes from the previous one in its stream (SPEC §6) from the file's own
fields (recordedAt included); the trailer is present, last, and its event and stream
counts and digest match. A truncated file, a removed stream or event, a reordered or
edited event is refused and nothing is imported.
Hashes can be recomputed by whoever edits a file, so every event must also be one a
command could have written: schemaVersion 1; occurredAt and recordedAt instants in toISOString() form
(2024-03-01T09:30:00.000Z); a non-empty actor; a type and data that Rapport's own event
decoder accepts (no unknown type, no missing or invalid field such as a fee below 1);
a stream Rapport writes (client-<clientId>, salesperson-<salespersonId>, firm) of the
kind the type belongs to and with the id its data names; a client or salesperson stream
that starts with its ClientRegistered or SalespersonRegistered and has only one; an
occurredAt never earlier than the previous event's in the same stream (OutOfOrder); no
commandId twice in a stream; and each event's command, decided again on its stream's
state before it as the command path decides it, accepted and giving exactly that event (no
engagement of a churned client, no engagement id twice, previousOwnerId and lifetime as
they were, no data field a command never writes; an owner or contacting salesperson
registered earlier in the file or already in the store).
The refusal names the line and the rule. The store must hold none of the file's
streams. Then every event is appended with its original metadata (recordedAt, commandId,
correlationId, causationId, actor, occurredAt) at its exact stream revision, and the
store's recomputed hash must equal the file's. Positions are the target store's own.
Files up to 100000 events go in one transaction; a bigger one goes in several, so a store
that fails mid-way may keep part of it (the failure is reported; verify and re-import
into an empty store).

Output
  json   {"imported":n,"streams":m}
  table  imported and streams as label/value lines
  csv    header imported,streams and one row
A refusal is named on standard error (line number and reason).

Exit codes
  0 imported   1 refused (invalid file, a stream the store already holds, a hash the
  store computed differently)   2 usage error (missing or unreadable FILE included)
  3 store cannot be reached`,
  options: {},
  run: async ({ operands, globals, io }) => {
    const [operand = '-'] = operands;
    const spooled = await spool(operand, io.stdin, io.cwd);
    try {
      const { file } = spooled;
      const open = async function* (): AsyncGenerator<NumberedLine> {
        const input = await openCommandInput(file, io.stdin, io.cwd);
        try {
          yield* readLines(input.chunks);
        } finally {
          input.close();
        }
      };
      // A sqlite: store this import would create is left uncreated when the file is refused: an
      // empty store where there was none would pass for one that is there (status, verify: exit 0).
      const created = globals.store.kind === 'sqlite' && !fs.existsSync(globals.store.path) ? globals.store.path : null;
      const result = await withEventStore(globals.store, (store) => importExport(store, open));
      if ('kind' in result) {
        if (created !== null) for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${created}${suffix}`, { force: true });
        io.stderr.write(`rapport: ${describeRefusal(result)}\n`);
        return EXIT.failure;
      }
      io.stdout.write(render(globals.format, result));
      return EXIT.ok;
    } finally {
      spooled.cleanup();
    }
  },
});
