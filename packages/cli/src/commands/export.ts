// `rapport export`: the event log as JSON lines in global order with a trailer that lets `import`
// detect truncation and removed streams (SPEC §5). Streamed: one batch in memory at a time.
import { once } from 'node:events';
import { exportLines } from '@rapport/core';
import { EXIT } from '../exit-codes.js';
import { withEventStore } from '../store/open.js';
import { defineCommand } from './command.js';

export const exportCommand = defineCommand({
  name: 'export',
  usage: '',
  operands: { min: 0, max: 0 },
  summary: 'write the event log as JSON lines with a checking trailer (for rapport import)',
  description: `Writes every event of the log to standard output in global order, one JSON object a
line: {"stream","streamVersion","position","type","data","metadata"} (the history event
with its stream), then one last line {"trailer":{"events":n,"streams":m,"digest":"…"}}
where digest is the SHA-256 hex of all event hashes concatenated in export order.
rapport import checks all of it. The log is streamed, never held in memory.
--format does not apply: the output is always JSON lines.

Exit codes
  0 success   2 usage error   3 store cannot be reached`,
  options: {},
  run: async ({ globals, io }) => {
    await withEventStore(globals.store, async (store) => {
      for await (const text of exportLines(store.readAll())) {
        // Respect back-pressure, so a slow reader (a pipe, a disk) does not make us buffer the log.
        if (!io.stdout.write(text)) await once(io.stdout, 'drain');
      }
    }, { access: 'read' });
    return EXIT.ok;
  },
});
