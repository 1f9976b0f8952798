// Embedding Rapport in a firm's own TypeScript system: open the stores, execute commands, wait
// for the read models to see them, and read reports as plain objects.
// Run: npx tsx examples/embed.ts
import { createMemoryEventStore, createMemoryReadModelStore, createRapport, type CommandInput } from '@rapport/core';

// In production: openSqliteEventStore / openSqliteReadModelStore (or the server adapters).
// The clock is injectable, so tests of the embedding code are deterministic.
let now = Date.parse('2024-06-30T09:00:00Z');
const rapport = createRapport({
  eventStore: createMemoryEventStore({ clock: () => new Date(now) }),
  readModelStore: createMemoryReadModelStore(),
  clock: () => new Date(now),
  timeZone: 'Asia/Shanghai',
});

const commands: CommandInput[] = [
  { type: 'RegisterSalesperson', commandId: 'cmd-1', salespersonId: 'sp-wang', name: 'Wang Fang', occurredAt: '2024-01-02T01:00:00Z' },
  { type: 'RegisterClient', commandId: 'cmd-2', clientId: 'c-001', name: 'Hangzhou Silkroad Textiles', ownerId: 'sp-wang', source: 'exhibition', occurredAt: '2024-01-10T02:00:00Z' },
  { type: 'RecordEngagement', commandId: 'cmd-3', clientId: 'c-001', engagementId: 'audit-2024', fee: 4_800_000, occurredAt: '2024-01-25T08:00:00Z' },
  { type: 'RecordChurn', commandId: 'cmd-4', clientId: 'c-001', reason: 'competitor', occurredAt: '2024-05-20T03:00:00Z' },
  // A rule violation: the result says why, and nothing is appended.
  { type: 'RecordEngagement', commandId: 'cmd-5', clientId: 'c-001', engagementId: 'audit-2025', fee: 5_000_000, occurredAt: '2024-06-01T00:00:00Z' },
];

let last;
for (const command of commands) {
  const result = await rapport.execute(command);
  if (result.status === 'applied') last = result.event.position;
  console.log(command.commandId, result.status, result.status === 'rejected' ? `${result.error.code}: ${result.error.message}` : '');
}

// Read-your-writes: the projections have folded everything up to our last event.
if (last !== undefined) await rapport.waitFor(last);

const winback = await rapport.winback({ asOf: '2024-06-30' });
console.log('win-back list:', JSON.stringify(winback.clients.map((c) => ({ clientId: c.clientId, action: c.action, score: Math.round(c.score) }))));

const attrition = await rapport.attrition({ period: '2024-Q2' });
console.log('attrition 2024-Q2:', attrition.firm.attritionRate, 'lost', attrition.firm.lost, 'of', attrition.firm.activeAtStart);

now = Date.parse('2024-07-01T00:00:00Z');
const history = await rapport.history('c-001');
console.log('c-001 trail:', history.events.map((e) => e.type).join(' → '), '| stage now:', history.state?.stage);

await rapport.close();
