// SPEC §3's future rule on the command path: an occurredAt more than 24 hours after the executing
// clock is InvalidCommand naming occurredAt; exactly 24 hours is accepted. The check compares text
// against a limit written once per millisecond, so it is tried on both sides of the bound, in both
// instant forms, and across clock ticks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCommandExecutor } from '../../src/application/execute.js';
import { createMemoryEventStore } from '../../src/stores/memory/event-store.js';

const DAY = 24 * 60 * 60 * 1000;

const register = (id: string, occurredAt: string) => ({ type: 'RegisterSalesperson', salespersonId: id, name: 'S', occurredAt });

describe('the 24-hour future rule', () => {
  it('accepts up to exactly 24 hours after the clock and refuses a millisecond more, naming occurredAt', async () => {
    let now = Date.parse('2026-12-07T06:00:00.000Z');
    const executor = createCommandExecutor({ store: createMemoryEventStore(), clock: () => new Date(now) });
    const at = (ms: number) => new Date(ms).toISOString();
    expect((await executor.execute(register('S1', at(now + DAY)))).status).toBe('applied');
    const late = await executor.execute(register('S2', at(now + DAY + 1)));
    expect(late).toMatchObject({ status: 'rejected', error: { code: 'InvalidCommand', field: 'occurredAt' } });
    // The clock moves on: the limit moves with it.
    now += 1;
    expect((await executor.execute(register('S3', at(now + DAY)))).status).toBe('applied');
    // The short form (whole seconds, no milliseconds) is judged as the same instant.
    now = Date.parse('2026-12-07T06:00:00.000Z');
    expect((await executor.execute(register('S4', '2026-12-08T06:00:00Z'))).status).toBe('applied');
    expect((await executor.execute(register('S5', '2026-12-08T06:00:01Z'))).status).toBe('rejected');
  });

  it('agrees with Date.parse for any instant and any clock, years 0000–9999', async () => {
    const instant = fc.integer({ min: Date.parse('0000-01-01T00:00:00.000Z'), max: Date.parse('9999-12-31T23:59:59.999Z') });
    await fc.assert(
      fc.asyncProperty(instant, instant, fc.boolean(), async (clockMs, occurredMs, short) => {
        const executor = createCommandExecutor({ store: createMemoryEventStore(), clock: () => new Date(clockMs) });
        const text = short ? new Date(occurredMs - (occurredMs % 1000 + 1000) % 1000).toISOString().replace(/\.000Z$/, 'Z') : new Date(occurredMs).toISOString();
        const result = await executor.execute(register('S1', text));
        expect(result.status === 'rejected').toBe(Date.parse(text) > clockMs + DAY);
      }),
      { numRuns: 500 },
    );
  });
});

describe('the 24-hour future rule in a group commit stamped by the executor', () => {
  it('counts from the moment the batch is recorded at, so no event lies more than 24 hours after its recordedAt', async () => {
    // A clock that moves on a millisecond at every reading: later readings would allow later instants.
    let now = Date.parse('2026-12-07T06:00:00.000Z');
    const start = now;
    const executor = createCommandExecutor({ store: createMemoryEventStore(), clock: () => new Date(now++), stampRecordedAt: true });
    const at = (ms: number) => new Date(ms).toISOString();
    const results = await executor.executeBatch([register('S1', at(start + DAY)), register('S2', at(start + DAY + 1))]);
    expect(results[0]).toMatchObject({ status: 'applied', event: { metadata: { recordedAt: at(start), occurredAt: at(start + DAY) } } });
    expect(results[1]).toMatchObject({ status: 'rejected', error: { code: 'InvalidCommand', field: 'occurredAt' } });
  });
});
