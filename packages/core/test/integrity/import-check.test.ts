// The first pass of import refuses events no command could have written. Given a genuine export,
// when one event is forged and every hash after it and the trailer are recomputed (so the chain
// and the digest hold, and only the event rules can refuse it), then checkExport names the line
// and the rule, and importExport leaves the target store empty.
import { describe, expect, it } from 'vitest';
import { createCommandExecutor } from '../../src/application/execute.js';
import { GENESIS_HASH, type RecordedEvent } from '../../src/domain/envelope.js';
import { exportLines, trailerBuilder, type ExportedEvent } from '../../src/integrity/export-format.js';
import { checkExport, exportedEventHash, type NumberedLine } from '../../src/integrity/import-check.js';
import { importExport } from '../../src/integrity/import.js';
import type { EventStore } from '../../src/ports/event-store.js';
import { createMemoryEventStore } from '../../src/stores/memory/event-store.js';

// Every event type, streams interleaved, the firm configured twice, two events of C-1 at the same
// instant (equal instants are in order).
const COMMANDS = [
  { type: 'ConfigureFirm', commandId: 'c-01', occurredAt: '2024-01-01T00:00:00Z', timeZone: 'Asia/Shanghai' },
  { type: 'RegisterSalesperson', commandId: 'c-02', occurredAt: '2024-01-02T09:00:00Z', salespersonId: 'S-1', name: 'Wang Fang' },
  { type: 'RegisterSalesperson', commandId: 'c-03', occurredAt: '2024-01-02T09:30:00Z', salespersonId: 'S-2', name: 'Li Ming' },
  { type: 'SetAnnualPlan', commandId: 'c-04', occurredAt: '2024-01-02T10:00:00Z', salespersonId: 'S-1', year: 2024, newClientsTarget: 10, newBusinessTarget: 5000000 },
  { type: 'RegisterClient', commandId: 'c-05', occurredAt: '2024-01-03T09:00:00Z', clientId: 'C-1', name: 'Acme', ownerId: 'S-1', actor: 'alice' },
  { type: 'RegisterClient', commandId: 'c-06', occurredAt: '2024-01-03T10:00:00Z', clientId: 'C-2', name: 'Beta', ownerId: 'S-1' },
  { type: 'SetVisitPlan', commandId: 'c-07', occurredAt: '2024-01-04T10:00:00Z', salespersonId: 'S-2', month: '2024-02', plannedVisits: 8 },
  { type: 'RecordContact', commandId: 'c-08', occurredAt: '2024-01-10T08:00:00.250Z', clientId: 'C-1', channel: 'visit' },
  { type: 'RecordEngagement', commandId: 'c-09', occurredAt: '2024-01-10T08:00:00.250Z', clientId: 'C-1', engagementId: 'E-1', fee: 4800000 },
  { type: 'ReassignClient', commandId: 'c-10', occurredAt: '2024-01-11T08:00:00Z', clientId: 'C-2', ownerId: 'S-2' },
  { type: 'FileComplaint', commandId: 'c-11', occurredAt: '2024-02-01T08:00:00Z', clientId: 'C-1', complaintId: 'K-1', category: 'service', severity: 'high' },
  { type: 'ResolveComplaint', commandId: 'c-12', occurredAt: '2024-02-03T08:00:00Z', clientId: 'C-1', complaintId: 'K-1' },
  { type: 'ConfigureFirm', commandId: 'c-13', occurredAt: '2024-02-04T00:00:00Z', keyAccountThreshold: 1000000 },
  { type: 'RecordChurn', commandId: 'c-14', occurredAt: '2024-03-01T08:00:00Z', clientId: 'C-1', reason: 'competitor' },
  { type: 'ReactivateClient', commandId: 'c-15', occurredAt: '2024-06-01T08:00:00Z', clientId: 'C-1', engagementId: 'E-2', fee: 200000 },
];

