import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GENESIS_HASH, type NewEvent } from '../../src/domain/envelope.js';
import { canonicalJson } from '../../src/integrity/canonical-json.js';
import { eventHash } from '../../src/integrity/hash.js';
import { recordingInstant, sealEvent } from '../../src/stores/kit/seal.js';

const nullableId = fc.option(fc.string(), { nil: null });

describe('sealEvent', () => {
  it('writes metadata JSON equal to JSON.stringify and hashes what it writes', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.record({ actor: fc.string(), commandId: nullableId, correlationId: nullableId, causationId: nullableId, recordedAt: fc.option(fc.string(), { nil: undefined }) }),
        (data, ids) => {
          const event: NewEvent = { type: 'Noted', data, metadata: { occurredAt: '2024-03-01T09:30:00.000Z', schemaVersion: 1, ...ids } };
          const sealed = sealEvent('client-A', 3, GENESIS_HASH, event, () => '2025-01-01T00:00:00.000Z');
          expect(sealed.metadataJson).toBe(JSON.stringify(sealed.metadata));
          expect(sealed.dataJson).toBe(canonicalJson(data));
          expect(sealed.metadata.recordedAt).toBe(ids.recordedAt ?? '2025-01-01T00:00:00.000Z');
          const { hash, ...rest } = sealed.metadata;
          expect(hash).toBe(eventHash(GENESIS_HASH, { ...rest, stream: 'client-A', streamVersion: 3, type: 'Noted', data }));
        },
      ),
    );
  });

  it('hashes and writes alike when ids repeat one another and events share recordedAt', () => {
    const id = fc.constantFrom<string | null | undefined>('k-1', 'k-2', 'k "quoted"', null, undefined);
    fc.assert(
      fc.property(
        fc.array(fc.record({ commandId: id, correlationId: id, causationId: id, recordedAt: fc.constantFrom('2025-01-01T00:00:00.000Z', 'é\n', undefined) }), { minLength: 1, maxLength: 6 }),
        (events) => {
          let previous = GENESIS_HASH;
          events.forEach((ids, version) => {
            // @ts-expect-error: ids may be undefined, as they may be from untyped code.
            const event: NewEvent = { type: 'Noted', data: { n: version }, metadata: { occurredAt: '2024-03-01T09:30:00.000Z', actor: 'ann', schemaVersion: 1, ...ids } };
            const sealed = sealEvent('client-A', version, previous, event, () => '2025-06-01T00:00:00.000Z');
            expect(sealed.metadataJson).toBe(JSON.stringify(sealed.metadata));
            const { hash, ...rest } = sealed.metadata;
            expect(hash).toBe(eventHash(previous, { ...rest, stream: 'client-A', streamVersion: version, type: 'Noted', data: { n: version } }));
            previous = hash;
          });
        },
      ),
    );
  });

  it('stores an id left undefined by a JavaScript caller as null', () => {
    const metadata = { occurredAt: '2024-03-01T09:30:00.000Z', actor: 'a', schemaVersion: 1 };
    // @ts-expect-error: the ids are missing, as they may be from untyped code.
    const sealed = sealEvent('client-A', 0, GENESIS_HASH, { type: 'Noted', data: {}, metadata }, () => 'now');
    expect(sealed.metadata).toMatchObject({ commandId: null, correlationId: null, causationId: null });
  });

  it('reads the clock at most once per append, and not at all for imports', () => {
    let reads = 0;
    const now = recordingInstant(() => new Date(Date.UTC(2025, 0, 1, 0, 0, reads++)));
    expect([now(), now()]).toEqual(['2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z']);
    expect(reads).toBe(1);
  });
});
