import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GENESIS_HASH, sequencePosition, type RecordedEvent } from '../../src/domain/envelope.js';
import { canonicalJson } from '../../src/integrity/canonical-json.js';
import { encodeFields, encodedEventHash, eventHash, verifyChain, type HashedFields } from '../../src/integrity/hash.js';

const fields: HashedFields = {
  stream: 'client-C-1',
  streamVersion: 0,
  type: 'ClientRegistered',
  data: { name: 'Acme', clientId: 'C-1', fee: 100 },
  occurredAt: '2024-03-01T09:30:00.000Z',
  recordedAt: '2024-03-01T09:30:01.000Z',
  actor: 'alice',
  commandId: 'cmd-1',
  correlationId: 'cmd-1',
  causationId: 'cmd-1',
  schemaVersion: 1,
};

/** A stream of `n` events chained with eventHash. */
const chain = (n: number, stream = 'client-C-1'): RecordedEvent[] => {
  const out: RecordedEvent[] = [];
  let previous = GENESIS_HASH;
  for (let v = 0; v < n; v++) {
    const f = { ...fields, stream, streamVersion: v, data: { v } };
    previous = eventHash(previous, f);
    out.push({
      stream,
      streamVersion: v,
      position: sequencePosition(v + 1),
      type: f.type,
      data: f.data,
      metadata: { occurredAt: f.occurredAt, recordedAt: f.recordedAt, actor: f.actor, commandId: f.commandId, correlationId: f.correlationId, causationId: f.causationId, schemaVersion: 1, hash: previous },
    });
  }
  return out;
};

describe('eventHash', () => {
  it('is SHA-256 of the previous hash and the canonical fields (SPEC §6)', () => {
    // Worked out by hand with node:crypto over '0'×64 + the canonical JSON in the contract suite.
    expect(eventHash(GENESIS_HASH, fields)).toBe('3772097ee9adb5e6996117e0145380544aa3356af4488b0a358be7d83bf597cf');
  });

  it('writes the fields as canonicalJson would, whatever the data and ids', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.string(), fc.option(fc.string()), fc.nat(), (data, actor, commandId, version) => {
        const f = { ...fields, data, actor, commandId, streamVersion: version };
        const expected = createHash('sha256').update(GENESIS_HASH + canonicalJson(f)!, 'utf8').digest('hex');
        expect(eventHash(GENESIS_HASH, f)).toBe(expected);
        expect(encodedEventHash(GENESIS_HASH, encodeFields(f, canonicalJson(data)!))).toBe(expected);
      }),
    );
  });
});

describe('verifyChain', () => {
  it('finds nothing wrong with an intact chain or an empty stream', () => {
    expect(verifyChain(chain(4))).toBeNull();
    expect(verifyChain([])).toBeNull();
  });

  it('names the first event whose hash does not recompute', () => {
    const events = chain(4);
    events[2] = { ...events[2]!, data: { v: 'edited' } };
    expect(verifyChain(events)).toBe(events[2]);
  });

  it('names the event after one whose stored hash was replaced', () => {
    const events = chain(4);
    events[1] = { ...events[1]!, metadata: { ...events[1]!.metadata, hash: 'f'.repeat(64) } };
    expect(verifyChain(events)).toBe(events[1]);
  });

  it('names an event that breaks the run of versions from 0', () => {
    const events = chain(4);
    expect(verifyChain([events[0]!, events[2]!, events[3]!])).toBe(events[2]);
    expect(verifyChain(events.slice(1))).toBe(events[1]);
    expect(verifyChain([events[1]!, events[0]!])).toBe(events[1]);
  });

  it('names an event of another stream', () => {
    const events = chain(2);
    const other = chain(3, 'client-C-2')[2]!;
    expect(verifyChain([...events, other])).toBe(other);
  });
});