const sampleStore = async (): Promise<EventStore> => {
  const store = createMemoryEventStore({ clock: () => new Date('2024-07-01T00:00:00Z') });
  const executor = createCommandExecutor({ store, occurredAt: 'required' });
  for (const command of COMMANDS) expect((await executor.execute(command)).status).toBe('applied');
  return store;
};

/** The export's events, as its lines hold them (the trailer left out). */
const exportedEvents = async (store: EventStore): Promise<ExportedEvent[]> => {
  let text = '';
  for await (const piece of exportLines(store.readAll({ batchSize: 4 }))) text += piece;
  return text
    .trimEnd()
    .split('\n')
    .slice(0, -1)
    .map((line) => JSON.parse(line) as ExportedEvent);
};

/**
 * The file a forger with the whole export in hand would write: every hash recomputed in its stream
 * from the events as they now stand, and the trailer recomputed from those hashes.
 */
const forgedFile = (events: readonly ExportedEvent[]): string[] => {
  const tips = new Map<string, string>();
  const trailer = trailerBuilder();
  const lines = events.map((e) => {
    const hash = exportedEventHash(tips.get(e.stream) ?? GENESIS_HASH, e);
    tips.set(e.stream, hash);
    trailer.add(e.stream, hash);
    return JSON.stringify({ ...e, metadata: { ...e.metadata, hash } });
  });
  return [...lines, JSON.stringify({ trailer: trailer.trailer() })];
};

const opener = (lines: readonly string[]) =>
  async function* (): AsyncGenerator<NumberedLine> {
    for (let i = 0; i < lines.length; i++) yield { line: i + 1, text: lines[i]! };
  };

const allEvents = async (store: EventStore): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for await (const batch of store.readAll()) events.push(...batch);
  return events;
};

/** The events of the sample export with `edit` applied (the file renumbered by the edit's own hand). */
const edited = async (edit: (events: ExportedEvent[]) => ExportedEvent[]): Promise<string[]> => forgedFile(edit(await exportedEvents(await sampleStore())));

const indexOf = (events: readonly ExportedEvent[], stream: string, streamVersion: number): number => {
  const i = events.findIndex((e) => e.stream === stream && e.streamVersion === streamVersion);
  if (i < 0) throw new Error(`no ${stream}@${streamVersion} in the sample`);
  return i;
};

/** `events` with the one at stream@version replaced by `change(event)`. */
const changing = (stream: string, streamVersion: number, change: (e: ExportedEvent) => ExportedEvent) => (events: ExportedEvent[]) => {
  const i = indexOf(events, stream, streamVersion);
  return events.map((e, j) => (j === i ? change(e) : e));
};

/** checkExport and importExport both refuse the file, naming `line` and the rule; nothing is written. */
const refused = async (lines: readonly string[], line: number, rule: RegExp): Promise<void> => {
  const checked = await checkExport(opener(lines)());
  expect(checked).toMatchObject({ kind: 'InvalidExport', line });
  expect('message' in checked ? checked.message : '').toMatch(rule);
  const target = createMemoryEventStore();
  expect(await importExport(target, opener(lines))).toMatchObject({ kind: 'InvalidExport', line });
  expect(await allEvents(target)).toEqual([]);
};

describe('checkExport accepts what the command path wrote', () => {
  it('a genuine export of every event type, and the same file with its hashes recomputed', async () => {
    const events = await exportedEvents(await sampleStore());
    expect(new Set(events.map((e) => e.type)).size).toBe(12);
    const lines = forgedFile(events);
    // The recomputation gives back the very same file: the forger's tool is faithful.
    let genuine = '';
    for await (const piece of exportLines((await sampleStore()).readAll())) genuine += piece;
    expect(lines).toEqual(genuine.trimEnd().split('\n'));
    expect(await checkExport(opener(lines)())).toEqual({ events: 15, streams: ['firm', 'salesperson-S-1', 'salesperson-S-2', 'client-C-1', 'client-C-2'], salespeopleOutside: new Map() });
    const target = createMemoryEventStore();
    expect(await importExport(target, opener(lines))).toEqual({ imported: 15, streams: 5 });
  });
});

