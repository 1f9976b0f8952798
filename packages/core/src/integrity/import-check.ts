// The first pass of `rapport import` (SPEC §5): reads an export file once, keeping each stream's
// tip and decider state (what the command path keeps of it, never its events), and says whether
// its order, versions, hashes and trailer all check out, and whether every event is one the
// command path could have written: a valid chain of events the store's own decoder refuses would
// import cleanly and then stop `history` and park the projections for good, and one the deciders
// refuse (an engagement of a churned client, an owner nobody registered) would put a state no
// command can reach into every report.
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { UndecodableEvent } from '../application/snapshot.js';
import { commandOf } from '../domain/command-of-event.js';
import { GENESIS_HASH, envelopeMetadata, sequencePosition, type EventMetadata } from '../domain/envelope.js';
import { SCHEMA_VERSION, type DomainEvent, type EventType } from '../domain/events.js';
import { fastInstant } from '../domain/fast-command.js';
import { fastDecodeEvent } from '../domain/fast-event.js';
import { checkInOrder } from '../domain/out-of-order.js';
import { parseCommand } from '../domain/parse-command.js';
import { FUTURE_LIMIT_MS } from '../domain/future-limit.js';
import { Id, Instant, NonEmptyString } from '../domain/primitives.js';
import { decideStream, evolveStream, initialStreamState, isClientEvent, isSalespersonEvent, type StreamState } from '../domain/stream-kinds.js';
import { FIRM_STREAM, clientStream, salespersonStream } from '../domain/streams.js';
import { projectEvent } from '../projections/runner/fold.js';
import { metadataProblem } from '../stores/kit/stored-row.js';
import { canonicalJson } from './canonical-json.js';
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

/** Where a salesperson the file does not register before naming was first named. */
export interface NamedSalesperson {
  readonly line: number;
  /** The naming event, as `stream streamVersion n`. */
  readonly at: string;
}

export interface CheckedExport {
  readonly events: number;
  /** The file's streams, in order of first appearance. */
  readonly streams: readonly string[];
  /**
   * Salespeople the file's events name (owners, contacts) but never register: the import stands
   * only if the target store holds them already.
   */
  readonly salespeopleOutside: ReadonlyMap<string, NamedSalesperson>;
}

type Parsed = { readonly event: ExportedEvent } | { readonly trailer: ExportTrailer } | { readonly problem: string };

const HASH = /^[0-9a-f]{64}$/;

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

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
  // The shape a store's own rows must have (stored-row.ts), so the rule lives in one place.
  const problem = metadataProblem(m);
  if (problem !== null) return { problem };
  const metadata = m as EventMetadata;
  if (!HASH.test(metadata.hash)) return { problem: 'metadata.hash must be 64 lowercase hex digits' };
  // Only the envelope's fields: one the hash does not cover must not travel into the store.
  return {
    event: {
      stream,
      streamVersion,
      position,
      type,
      data,
      metadata: envelopeMetadata(metadata),
    },
  };
};

/** The hash SPEC §6 gives this event after `previousHash`, from the file's own fields. */
export const exportedEventHash = (previousHash: string, e: ExportedEvent): string => {
  const { hash: _hash, ...metadata } = e.metadata;
  return eventHash(previousHash, { stream: e.stream, streamVersion: e.streamVersion, type: e.type, data: e.data, ...metadata });
};

const invalid = (line: number | null, message: string): InvalidExport => ({ kind: 'InvalidExport', line, message });

/** What checkExport keeps of each stream while it reads: what the command path keeps, never its events. */
interface StreamTip {
  nextVersion: number;
  hash: string;
  /** occurredAt of the stream's last event, null before its first. */
  lastOccurredAt: string | null;
  /** The decider's state after the stream's events so far. */
  state: StreamState;
  /** The commandIds its events carry: the command path answers a repeated one without writing. */
  readonly commandIds: Set<string>;
}

/** The salespeople registered so far in the file (id → line), and those named before any registration. */
interface Salespeople {
  readonly registered: Map<string, number>;
  readonly named: Map<string, NamedSalesperson>;
}

type StreamKind = StreamState['kind'];

