// `rapport verify` (SPEC §6): walks the whole log once in global order and recomputes every
// stream's hash chain, keeping one small entry per stream (its next streamVersion and last hash).
// A chain cannot show its own tail removed, nor a whole stream: the log's digest (over the hashes
// of its first N events in global order) can, against a digest an auditor kept from before.
import { createHash } from 'node:crypto';
import { GENESIS_HASH, positionNumber, type LogPosition, type RecordedEvent } from '../domain/envelope.js';
import { DamagedStoredEvent } from '../ports/event-store.js';
import { eventHash, hashedFieldsOf } from './hash.js';

/** A digest an auditor kept: `N:HEX` in the CLI. */
export interface DigestClaim {
  /** How many events, from the start of the log in global order, the digest was taken over. */
  readonly events: number;
  /** SHA-256 hex (lower case) of those events' hashes, concatenated. */
  readonly digest: string;
}

/** Why the log fails a kept digest. */
export type DigestFailure = 'digest mismatch' | 'log shorter than digest';

export interface DigestCheck extends DigestClaim {
  /** Null when the log still begins with exactly the events the digest was taken over. */
  readonly failure: DigestFailure | null;
}

/** Why an event breaks its stream's chain; `unreadable`: its row is not an event's JSON any more. */
export type BrokenReason = 'hash mismatch' | 'version gap' | 'unreadable';

export interface BrokenEvent {
  readonly stream: string;
  readonly streamVersion: number;
  readonly position: number;
  readonly reason: BrokenReason;
  /** For people: what was expected and what was found. */
  readonly detail: string;
}

export interface VerifyResult {
  readonly verified: boolean;
  /** Events read: the whole log, even after a break, so the counts describe the store. */
  readonly events: number;
  readonly streams: number;
  /** The digest of the whole log (SPEC §6): SHA-256 hex of every event's hash in global order. */
  readonly digest: string;
  /** The first broken event in global order; null when every chain holds. */
  readonly broken: BrokenEvent | null;
  /** The kept digest checked against the log; null when none was given. */
  readonly digestCheck: DigestCheck | null;
}

export interface VerifyOptions {
  readonly digest?: DigestClaim;
  /**
   * Reads the log on after a row that is not an event (the store's readAll from that position),
   * so that the row is named and the rest of the log is still checked. Without it such a row
   * ends the walk with its DamagedStoredEvent.
   */
  readonly readAfter?: (after: LogPosition) => AsyncIterable<readonly RecordedEvent[]>;
}

interface ChainTip {
  nextVersion: number;
  hash: string;
}

/**
 * Checks each event against the tip of its stream: its streamVersion must be the next one, and its
 * hash must recompute from the previous event's stored hash. After a break the walk goes on from
 * the stored values, so one edit is reported once, at the first event it breaks.
 */
export const verifyLog = async (batches: AsyncIterable<readonly RecordedEvent[]>, options: VerifyOptions = {}): Promise<VerifyResult> => {
  const tips = new Map<string, ChainTip>();
  const digest = createHash('sha256');
  const claim = options.digest;
  // The digest of the first claim.events events, taken as the walk passes that point.
  let prefixDigest = claim?.events === 0 ? digest.copy().digest('hex') : null;
  let events = 0;
  let broken: BrokenEvent | null = null;
  const tipOf = (stream: string): ChainTip => {
    let tip = tips.get(stream);
    if (tip === undefined) {
      tip = { nextVersion: 0, hash: GENESIS_HASH };
      tips.set(stream, tip);
    }
    return tip;
  };
  const counted = (hash: string): void => {
    events++;
    digest.update(hash, 'utf8');
    if (events === claim?.events) prefixDigest = digest.copy().digest('hex');
  };
  let reading: AsyncIterable<readonly RecordedEvent[]> | null = batches;
  while (reading !== null) {
    const from: AsyncIterable<readonly RecordedEvent[]> = reading;
    reading = null;
    try {
      for await (const batch of from) {
        for (const event of batch) {
          counted(event.metadata.hash);
          const tip = tipOf(event.stream);
          if (broken === null) broken = check(event, tip);
          tip.nextVersion = event.streamVersion + 1;
          tip.hash = event.metadata.hash;
        }
      }
    } catch (error) {
      if (!(error instanceof DamagedStoredEvent) || options.readAfter === undefined) throw error;
      // The row counts as an event of its stream; its stored hash, when it still has one, is what
      // the digest and the next event of its stream build on.
      const tip = tipOf(error.stream);
      counted(error.hash ?? '');
      broken ??= { stream: error.stream, streamVersion: error.streamVersion, position: positionNumber(error.position), reason: 'unreadable', detail: error.problem };
      tip.nextVersion = error.streamVersion + 1;
      tip.hash = error.hash ?? '';
      reading = options.readAfter(error.position);
    }
  }
  const digestCheck = claim === undefined ? null : { ...claim, failure: digestFailure(claim, prefixDigest) };
  return {
    verified: broken === null && (digestCheck === null || digestCheck.failure === null),
    events,
    streams: tips.size,
    digest: digest.digest('hex'),
    broken,
    digestCheck,
  };
};

const digestFailure = (claim: DigestClaim, prefixDigest: string | null): DigestFailure | null => {
  if (prefixDigest === null) return 'log shorter than digest';
  return prefixDigest === claim.digest ? null : 'digest mismatch';
};

const DIGEST_CLAIM = /^(0|[1-9][0-9]*):([0-9a-fA-F]{64})$/;

/** Parses `N:HEX` (N a count of events, HEX a SHA-256 hex digest); null when it is not that. */
export const parseDigestClaim = (text: string): DigestClaim | null => {
  const match = DIGEST_CLAIM.exec(text);
  if (match === null) return null;
  const events = Number(match[1]);
  if (!Number.isSafeInteger(events)) return null;
  return { events, digest: match[2]!.toLowerCase() };
};

const check = (event: RecordedEvent, tip: ChainTip): BrokenEvent | null => {
  const at = { stream: event.stream, streamVersion: event.streamVersion, position: positionNumber(event.position) };
  if (event.streamVersion !== tip.nextVersion) {
    return { ...at, reason: 'version gap', detail: `expected streamVersion ${tip.nextVersion}, found ${event.streamVersion}` };
  }
  const recomputed = eventHash(tip.hash, hashedFieldsOf(event));
  if (recomputed !== event.metadata.hash) {
    return { ...at, reason: 'hash mismatch', detail: `stored hash ${event.metadata.hash}, recomputed ${recomputed}` };
  }
  return null;
};
