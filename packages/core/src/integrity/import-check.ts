// The first pass of `rapport import` (SPEC §5): reads an export file once, keeping one small entry
// per stream, and says whether its order, versions, hashes and trailer all check out.
import { GENESIS_HASH } from '../domain/envelope.js';
import { trailerBuilder, type ExportTrailer, type ExportedEvent } from './export-format.js';
import { eventHash } from './hash.js';

/** A physical line of the file with its 1-based number, or why it could not be read. */
export type NumberedLine = { readonly line: number; readonly text: string } | { readonly line: number; readonly problem: string };

/** Why a file is refused: `line` is null for what only the end of the file shows (no trailer). */
export interface InvalidExport {
  readonly kind: 'InvalidExport';
  readonly line: number | null;
  readonly message: string;
}

export interface CheckedExport {
  readonly events: number;
  /** The file's streams, in order of first appearance. */
  readonly streams: readonly string[];
}

type Parsed = { readonly event: ExportedEvent } | { readonly trailer: ExportTrailer } | { readonly problem: string };

const HASH = /^[0-9a-f]{64}$/;

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isNullableString = (value: unknown): value is string | null => value === null || typeof value === 'string';

/** One line as an event or the trailer, checked field by field (types only; the hash does the rest). */
export const parseExportLine = (text: string): Parsed => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: 'invalid JSON' };
  }
  if (!isRecord(value)) return { problem: 'not a JSON object' };
  if ('trailer' in value) {
    const t = value.trailer;
    if (!isRecord(t) || !isCount(t.events) || !isCount(t.streams) || typeof t.digest !== 'string') {
      return { problem: 'a trailer must be {"trailer":{"events":n,"streams":m,"digest":"…"}}' };
    }
    return { trailer: { events: t.events, streams: t.streams, digest: t.digest } };
  }
  const { stream, streamVersion, position, type, data, metadata: m } = value;
  if (typeof stream !== 'string' || stream === '') return { problem: 'stream must be a non-empty string' };
  if (!isCount(streamVersion)) return { problem: 'streamVersion must be a non-negative integer' };
  if (!isCount(position)) return { problem: 'position must be a non-negative integer' };
  if (typeof type !== 'string' || type === '') return { problem: 'type must be a non-empty string' };
  if (!isRecord(data)) return { problem: 'data must be a JSON object' };
  if (!isRecord(m)) return { problem: 'metadata must be a JSON object' };
  if (typeof m.occurredAt !== 'string' || typeof m.recordedAt !== 'string' || typeof m.actor !== 'string') {
    return { problem: 'metadata.occurredAt, recordedAt and actor must be strings' };
  }
  if (!isNullableString(m.commandId) || !isNullableString(m.correlationId) || !isNullableString(m.causationId)) {
    return { problem: 'metadata.commandId, correlationId and causationId must be strings or null' };
  }
  if (!Number.isSafeInteger(m.schemaVersion)) return { problem: 'metadata.schemaVersion must be an integer' };
  if (typeof m.hash !== 'string' || !HASH.test(m.hash)) return { problem: 'metadata.hash must be 64 lowercase hex digits' };
  return {
    event: {
      stream,
      streamVersion,
      position,
      type,
      data,
      metadata: {
        occurredAt: m.occurredAt,
        recordedAt: m.recordedAt,
        actor: m.actor,
        commandId: m.commandId,
        correlationId: m.correlationId,
        causationId: m.causationId,
        schemaVersion: m.schemaVersion as number,
        hash: m.hash,
      },
    },
  };
};

/** The hash SPEC §6 gives this event after `previousHash`, from the file's own fields. */
export const exportedEventHash = (previousHash: string, e: ExportedEvent): string => {
  const { hash: _hash, ...metadata } = e.metadata;
  return eventHash(previousHash, { stream: e.stream, streamVersion: e.streamVersion, type: e.type, data: e.data, ...metadata });
};

const invalid = (line: number | null, message: string): InvalidExport => ({ kind: 'InvalidExport', line, message });

/**
 * Every line parses; positions never go back; each stream's versions run 0, 1, 2… in file order;
 * each hash recomputes from the one before it in its stream; the trailer is there, last, and its
 * counts and digest match. Truncation loses the trailer or breaks its counts; a removed stream or
 * event breaks the digest, the counts or a stream's versions.
 */
export const checkExport = async (lines: AsyncIterable<NumberedLine>): Promise<InvalidExport | CheckedExport> => {
  const tips = new Map<string, { nextVersion: number; hash: string }>();
  const seen = trailerBuilder();
  let lastPosition = -1;
  let trailer: ExportTrailer | undefined;
  let trailerLine = 0;
  for await (const source of lines) {
    if ('problem' in source) return invalid(source.line, source.problem);
    if (trailer !== undefined) return invalid(source.line, `a line after the trailer (line ${trailerLine})`);
    const parsed = parseExportLine(source.text);
    if ('problem' in parsed) return invalid(source.line, parsed.problem);
    if ('trailer' in parsed) {
      trailer = parsed.trailer;
      trailerLine = source.line;
      continue;
    }
    const { event } = parsed;
    const at = `${event.stream} streamVersion ${event.streamVersion}`;
    // Positions are the exporting store's; EventStoreDB may give events of one commit the same one.
    if (event.position < lastPosition) return invalid(source.line, `${at}: position ${event.position} comes after position ${lastPosition}`);
    lastPosition = event.position;
    const tip = tips.get(event.stream) ?? { nextVersion: 0, hash: GENESIS_HASH };
    if (event.streamVersion !== tip.nextVersion) {
      return invalid(source.line, `${at}: expected streamVersion ${tip.nextVersion} of ${event.stream} (a missing or reordered event)`);
    }
    if (exportedEventHash(tip.hash, event) !== event.metadata.hash) {
      return invalid(source.line, `${at}: hash mismatch (the event or one before it in its stream was changed)`);
    }
    tip.nextVersion++;
    tip.hash = event.metadata.hash;
    tips.set(event.stream, tip);
    seen.add(event.stream, event.metadata.hash);
  }
  if (trailer === undefined) return invalid(null, 'no trailer line: the file is truncated');
  const actual = seen.trailer();
  if (trailer.events !== actual.events || trailer.streams !== actual.streams) {
    return invalid(trailerLine, `the trailer counts ${trailer.events} events in ${trailer.streams} streams, the file holds ${actual.events} in ${actual.streams}`);
  }
  if (trailer.digest !== actual.digest) return invalid(trailerLine, 'the trailer digest does not match the events of the file');
  return { events: actual.events, streams: [...tips.keys()] };
};