/**
 * The event that opens a stream of each kind: the only one its first event may be, and never
 * again after it (SPEC §2–3: RegisterClient and RegisterSalesperson refuse an existing stream).
 * The firm stream has none: its first ConfigureFirm creates it, and every later one is the same event.
 */
const OPENING_EVENT: Readonly<Record<StreamKind, EventType | null>> = {
  client: 'ClientRegistered',
  salesperson: 'SalespersonRegistered',
  firm: null,
};

/** Is `text` an instant as stores keep it: the `toISOString()` form the Instant codec decodes input to? */
const isStoredInstant = (text: string): boolean => {
  if (fastInstant(text) === text) return true;
  const decoded = Instant.decode(text);
  return isRight(decoded) && decoded.right === text;
};

/** What no command writes into an event's metadata (SPEC §1), or null. */
const metadataRuleProblem = (m: EventMetadata): string | null => {
  if (m.schemaVersion !== SCHEMA_VERSION) return `metadata.schemaVersion ${m.schemaVersion} is not ${SCHEMA_VERSION}, the version this Rapport writes`;
  if (!isStoredInstant(m.occurredAt)) return `metadata.occurredAt ${JSON.stringify(m.occurredAt)} is not an instant in toISOString() form (YYYY-MM-DDTHH:MM:SS.mmmZ)`;
  if (!isStoredInstant(m.recordedAt)) return `metadata.recordedAt ${JSON.stringify(m.recordedAt)} is not an instant in toISOString() form (YYYY-MM-DDTHH:MM:SS.mmmZ)`;
  if (!NonEmptyString.is(m.actor)) return 'metadata.actor must be a non-empty string';
  if (m.commandId !== null && !Id.is(m.commandId)) return `metadata.commandId ${JSON.stringify(m.commandId)} is not ${Id.name}, as every command's commandId is`;
  // A command's correlation and causation ids default to its commandId (SPEC §1): null only without one.
  if (m.commandId !== null && m.correlationId === null) return 'metadata.correlationId is null beside a commandId: the command path writes the commandId there when none is given';
  if (m.commandId !== null && m.causationId === null) return 'metadata.causationId is null beside a commandId: the command path writes the commandId there when none is given';
  if (Date.parse(m.occurredAt) > Date.parse(m.recordedAt) + FUTURE_LIMIT_MS) {
    return `metadata.occurredAt ${m.occurredAt} is more than 24 hours after its recordedAt ${m.recordedAt}: the command path refuses such a command as InvalidCommand (SPEC §3)`;
  }
  return null;
};

/** The event as the store's own decoder reads it (the projections' decode), or why it refuses it. */
const decoded = (e: ExportedEvent): { readonly event: DomainEvent } | { readonly problem: string } => {
  // As projectEvent does: nearly every event is plainly valid, and the fast check says so alone.
  const event = fastDecodeEvent(e.type, e.data);
  if (event !== undefined) return { event };
  try {
    return { event: projectEvent({ ...e, position: sequencePosition(e.position) }).event };
  } catch (error) {
    if (error instanceof UndecodableEvent) return { problem: error.message };
    throw error;
  }
};

/** The kind of stream an event belongs in and, from the id in its data, that stream's name (SPEC §1). */
const homeOf = (event: DomainEvent): { readonly kind: StreamKind; readonly stream: string; readonly idField: string | null } => {
  if (isClientEvent(event)) return { kind: 'client', stream: clientStream(event.data.clientId), idField: 'clientId' };
  if (isSalespersonEvent(event)) return { kind: 'salesperson', stream: salespersonStream(event.data.salespersonId), idField: 'salespersonId' };
  return { kind: 'firm', stream: FIRM_STREAM, idField: null };
};

/** The kind of stream Rapport writes under this name, or null for a name it never writes. */
const kindOfStreamName = (stream: string): StreamKind | null => {
  try {
    return initialStreamState(stream).kind;
  } catch {
    return null;
  }
};

type Home = ReturnType<typeof homeOf>;