describe('checkExport refuses, with hashes and trailer recomputed, an event', () => {
  // Line numbers: the sample's events in global order, 1-based (C-1's engagement is line 9).
  it('whose data the store decoder refuses: a negative fee', async () => {
    const lines = await edited(changing('client-C-1', 2, (e) => ({ ...e, data: { ...e.data, fee: -100 } })));
    await refused(lines, 9, /client-C-1, streamVersion 2, type ClientEngaged\) does not decode: data\.fee must be money: a safe integer of minor units ≥ 1, got -100/);
  });

  it('of an unknown event type', async () => {
    const lines = await edited(changing('client-C-1', 2, (e) => ({ ...e, type: 'ClientTeleported' })));
    await refused(lines, 9, /does not decode: unknown event type "ClientTeleported"/);
  });

  it('with a required data field missing', async () => {
    const lines = await edited(changing('client-C-2', 0, (e) => ({ ...e, data: { clientId: 'C-2', name: 'Beta' } })));
    await refused(lines, 6, /does not decode: data\.ownerId must be an id/);
  });

  it('whose schemaVersion is not the one this version writes', async () => {
    const lines = await edited(changing('client-C-1', 2, (e) => ({ ...e, metadata: { ...e.metadata, schemaVersion: 2 } })));
    await refused(lines, 9, /client-C-1 streamVersion 2: metadata\.schemaVersion 2 is not 1/);
  });

  it('whose occurredAt is no instant', async () => {
    const lines = await edited(changing('client-C-1', 2, (e) => ({ ...e, metadata: { ...e.metadata, occurredAt: 'yesterday' } })));
    await refused(lines, 9, /metadata\.occurredAt "yesterday" is not an instant in toISOString\(\) form/);
  });

  it('whose occurredAt is an instant, but not in the stored toISOString() form', async () => {
    const noMilliseconds = await edited(changing('client-C-1', 2, (e) => ({ ...e, metadata: { ...e.metadata, occurredAt: '2024-01-10T08:00:01Z' } })));
    await refused(noMilliseconds, 9, /metadata\.occurredAt "2024-01-10T08:00:01Z" is not an instant in toISOString\(\) form/);
    const offset = await edited(changing('client-C-1', 2, (e) => ({ ...e, metadata: { ...e.metadata, occurredAt: '2024-01-10T16:00:01.000+08:00' } })));
    await refused(offset, 9, /metadata\.occurredAt/);
    const noSuchDay = await edited(changing('client-C-1', 2, (e) => ({ ...e, metadata: { ...e.metadata, occurredAt: '2024-02-30T08:00:00.000Z' } })));
    await refused(noSuchDay, 9, /metadata\.occurredAt "2024-02-30T08:00:00\.000Z"/);
  });

  it('whose recordedAt is not in stored form', async () => {
    const lines = await edited(changing('client-C-1', 2, (e) => ({ ...e, metadata: { ...e.metadata, recordedAt: '2024-07-01' } })));
    await refused(lines, 9, /metadata\.recordedAt "2024-07-01" is not an instant/);
  });

  it('whose actor is empty', async () => {
    const lines = await edited(changing('client-C-1', 2, (e) => ({ ...e, metadata: { ...e.metadata, actor: '' } })));
    await refused(lines, 9, /metadata\.actor must be a non-empty string/);
  });

  it('whose commandId no command takes', async () => {
    const lines = await edited(changing('client-C-1', 2, (e) => ({ ...e, metadata: { ...e.metadata, commandId: 'not an id!' } })));
    await refused(lines, 9, /metadata\.commandId "not an id!" is not an id/);
  });

  it('whose correlationId or causationId is null beside a commandId (the command path writes the commandId there)', async () => {
    const correlation = await edited(changing('client-C-1', 2, (e) => ({ ...e, metadata: { ...e.metadata, correlationId: null } })));
    await refused(correlation, 9, /metadata\.correlationId is null beside a commandId/);
    const causation = await edited(changing('client-C-1', 2, (e) => ({ ...e, metadata: { ...e.metadata, causationId: null } })));
    await refused(causation, 9, /metadata\.causationId is null beside a commandId/);
  });

  it('whose occurredAt is more than 24 hours after its recordedAt (SPEC §3\'s future rule), not one exactly 24 hours after', async () => {
    // The last event of C-1, so no later event of its stream is out of order after the edit.
    const at = (occurredAt: string) => changing('client-C-1', 6, (e) => ({ ...e, metadata: { ...e.metadata, occurredAt } }));
    const late = await edited(at('2024-07-02T00:00:00.001Z'));
    await refused(late, 15, /metadata\.occurredAt 2024-07-02T00:00:00\.001Z is more than 24 hours after its recordedAt 2024-07-01T00:00:00\.000Z/);
    expect(await checkExport(opener(await edited(at('2024-07-02T00:00:00.000Z')))())).toMatchObject({ events: 15 });
  });

  it('in a stream whose name Rapport never writes', async () => {
    const lines = await edited((events) => events.map((e) => (e.stream === 'client-C-2' ? { ...e, stream: 'bogus stream' } : e)));
    await refused(lines, 6, /bogus stream streamVersion 0: stream "bogus stream" is not one Rapport writes/);
  });

  it('whose data names another client than its stream', async () => {
    const lines = await edited(changing('client-C-1', 2, (e) => ({ ...e, data: { ...e.data, clientId: 'C-2' } })));
    await refused(lines, 9, /client-C-1 streamVersion 2: data\.clientId of this ClientEngaged names stream client-C-2, not client-C-1/);
  });

  it('whose data names another salesperson than its stream', async () => {
    const lines = await edited(changing('salesperson-S-1', 1, (e) => ({ ...e, data: { ...e.data, salespersonId: 'S-2' } })));
    await refused(lines, 4, /data\.salespersonId of this AnnualPlanSet names stream salesperson-S-2, not salesperson-S-1/);
  });

  it('in a stream of another kind than its type', async () => {
    // A salesperson's stream renamed as a client's: its id is a valid one, its kind is wrong.
    const lines = await edited((events) => events.map((e) => (e.stream === 'salesperson-S-2' ? { ...e, stream: 'client-S-2' } : e)));
    await refused(lines, 3, /a SalespersonRegistered event belongs in a salesperson stream, not in the client stream client-S-2/);
    const firm = await edited((events) => events.map((e) => (e.stream === 'firm' ? { ...e, stream: 'client-F' } : e)));
    await refused(firm, 1, /a FirmConfigured event belongs in a firm stream, not in the client stream client-F/);
  });

  it('that starts a client stream without ClientRegistered', async () => {
    // C-2's registration removed and its reassignment renumbered to streamVersion 0.
    const lines = await edited((events) =>
      events.filter((e) => !(e.stream === 'client-C-2' && e.streamVersion === 0)).map((e) => (e.stream === 'client-C-2' ? { ...e, streamVersion: e.streamVersion - 1 } : e)),
    );
    await refused(lines, 9, /client-C-2 streamVersion 0: the first event of client-C-2 must be ClientRegistered, not ClientReassigned/);
  });

  it('that starts a salesperson stream without SalespersonRegistered', async () => {
    const lines = await edited((events) =>
      events.filter((e) => !(e.stream === 'salesperson-S-2' && e.streamVersion === 0)).map((e) => (e.stream === 'salesperson-S-2' ? { ...e, streamVersion: e.streamVersion - 1 } : e)),
    );
    await refused(lines, 6, /the first event of salesperson-S-2 must be SalespersonRegistered, not VisitPlanSet/);
  });

  it('that registers a client a second time', async () => {
    const lines = await edited((events) => {
      const registered = events[indexOf(events, 'client-C-1', 0)]!;
      const last = events.at(-1)!;
      return [...events, { ...registered, streamVersion: last.streamVersion + 1, position: last.position + 1, metadata: { ...last.metadata, commandId: 'c-16' } }];
    });
    await refused(lines, 16, /client-C-1 streamVersion 7: a second ClientRegistered in client-C-1/);
  });

  it('that registers a salesperson a second time', async () => {
    const lines = await edited(changing('salesperson-S-1', 1, (e) => ({ ...e, type: 'SalespersonRegistered', data: { salespersonId: 'S-1', name: 'Wang Fang' } })));
    await refused(lines, 4, /a second SalespersonRegistered in salesperson-S-1/);
  });

  it('whose occurredAt is earlier than the previous event of its stream (OutOfOrder)', async () => {
    // C-1's churn put before its resolved complaint (2024-02-03), yet after the other streams' events.
    const lines = await edited(changing('client-C-1', 5, (e) => ({ ...e, metadata: { ...e.metadata, occurredAt: '2024-02-02T23:59:59.999Z' } })));
    await refused(lines, 14, /client-C-1 streamVersion 5: OutOfOrder: occurredAt 2024-02-02T23:59:59\.999Z is earlier than the last event of client-C-1 \(2024-02-03T08:00:00\.000Z\)/);
  });
});

