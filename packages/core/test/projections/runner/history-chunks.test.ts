// The `history` projection keeps a client's events in chunks of HISTORY_CHUNK: whatever the batch
// sizes, stops, restarts and cache sizes of a live catch-up (which split chunks across batches and
// make the runner read a chunk back from the store), the stored chunks equal a rebuild's, and read
// back they are the client's stream exactly as the log has it, chunk boundaries included. A store
// that gives the events' JSON text (RecordedEvent.json) builds the same documents as one that
// does not.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createProjectionRunner, historyEvent, type EventStore, type ReadModelStore } from '@rapport/core';
import { storedHistory } from '../../../src/application/stored-history.js';
import { HISTORY_CHUNK, historyKey, historyProjection } from '../../../src/projections/history/projection.js';
import { appendSteps, at, createMemoryEventStore, createMemoryReadModelStore, stored } from './support.js';

/** The same log, its events read with their JSON text as SQLite's readAll gives it. */
const withJson = (inner: EventStore): EventStore => ({
  ...inner,
  async *readAll(options) {
    for await (const batch of inner.readAll(options)) {
      // Metadata's keys in another order than SPEC's: the stored text is kept as it is.
      yield batch.map((e) => {
        const { hash, ...rest } = e.metadata;
        return { ...e, json: { data: JSON.stringify(e.data), metadata: JSON.stringify({ hash, ...rest }) } };
      });
    }
  },
});

const historyFromLog = async (eventStore: EventStore, client: number) => (await eventStore.readStream(`client-C${client}`)).map(historyEvent);

const historyFromModels = async (readModelStore: ReadModelStore, client: number) => (await storedHistory(readModelStore, `C${client}`)).events.map(historyEvent);

describe('history in chunks', () => {
  it('over any batch sizes, stops, restarts and cache sizes, stores what a rebuild does and reads back as the log', async () => {
    // Up to three clients and 60 events: streams cross several chunk boundaries.
    const steps = fc.array(fc.record({ client: fc.integer({ min: 1, max: 3 }), fee: fc.constantFrom(0, 0, 100) }), { minLength: 1, maxLength: 60 });
    await fc.assert(
      fc.asyncProperty(
        steps,
        fc.integer({ min: 1, max: 11 }),
        fc.array(fc.integer({ min: 0, max: 65 }), { maxLength: 4 }),
        fc.array(fc.boolean(), { maxLength: 4 }),
        fc.constantFrom(1, 2, undefined),
        fc.boolean(),
        async (history, batchSize, stops, restarts, cacheLimit, json) => {
          const log = createMemoryEventStore();
          const eventStore = json ? withJson(log) : log;
          const readModelStore = createMemoryReadModelStore();
          const make = () =>
            createProjectionRunner({ eventStore, readModelStore, projections: [historyProjection], batchSize, rebuildBatchSize: batchSize, ...(cacheLimit === undefined ? {} : { cacheLimit }) });
          let runner = make();
          if (restarts[0] === true) await runner.start();
          const events = await appendSteps(log, history);
          for (const [i, stop] of [...stops].sort((a, b) => a - b).entries()) {
            await runner.catchUp({ until: at(stop) });
            if (restarts[i] === true) runner = make();
          }
          await runner.catchUp();

          // A rebuild in one pass, from a store that gives the JSON text when the live one did not.
          const rebuilt = createMemoryReadModelStore();
          await createProjectionRunner({ eventStore: json ? log : withJson(log), readModelStore: rebuilt, projections: [historyProjection] }).rebuild();
          const live = await stored(readModelStore, historyProjection);
          expect(live?.documents).toEqual((await stored(rebuilt, historyProjection))?.documents);
          expect(live?.checkpoint).toEqual(events.at(-1)!.position);

          for (const client of new Set(history.map((s) => s.client))) {
            const fromLog = await historyFromLog(log, client);
            expect(await historyFromModels(readModelStore, client)).toEqual(fromLog);
            expect(await historyFromModels(rebuilt, client)).toEqual(fromLog);
            // One document per started chunk of the client's stream.
            const chunks = (live?.documents.chunks ?? []).filter(([key]) => key.startsWith(`client-C${client}/`));
            expect(chunks.map(([key]) => key)).toEqual(Array.from({ length: Math.ceil(fromLog.length / HISTORY_CHUNK) }, (_, c) => historyKey(`client-C${client}`, c)));
          }
        },
      ),
      { numRuns: 80 },
    );
  });

  it('keeps a stored event verbatim: data as recorded and every metadata field, in SPEC order when read', async () => {
    const log = createMemoryEventStore();
    const readModelStore = createMemoryReadModelStore();
    await appendSteps(log, Array.from({ length: HISTORY_CHUNK + 2 }, (_, i) => ({ client: 1, fee: i % 3 === 0 ? 0 : 250 })));
    await createProjectionRunner({ eventStore: withJson(log), readModelStore, projections: [historyProjection] }).rebuild();
    const read = await historyFromModels(readModelStore, 1);
    expect(read).toEqual(await historyFromLog(log, 1));
    expect(read.map((e) => Object.keys(e.metadata))).toEqual(read.map(() => ['occurredAt', 'recordedAt', 'actor', 'commandId', 'correlationId', 'causationId', 'schemaVersion', 'hash']));
    expect(JSON.stringify(read)).toBe(JSON.stringify(await historyFromLog(log, 1)));
  });
});
