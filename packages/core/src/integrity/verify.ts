// `rapport verify` (SPEC §6): walks the whole log once in global order and recomputes every
// stream's hash chain, keeping one small entry per stream (its next streamVersion and last hash).
import { GENESIS_HASH, positionNumber, type RecordedEvent } from '../domain/envelope.js';
import { eventHash, hashedFieldsOf } from './hash.js';

/** Why an event breaks its stream's chain. */
export type BrokenReason = 'hash mismatch' | 'version gap';

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
  /** The first broken event in global order; null when every chain holds. */
  readonly broken: BrokenEvent | null;
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
export const verifyLog = async (batches: AsyncIterable<readonly RecordedEvent[]>): Promise<VerifyResult> => {
  const tips = new Map<string, ChainTip>();
  let events = 0;
  let broken: BrokenEvent | null = null;
  for await (const batch of batches) {
    for (const event of batch) {
      events++;
      let tip = tips.get(event.stream);
      if (tip === undefined) {
        tip = { nextVersion: 0, hash: GENESIS_HASH };
        tips.set(event.stream, tip);
      }
      if (broken === null) broken = check(event, tip);
      tip.nextVersion = event.streamVersion + 1;
      tip.hash = event.metadata.hash;
    }
  }
  return { verified: broken === null, events, streams: tips.size, broken };
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