describe('checkExport replays every event\'s command through the deciders, refusing one', () => {
  // The sample's client events, line by line: 5 C-1 registered (owner S-1), 6 C-2 registered,
  // 8 C-1 contacted, 9 C-1 engaged (E-1), 10 C-2 reassigned S-1 → S-2, 11 K-1 filed, 12 K-1
  // resolved, 14 C-1 churned, 15 C-1 reactivated (E-2, lifetime 2).
  it('that engages a churned client (ClientChurned)', async () => {
    const lines = await edited(changing('client-C-1', 6, (e) => ({ ...e, type: 'ClientEngaged', data: { clientId: 'C-1', engagementId: 'E-2', fee: 200000 } })));
    await refused(lines, 15, /client-C-1 streamVersion 6: no command could have written this ClientEngaged: ClientChurned: client C-1 is churned/);
  });

  it('that records an engagement id a second time (DuplicateEngagement)', async () => {
    const lines = await edited(changing('client-C-1', 6, (e) => ({ ...e, data: { ...e.data, engagementId: 'E-1' } })));
    await refused(lines, 15, /no command could have written this ClientReactivated: DuplicateEngagement: engagement E-1 is already recorded for client C-1/);
  });

  it('whose derived fields are not what the decider derives: previousOwnerId, lifetime', async () => {
    const owner = await edited(changing('client-C-2', 1, (e) => ({ ...e, data: { ...e.data, previousOwnerId: 'S-2', ownerId: 'S-1' } })));
    await refused(owner, 10, /no command could have written this ClientReassigned: SameOwner/);
    const previous = await edited(changing('client-C-2', 1, (e) => ({ ...e, data: { ...e.data, previousOwnerId: 'S-9' } })));
    await refused(previous, 10, /this ClientReassigned is not what its command writes after the stream's events before it: ClientReassigned \{"clientId":"C-2","ownerId":"S-2","previousOwnerId":"S-1"\}, where the file has .*"previousOwnerId":"S-9"/);
    const lifetime = await edited(changing('client-C-1', 6, (e) => ({ ...e, data: { ...e.data, lifetime: 5 } })));
    await refused(lifetime, 15, /this ClientReactivated is not what its command writes .*"lifetime":2.*where the file has .*"lifetime":5/);
  });

  it('that the command check refuses though the stored-event decoder reads it: a re-cased zone', async () => {
    const lines = await edited(changing('firm', 0, (e) => ({ ...e, data: { timeZone: 'ASIA/SHANGHAI' } })));
    await refused(lines, 1, /firm streamVersion 0: no command could have written this FirmConfigured: InvalidCommand: timeZone must be an IANA time zone name such as Asia\/Shanghai, got "ASIA\/SHANGHAI"/);
  });

  it('with a data field no command writes', async () => {
    const lines = await edited(changing('client-C-1', 2, (e) => ({ ...e, data: { ...e.data, discount: 10 } })));
    await refused(lines, 9, /this ClientEngaged is not what its command writes .*where the file has .*"discount":10/);
  });

  it('that lets a prospect complain, or resolves a complaint never filed', async () => {
    const prospect = await edited(changing('client-C-2', 1, (e) => ({ ...e, type: 'ClientComplained', data: { clientId: 'C-2', complaintId: 'K-9', category: 'price', severity: 'low' } })));
    await refused(prospect, 10, /ClientComplained: NotAClient: client C-2 is a prospect/);
    const unknown = await edited(changing('client-C-1', 4, (e) => ({ ...e, data: { ...e.data, complaintId: 'K-7' } })));
    await refused(unknown, 12, /ComplaintResolved: UnknownComplaint: complaint K-7 was never filed for client C-1/);
  });

  it('whose commandId its stream already recorded', async () => {
    const lines = await edited(changing('client-C-1', 2, (e) => ({ ...e, metadata: { ...e.metadata, commandId: 'c-08' } })));
    await refused(lines, 9, /client-C-1 streamVersion 2: commandId "c-08" is already recorded in client-C-1/);
  });

  it('that names an owner registered only later in the file', async () => {
    // S-2's two events (lines 3 and 7) moved after C-2's reassignment to S-2 (line 10, now 8).
    const lines = await edited((events) => {
      const s2 = events.filter((e) => e.stream === 'salesperson-S-2');
      const rest = events.filter((e) => e.stream !== 'salesperson-S-2');
      const after = indexOf(rest, 'client-C-2', 1);
      return [...rest.slice(0, after + 1), ...s2, ...rest.slice(after + 1)].map((e, j) => ({ ...e, position: j + 1 }));
    });
    await refused(lines, 8, /client-C-2 streamVersion 1: salesperson S-2 is named here but registered only later in the file \(line 9\)/);
  });

  it('that names an owner registered neither in the file nor in the target store; the store that holds it takes the file', async () => {
    // Everything of S-1 left out: C-1 and C-2 name it as their owner, C-1's contact as its salesperson.
    const lines = await edited((events) => events.filter((e) => e.stream !== 'salesperson-S-1').map((e, j) => ({ ...e, position: j + 1 })));
    const checked = await checkExport(opener(lines)());
    expect(checked).toMatchObject({ events: 13, salespeopleOutside: new Map([['S-1', { line: 3, at: 'client-C-1 streamVersion 0' }]]) });
    const empty = createMemoryEventStore();
    expect(await importExport(empty, opener(lines))).toEqual({
      kind: 'InvalidExport',
      line: 3,
      message: 'client-C-1 streamVersion 0: no command could have written it: SalespersonNotFound: salesperson S-1 is registered neither earlier in the file nor in the target store',
    });
    expect(await allEvents(empty)).toEqual([]);
    const holding = createMemoryEventStore();
    expect((await createCommandExecutor({ store: holding, occurredAt: 'required' }).execute(COMMANDS[1]!)).status).toBe('applied');
    expect(await importExport(holding, opener(lines))).toEqual({ imported: 13, streams: 4 });
  });
});

describe('checkExport still checks the other streams\' order independently', () => {
  it('an event earlier than another stream\'s previous event is fine', async () => {
    // C-2's reassignment (line 10) moved before C-1's engagement (line 9) in business time only.
    const lines = await edited(changing('client-C-2', 1, (e) => ({ ...e, metadata: { ...e.metadata, occurredAt: '2024-01-05T00:00:00.000Z' } })));
    expect(await checkExport(opener(lines)())).toMatchObject({ events: 15 });
  });
});