/** A stream's tip before its first event, or null for a name Rapport never writes. */
const newTip = (stream: string): StreamTip | null => {
  if (kindOfStreamName(stream) === null) return null;
  return { nextVersion: 0, hash: GENESIS_HASH, lastOccurredAt: null, state: initialStreamState(stream), commandIds: new Set() };
};

/** Why `stream` is not `home`, where a command would have written `event`, or null when it is. */
const streamProblem = (stream: string, event: DomainEvent, home: Home): string | null => {
  if (stream === home.stream) return null;
  const kind = kindOfStreamName(stream);
  if (kind === null) return `stream ${JSON.stringify(stream)} is not one Rapport writes (client-<clientId>, salesperson-<salespersonId>, firm)`;
  if (kind !== home.kind) return `a ${event.type} event belongs in a ${home.kind} stream, not in the ${kind} stream ${stream}`;
  return `data.${home.idField ?? 'id'} of this ${event.type} names stream ${home.stream}, not ${stream}`;
};

/**
 * Why a command could not have written `event`, in this stream, after what `tip` holds of it:
 * its metadata, its data (the store's decoder), its stream, the stream's order, then its command
 * decided on the stream's state as the deciders do. Or the decoded event, when one could.
 */
const eventProblem = (e: ExportedEvent, tip: StreamTip, line: number, salespeople: Salespeople): { readonly problem: string } | { readonly event: DomainEvent } => {
  const at = `${e.stream} streamVersion ${e.streamVersion}`;
  const metadata = metadataRuleProblem(e.metadata);
  if (metadata !== null) return { problem: `${at}: ${metadata}` };
  const result = decoded(e);
  if ('problem' in result) return result;
  const { event } = result;
  const home = homeOf(event);
  const misplaced = streamProblem(e.stream, event, home);
  if (misplaced !== null) return { problem: `${at}: ${misplaced}` };
  const opening = OPENING_EVENT[home.kind];
  if (opening !== null && e.streamVersion === 0 && event.type !== opening) return { problem: `${at}: the first event of ${e.stream} must be ${opening}, not ${event.type}` };
  if (opening !== null && e.streamVersion > 0 && event.type === opening) return { problem: `${at}: a second ${opening} in ${e.stream} (it opens the stream, once)` };
  const inOrder = checkInOrder(e.stream, e.metadata.occurredAt, tip.lastOccurredAt);
  if (isLeft(inOrder)) return { problem: `${at}: ${inOrder.left.code}: ${inOrder.left.message}` };
  const { commandId } = e.metadata;
  if (commandId !== null && tip.commandIds.has(commandId)) {
    return { problem: `${at}: commandId ${JSON.stringify(commandId)} is already recorded in ${e.stream} (the command path answers a repeated command without writing)` };
  }
  const decision = decisionProblem(e, event, tip, { line, at }, salespeople);
  return decision === null ? { event } : { problem: `${at}: ${decision}` };
};

/**
 * Why the event's command, decided on the stream's state before it, is refused or writes another
 * event, or null. A salesperson the file has not registered by then counts as registered here and
 * is noted: only the end of the file, or the target store, can say whether that holds.
 */
const decisionProblem = (e: ExportedEvent, event: DomainEvent, tip: StreamTip, where: NamedSalesperson, salespeople: Salespeople): string | null => {
  const salespersonExists = (id: string): boolean => {
    if (!salespeople.registered.has(id) && !salespeople.named.has(id)) salespeople.named.set(id, where);
    return true;
  };
  // The command's own check first, as the command path runs it: its codecs are stricter than the
  // stored events' where older versions wrote what commands no longer take (a re-cased zone).
  const command = parseCommand(commandOf(event, e.metadata.occurredAt));
  if (isLeft(command)) return `no command could have written this ${event.type}: ${command.left.code}: ${command.left.message}`;
  const decided = decideStream(command.right, tip.state, { lastOccurredAt: tip.lastOccurredAt, salespersonExists });
  if (isLeft(decided)) return `no command could have written this ${event.type}: ${decided.left.code}: ${decided.left.message}`;
  // The file's own data, as stored and hashed: a field a command never writes is a difference too.
  if (decided.right.type !== event.type || !sameFlatData(decided.right.data, e.data)) {
    return `this ${event.type} is not what its command writes after the stream's events before it: ${decided.right.type} ${canonicalJson(decided.right.data) ?? ''}, where the file has ${canonicalJson(e.data) ?? ''}`;
  }
  return null;
};

