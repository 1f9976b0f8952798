// What telemetry costs the command path, with the OpenTelemetry API left as the no-op it is until a
// host registers an SDK: (1) commands through the executor on the in-memory event store (no disk,
// so the executor's own CPU time is measured; noisy on a shared machine), and (2) the
// instrumentation alone: the same do-nothing executor called bare and wrapped, in alternating
// rounds, so the difference is what a span and a count add to each command. Prints figures;
// asserts nothing.
// Run: npx tsx bench/command-telemetry.ts [commands] [rounds]
import { createCommandExecutor, createMemoryEventStore, type ExecutionResult } from '@rapport/core';
import { instrumentExecutor } from '../packages/core/src/telemetry/commands.js';

const count = Number(process.argv[2] ?? 20_000);
const rounds = Number(process.argv[3] ?? 5);
const at = (i: number): string => new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString();

/** Microseconds per command over `count` RecordContact commands spread over 100 clients. */
const round = async (): Promise<number> => {
  const store = createMemoryEventStore();
  const executor = createCommandExecutor({ store, occurredAt: 'required' });
  await executor.execute({ type: 'RegisterSalesperson', salespersonId: 'S1', name: 'S', occurredAt: at(0) });
  for (let c = 0; c < 100; c++) await executor.execute({ type: 'RegisterClient', clientId: `C${c}`, name: 'C', ownerId: 'S1', occurredAt: at(1) });
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const result = await executor.execute({ type: 'RecordContact', clientId: `C${i % 100}`, channel: 'visit', occurredAt: at(2 + i) });
    if (result.status !== 'applied') throw new Error(JSON.stringify(result));
  }
  const micros = ((performance.now() - start) * 1000) / count;
  await store.close();
  return micros;
};

const results: number[] = [];
for (let r = 0; r < rounds; r++) results.push(await round());
const sorted = [...results].sort((a, b) => a - b);
console.log(`command path, in-memory store, no telemetry SDK: median ${sorted[Math.floor(rounds / 2)]?.toFixed(2)} µs/command (rounds: ${results.map((m) => m.toFixed(2)).join(', ')})`);

// (2) A do-nothing executor answering a fixed result, bare and instrumented.
const answer: ExecutionResult = { status: 'duplicate', stream: 'client-C1', commandId: 'x', position: null };
const bare: Parameters<typeof instrumentExecutor>[0] = {
  execute: () => Promise.resolve(answer),
  executeBatch: () => Promise.resolve([answer]),
};
const wrapped = instrumentExecutor(bare);
const input = { type: 'RecordContact', clientId: 'C1', channel: 'visit', occurredAt: at(0) };
const calls = 200_000;
const nanosPerCall = async (executor: typeof bare): Promise<number> => {
  const start = performance.now();
  for (let i = 0; i < calls; i++) await executor.execute(input);
  return ((performance.now() - start) * 1e6) / calls;
};
const bareRounds: number[] = [];
const wrappedRounds: number[] = [];
for (let r = 0; r < rounds * 2; r++) {
  bareRounds.push(await nanosPerCall(bare));
  wrappedRounds.push(await nanosPerCall(wrapped));
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
console.log(`instrumentation alone, no SDK: ${(median(wrappedRounds) - median(bareRounds)).toFixed(0)} ns/command (bare ${median(bareRounds).toFixed(0)} ns, wrapped ${median(wrappedRounds).toFixed(0)} ns)`);
