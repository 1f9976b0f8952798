// `rapport verify`: recomputes every stream's hash chain over the whole log (SPEC §6) and names the
// first broken event in global order.
import { verifyLog, type VerifyResult } from '@rapport/core';
import { EXIT } from '../exit-codes.js';
import { renderCsv, renderJson, renderPairs, type OutputFormat } from '../output/index.js';
import { withEventStore } from '../store/open.js';
import { defineCommand } from './command.js';

/** The spec's document: `broken` only when something is, and without the human detail. */
const document = (result: VerifyResult): Record<string, unknown> => {
  const counts = { verified: result.verified, events: result.events, streams: result.streams };
  if (result.broken === null) return counts;
  const { stream, streamVersion, position, reason } = result.broken;
  return { ...counts, broken: { stream, streamVersion, position, reason } };
};

const render = (format: OutputFormat, result: VerifyResult): string => {
  switch (format) {
    case 'json':
      return renderJson(document(result));
    case 'csv': {
      const b = result.broken;
      const row = { verified: result.verified, events: result.events, streams: result.streams, stream: b?.stream, streamVersion: b?.streamVersion, position: b?.position, reason: b?.reason };
      const keys = ['verified', 'events', 'streams', 'stream', 'streamVersion', 'position', 'reason'] as const;
      return renderCsv({ columns: keys.map((key) => ({ key })), rows: [row] });
    }
    case 'table': {
      const b = result.broken;
      const broken: [string, unknown][] =
        b === null ? [] : [['stream', b.stream], ['streamVersion', b.streamVersion], ['position', b.position], ['reason', `${b.reason}: ${b.detail}`]];
      return renderPairs([['verified', result.verified], ['events', result.events], ['streams', result.streams], ...broken]);
    }
    default: {
      const unknown: never = format;
      throw new Error(`unknown output format ${String(unknown)}`);
    }
  }
};

export const verifyCommand = defineCommand({
  name: 'verify',
  usage: '',
  operands: { min: 0, max: 0 },
  summary: 'recompute every stream\'s hash chain and name the first broken event',
  description: `Reads the whole log in global order and recomputes every event's hash (SPEC §6):
SHA-256 of the previous hash in its stream and the canonical JSON of its fields. It also
checks that each stream's streamVersion runs 0, 1, 2… without gaps. Memory holds one
small entry per stream, never the events. The whole log is read even after a break, so
the counts describe the store; the first broken event in global order is named.

Output
  json   {"verified":true,"events":n,"streams":m}, or when a chain is broken
         {"verified":false,"events":n,"streams":m,"broken":{"stream","streamVersion",
         "position","reason"}} with reason "hash mismatch" or "version gap"
  table  the same as label/value lines, the reason with what was expected and found
  csv    header verified,events,streams,stream,streamVersion,position,reason and one row
A broken chain is also named on standard error.

Exit codes
  0 every chain holds   1 a broken chain   2 usage error   3 store cannot be reached`,
  options: {},
  run: async ({ globals, io }) => {
    const result = await withEventStore(globals.store, (store) => verifyLog(store.readAll()));
    io.stdout.write(render(globals.format, result));
    if (result.broken === null) return EXIT.ok;
    const b = result.broken;
    io.stderr.write(`rapport: broken chain: ${b.stream} streamVersion ${b.streamVersion} at position ${b.position}: ${b.reason} (${b.detail})\n`);
    return EXIT.failure;
  },
});