/**
 * Do two events' data hold the same fields with the same values? Every event's data is flat
 * (strings and numbers, SPEC §1); anything else is compared by its canonical JSON.
 */
const sameFlatData = (a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean => {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!Object.hasOwn(b, key)) return false;
    const x = a[key];
    const y = b[key];
    if (x === y) continue;
    if (typeof x !== 'object' || x === null || typeof y !== 'object' || y === null || canonicalJson(x) !== canonicalJson(y)) return false;
  }
  return true;
};

/**
 * Every line parses; positions never go back; each stream's versions run 0, 1, 2… in file order;
 * each hash recomputes from the one before it in its stream; the trailer is there, last, and its
 * counts and digest match. Truncation loses the trailer or breaks its counts; a removed stream or
 * event breaks the digest, the counts or a stream's versions. And every event is one the command
 * path could have written (a file whose hashes were recomputed proves nothing about its events):
 * its schemaVersion is this version's, its instants are in stored form, its data decodes with the
 * store's own decoder, its stream is the one its type and data name, a stream opens with its
 * opening event and only once, occurredAt never goes back within a stream (OutOfOrder, SPEC §3),
 * no commandId repeats within a stream, and the event's command, decided on the stream's state
 * before it, is accepted and writes exactly this event (SPEC §3's rules: no engagement of a churned
 * client, no engagement id twice, a reassignment's previousOwnerId the owner then, and so on).
 * Salespeople named before the file registers them are returned for the target store to vouch for.
 */
export const checkExport = async (lines: AsyncIterable<NumberedLine>): Promise<InvalidExport | CheckedExport> => {
  const tips = new Map<string, StreamTip>();
  const salespeople: Salespeople = { registered: new Map(), named: new Map() };
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
    const tip = tips.get(event.stream) ?? newTip(event.stream);
    if (tip === null) return invalid(source.line, `${at}: stream ${JSON.stringify(event.stream)} is not one Rapport writes (client-<clientId>, salesperson-<salespersonId>, firm)`);
    if (event.streamVersion !== tip.nextVersion) {
      return invalid(source.line, `${at}: expected streamVersion ${tip.nextVersion} of ${event.stream} (a missing or reordered event)`);
    }
    if (exportedEventHash(tip.hash, event) !== event.metadata.hash) {
      return invalid(source.line, `${at}: hash mismatch (the event or one before it in its stream was changed)`);
    }
    const checked = eventProblem(event, tip, source.line, salespeople);
    if ('problem' in checked) return invalid(source.line, checked.problem);
    tip.nextVersion++;
    tip.hash = event.metadata.hash;
    tip.lastOccurredAt = event.metadata.occurredAt;
    tip.state = evolveStream(tip.state, checked.event);
    if (event.metadata.commandId !== null) tip.commandIds.add(event.metadata.commandId);
    if (checked.event.type === 'SalespersonRegistered') salespeople.registered.set(checked.event.data.salespersonId, source.line);
    tips.set(event.stream, tip);
    seen.add(event.stream, event.metadata.hash);
  }
  if (trailer === undefined) return invalid(null, 'no trailer line: the file is truncated');
  const actual = seen.trailer();
  if (trailer.events !== actual.events || trailer.streams !== actual.streams) {
    return invalid(trailerLine, `the trailer counts ${trailer.events} events in ${trailer.streams} streams, the file holds ${actual.events} in ${actual.streams}`);
  }
  if (trailer.digest !== actual.digest) return invalid(trailerLine, 'the trailer digest does not match the events of the file');
  for (const [id, { line, at }] of salespeople.named) {
    const registered = salespeople.registered.get(id);
    if (registered !== undefined) return invalid(line, `${at}: salesperson ${id} is named here but registered only later in the file (line ${registered})`);
  }
  return { events: actual.events, streams: [...tips.keys()], salespeopleOutside: salespeople.named };
};
