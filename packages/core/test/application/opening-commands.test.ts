// A registration for a stream the executor has never read is decided on the empty stream, without
// reading it; the append's expected no-stream is what checks that guess. These tests hold the
// guess to the rules: nothing read for a new stream, and on a stream that exists after all (another
// executor wrote it, this one restarted) the same answers as if it had been read first.
import { describe, expect, it } from 'vitest';
import { createCommandExecutor } from '../../src/application/execute.js';
import { createMemoryEventStore } from '../../src/stores/memory/event-store.js';
import type { EventStore } from '../../src/ports/event-store.js';

const at = (minute: number) => `2024-03-01T10:${String(minute).padStart(2, '0')}:00Z`;
const salesperson = (id: string, commandId: string) => ({ type: 'RegisterSalesperson', salespersonId: id, name: 'S', commandId, occurredAt: at(0) });
const client = (id: string, commandId: string, minute = 1) => ({ type: 'RegisterClient', clientId: id, name: 'C', ownerId: 'S1', commandId, occurredAt: at(minute) });

/** The store, with every stream read through readStream recorded. */
const counting = (store: EventStore): { store: EventStore; reads: string[] } => {
  const reads: string[] = [];
  return { store: { ...store, readStream: (stream) => (reads.push(stream), store.readStream(stream)) }, reads };
};

const countAll = async (store: EventStore): Promise<number> => {
  let n = 0;
  for await (const batch of store.readAll()) n += batch.length;
  return n;
};

describe('registrations on streams the executor has not read', () => {
  it('read nothing for a new stream', async () => {
    const { store, reads } = counting(createMemoryEventStore());
    const executor = createCommandExecutor({ store });
    expect((await executor.execute(salesperson('S1', 's-1'))).status).toBe('applied');
    expect((await executor.execute(client('C1', 'c-1'))).status).toBe('applied');
    expect((await executor.execute({ type: 'RecordContact', clientId: 'C1', channel: 'call', occurredAt: at(2) })).status).toBe('applied');
    expect(reads).toEqual([]);
  });

  it('give the answers a read would have given when the stream exists after all, and append nothing more', async () => {
    const shared = createMemoryEventStore();
    const first = createCommandExecutor({ store: shared });
    await first.execute(salesperson('S1', 's-1'));
    const registered = await first.execute(client('C1', 'c-1'));
    if (registered.status !== 'applied') throw new Error('setup');
    const events = await countAll(shared);

    // A second executor (another process, or this one restarted) has read nothing yet.
    const cold = createCommandExecutor({ store: shared });
    expect(await cold.execute(client('C1', 'c-other', 3))).toMatchObject({ status: 'rejected', error: { code: 'ClientAlreadyRegistered' } });
    const retried = createCommandExecutor({ store: shared });
    expect(await retried.execute(client('C1', 'c-1'))).toEqual({ status: 'duplicate', stream: 'client-C1', commandId: 'c-1', position: registered.event.position });
    expect(await createCommandExecutor({ store: shared }).execute(salesperson('S1', 's-other'))).toMatchObject({ status: 'rejected', error: { code: 'SalespersonAlreadyRegistered' } });
    expect(await countAll(shared)).toBe(events);

    // Both carry on with the stream as it is.
    expect(await cold.execute({ type: 'RecordContact', clientId: 'C1', channel: 'call', occurredAt: at(4) })).toMatchObject({ status: 'applied', event: { streamVersion: 1 } });
    expect(await first.execute({ type: 'RecordContact', clientId: 'C1', channel: 'visit', occurredAt: at(5) })).toMatchObject({ status: 'applied', event: { streamVersion: 2 } });
  });

  it('let exactly one of two executors register the same new client at once', async () => {
    const shared = createMemoryEventStore();
    await createCommandExecutor({ store: shared }).execute(salesperson('S1', 's-1'));
    const [a, b] = [createCommandExecutor({ store: shared }), createCommandExecutor({ store: shared })];
    const results = await Promise.all([a.execute(client('C9', 'a')), b.execute(client('C9', 'b'))]);
    expect(results.map((r) => r.status).sort()).toEqual(['applied', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ error: { code: 'ClientAlreadyRegistered' } });
    expect((await shared.readStream('client-C9')).length).toBe(1);
  });
});
