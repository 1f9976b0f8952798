// W1 on Emmett 0.42 (in memory and on PostgreSQL): the same events as Rapport records, one per
// command, each decided against the client's state and appended with the exact expected stream
// version. Like Rapport's executor, the state and version of a client are read once (a cache
// miss) and then held in memory, so both sides do the same store work per command.
import { getInMemoryEventStore, type Event, type EventStore } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import pg from 'pg';
import { createThrowawayDatabase } from '../support/pg-database.js';
import { timedClients, type W1Side, type W1Size } from './sides.js';
import { sliceSteps, streamName, w1Step, type W1Metadata, type W1Step } from './workload.js';

type ClientEvent = Event<string, Record<string, string | number>, W1Metadata>;

interface ClientState {
  readonly registered: boolean;
  readonly engagementIds: readonly string[];
}

const initialState = (): ClientState => ({ registered: false, engagementIds: [] });

const evolve = (state: ClientState, event: ClientEvent): ClientState => {
  switch (event.type) {
    case 'ClientRegistered':
      return { ...state, registered: true };
    case 'ClientEngaged':
      return { ...state, engagementIds: [...state.engagementIds, String(event.data.engagementId)] };
    default:
      return state;
  }
};

/** The rules Rapport's decider applies to these three commands. */
const decide = (c: number, { event, metadata }: Pick<W1Step, 'event' | 'metadata'>, state: ClientState): ClientEvent => {
  if (event.type === 'ClientRegistered') {
    if (state.registered) throw new Error(`client ${c} is already registered`);
  } else {
    if (!state.registered) throw new Error(`client ${c} is not registered`);
    if (event.type === 'ClientEngaged' && state.engagementIds.includes(String(event.data.engagementId))) throw new Error(`engagement ${String(event.data.engagementId)} is already recorded`);
  }
  return { type: event.type, data: event.data, metadata };
};

/** Client c's steps are `steps[first … first + commandsPerClient)`. */
const runClient = async (store: EventStore, c: number, steps: readonly Pick<W1Step, 'event' | 'metadata'>[], first: number, commandsPerClient: number): Promise<void> => {
  const stream = streamName(c);
  const read = await store.readStream<ClientEvent>(stream);
  let state = read.events.reduce((s, e) => evolve(s, e), initialState());
  let version: bigint = read.streamExists ? read.currentStreamVersion : 0n;
  for (let j = 0; j < commandsPerClient; j++) {
    const event = decide(c, steps[first + j]!, state);
    const result = await store.appendToStream<ClientEvent>(stream, [event], { expectedStreamVersion: version });
    version = result.nextExpectedStreamVersion;
    state = evolve(state, event);
  }
};

/** A side of the comparison on `store`; `release` closes what the store was opened on. */
const emmettSide = (store: EventStore, size: W1Size, concurrency: number, release: () => Promise<void>): W1Side => ({
  run: (from, to) => {
    // Built before the clock, as Rapport's commands and the ceilings' rows are.
    const steps = sliceSteps(from, to, size.commandsPerClient, (step) => step);
    return timedClients(from, to, concurrency, (c) => runClient(store, c, steps, (c - from) * size.commandsPerClient, size.commandsPerClient));
  },
  check: () => checkStreams(store, size),
  close: release,
});

/** Untimed: the first and last client's streams hold exactly their events, in order. */
const checkStreams = async (store: EventStore, size: W1Size): Promise<void> => {
  for (const c of new Set([0, size.clients - 1])) {
    const { events, currentStreamVersion } = await store.readStream<ClientEvent>(streamName(c));
    const types = events.map((e) => e.type).join(',');
    const expected = Array.from({ length: size.commandsPerClient }, (_, j) => w1Step(c, j).event.type).join(',');
    if (types !== expected || currentStreamVersion !== BigInt(size.commandsPerClient)) throw new Error(`Emmett stream ${streamName(c)}: got ${types} @${currentStreamVersion}`);
  }
};

export const emmettMemory = async (size: W1Size): Promise<W1Side> => emmettSide(getInMemoryEventStore(), size, 1, async () => undefined);

/**
 * On a fresh database, schema migrated before the clock starts. The store gets a pg.Pool we own
 * (what dumbo would build itself) because the pool dumbo caches per URL outlives store.close().
 */
export const emmettPostgres = async (adminUrl: string, size: W1Size, concurrency: number): Promise<W1Side> => {
  const db = await createThrowawayDatabase('bench_emmett', adminUrl);
  const pool = new pg.Pool({ connectionString: db.url, max: Math.max(10, concurrency) });
  pool.on('error', () => undefined); // an idle client killed by DROP DATABASE … WITH (FORCE)
  const store = getPostgreSQLEventStore(db.url, { connectionOptions: { pool } });
  const release = async (): Promise<void> => {
    try {
      await store.close();
      await pool.end();
    } finally {
      await db.drop();
    }
  };
  try {
    await store.schema.migrate();
  } catch (error) {
    await release();
    throw error;
  }
  return emmettSide(store, size, concurrency, release);
};
