// `rapport verify [--digest N:HEX]`: recomputes every stream's hash chain over the whole log (SPEC
// §6), names the first broken event in global order, prints the log's digest, and checks a digest
// an auditor kept from before, which is what shows a removed tail event or a removed stream.
import { parseDigestClaim, verifyLog, type DigestClaim, type VerifyResult } from '@rapport/core';
import { EXIT, UsageError } from '../exit-codes.js';
import { renderCsv, renderJson, renderPairs, type OutputFormat } from '../output/index.js';
import { withEventStore } from '../store/open.js';
import { defineCommand } from './command.js';

/** The spec's document: `broken` and `digestCheck` only when they apply, without the human detail. */
const document = (result: VerifyResult): Record<string, unknown> => {
  const doc: Record<string, unknown> = { verified: result.verified, events: result.events, streams: result.streams, digest: result.digest };
  if (result.broken !== null) {
    const { stream, streamVersion, position, reason } = result.broken;
    doc.broken = { stream, streamVersion, position, reason };
  }
  if (result.digestCheck !== null) {
    const { events, digest, failure } = result.digestCheck;
    doc.digestCheck = { events, digest, reason: failure };
  }
  return doc;
};

const CSV_KEYS = ['verified', 'events', 'streams', 'digest', 'stream', 'streamVersion', 'position', 'reason', 'digestCheckEvents', 'digestCheckReason'] as const;

const render = (format: OutputFormat, result: VerifyResult): string => {
  const b = result.broken;
  const d = result.digestCheck;
  switch (format) {
    case 'json':
      return renderJson(document(result));
    case 'csv': {
      const row = {
        verified: result.verified, events: result.events, streams: result.streams, digest: result.digest,
        stream: b?.stream, streamVersion: b?.streamVersion, position: b?.position, reason: b?.reason,
        digestCheckEvents: d?.events, digestCheckReason: d === null ? undefined : (d.failure ?? 'ok'),
      };
      return renderCsv({ columns: CSV_KEYS.map((key) => ({ key })), rows: [row] });
    }
    case 'table': {
      const broken: [string, unknown][] =
        b === null ? [] : [['stream', b.stream], ['streamVersion', b.streamVersion], ['position', b.position], ['reason', `${b.reason}: ${b.detail}`]];
      const checked: [string, unknown][] = d === null ? [] : [['kept digest', `${d.events}:${d.digest}`], ['kept digest check', d.failure ?? 'ok: the log begins with those events']];
      return renderPairs([['verified', result.verified], ['events', result.events], ['streams', result.streams], ['digest', result.digest], ...broken, ...checked]);
    }
    default: {
      const unknown: never = format;
      throw new Error(`unknown output format ${String(unknown)}`);
    }
  }
};

const digestOption = (text: string | undefined): DigestClaim | undefined => {
  if (text === undefined) return undefined;
  const claim = parseDigestClaim(text);
  if (claim === null) {
    throw new UsageError(`--digest must be N:HEX (a count of events, a colon, 64 hex digits) as verify printed it, got ${JSON.stringify(text)}`);
  }
  return claim;
};

const digestFailureMessage = (result: VerifyResult): string | null => {
  const d = result.digestCheck;
  if (d === null || d.failure === null) return null;
  return d.failure === 'log shorter than digest'
    ? `log shorter than digest: the digest covers the first ${d.events} events, the log now holds ${result.events}`
    : `digest mismatch: the log no longer begins with the ${d.events} events the digest was taken over (an event before ${d.events} was edited, removed, reordered or inserted)`;
};

export const verifyCommand = defineCommand({
  name: 'verify',
  usage: '',
  operands: { min: 0, max: 0 },
  summary: 'recompute every hash chain, print the log\'s digest, and check a digest kept from before',
  description: `Reads the whole log in global order and recomputes every event's hash (SPEC §6):
SHA-256 of the previous hash in its stream and the canonical JSON of its fields. It also
checks that each stream's streamVersion runs 0, 1, 2… without gaps. Memory holds one
small entry per stream, never the events. The whole log is read even after a break, so
the counts describe the store; the first broken event in global order is named.

A chain cannot show its own last events removed, nor a whole stream removed. For that,
verify prints the log's digest: the SHA-256 hex of the hashes of all its events in global
order (the same as export's trailer). Keep "events:digest" somewhere the store's writers
cannot reach; later, verify --digest N:HEX fails unless the log still begins with exactly
those N events. Events appended since are not a failure. The store is only read, never
created or changed (a missing or foreign sqlite: file is a usage error).

Output
  json   {"verified":true,"events":n,"streams":m,"digest":"…"}; when a chain is broken also
         "broken":{"stream","streamVersion","position","reason"} with reason "hash mismatch",
         "version gap" or "unreadable" (a stored row whose data or metadata is not an
         event's JSON any more); with --digest also "digestCheck":{"events":N,"digest":"…",
         "reason":null|"digest mismatch"|"log shorter than digest"}; verified is false when
         either fails
  table  the same as label/value lines, the reason with what was expected and found
  csv    header verified,events,streams,digest,stream,streamVersion,position,reason,
         digestCheckEvents,digestCheckReason and one row (digestCheckReason "ok" when it holds)
A broken chain or a failed digest check is also named on standard error.

Exit codes
  0 every chain holds (and the kept digest, if given)   1 a broken chain or a failed
  digest check   2 usage error (a malformed --digest; no Rapport store at a sqlite: path)
  3 store cannot be reached`,
  options: {
    digest: { type: 'string', valueName: 'N:HEX', description: 'a digest kept from an earlier verify: the log must still begin with those N events' },
  },
  run: async ({ options, globals, io }) => {
    const claim = digestOption(options.digest);
    const result = await withEventStore(
      globals.store,
      (store) => verifyLog(store.readAll(), { readAfter: (after) => store.readAll({ after }), ...(claim === undefined ? {} : { digest: claim }) }),
      { access: 'read' },
    );
    io.stdout.write(render(globals.format, result));
    if (result.broken !== null) {
      const b = result.broken;
      io.stderr.write(`rapport: broken chain: ${b.stream} streamVersion ${b.streamVersion} at position ${b.position}: ${b.reason} (${b.detail})\n`);
    }
    const digestFailure = digestFailureMessage(result);
    if (digestFailure !== null) io.stderr.write(`rapport: ${digestFailure}\n`);
    return result.verified ? EXIT.ok : EXIT.failure;
  },
});
