// The W1 workload both sides execute: for client c, command 0 registers it and commands 1..n-1
// alternate contacts and engagements (every third is an engagement). Each step gives the Rapport
// command and the event Rapport records for it (type + data exactly as its decider builds them),
// so Emmett appends the same events, in the same order, one per command.

export const SALESPERSON_ID = 'S1';
/** Rapport needs the owner registered before any RegisterClient; run it once, untimed. */
export const SETUP_COMMANDS: readonly Record<string, unknown>[] = [
  { type: 'RegisterSalesperson', salespersonId: SALESPERSON_ID, name: 'Bench Salesperson', occurredAt: '2024-01-01T00:00:00.000Z' },
];

export const clientId = (c: number): string => `C${c}`;
/** Rapport's clientStream(); Emmett takes the stream type from the part before the first '-'. */
export const streamName = (c: number): string => `client-${clientId(c)}`;

const BASE = Date.UTC(2024, 0, 1);
/** Strictly increasing inside each stream (Rapport rejects out-of-order occurredAt). */
export const occurredAt = (c: number, j: number): string => new Date(BASE + (c * 1000 + j + 1) * 1000).toISOString();

const CHANNELS = ['visit', 'call', 'email', 'meeting'] as const;

export interface W1Event {
  readonly type: 'ClientRegistered' | 'ClientContacted' | 'ClientEngaged';
  readonly data: Readonly<Record<string, string | number>>;
}

export type W1Metadata = {
  readonly occurredAt: string;
  readonly actor: string;
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly schemaVersion: number;
};

export interface W1Step {
  /** What Rapport's executor takes (commandId/occurredAt included). */
  readonly command: Readonly<Record<string, unknown>>;
  /** What Rapport records for it, and what Emmett appends. */
  readonly event: W1Event;
  /** Rapport's metadata for the event, less recordedAt and hash (which its store stamps). */
  readonly metadata: W1Metadata;
}

export const w1Step = (c: number, j: number): W1Step => {
  const id = clientId(c);
  const commandId = `cmd-${id}-${j}`;
  const at = occurredAt(c, j);
  const metadata: W1Metadata = { occurredAt: at, actor: 'bench', commandId, correlationId: commandId, causationId: commandId, schemaVersion: 1 };
  const common = { clientId: id, commandId, occurredAt: at, actor: 'bench' };
  if (j === 0) {
    const data = { clientId: id, name: `Client ${id} Trading Ltd`, ownerId: SALESPERSON_ID, source: 'referral', industry: 'manufacturing' };
    return { command: { type: 'RegisterClient', ...common, ...data }, event: { type: 'ClientRegistered', data }, metadata };
  }
  if (j % 3 === 0) {
    const data = { clientId: id, engagementId: `E-${id}-${j}`, fee: 120_000 + j * 500, serviceLine: 'annual audit' };
    return { command: { type: 'RecordEngagement', ...common, ...data }, event: { type: 'ClientEngaged', data }, metadata };
  }
  const channel = CHANNELS[j % CHANNELS.length]!;
  const summary = 'Discussed next quarter plans and open questions';
  // RecordContact without salespersonId: the decider fills in the owner.
  return {
    command: { type: 'RecordContact', ...common, channel, summary },
    event: { type: 'ClientContacted', data: { clientId: id, channel, summary, salespersonId: SALESPERSON_ID } },
    metadata,
  };
};

/** What a side takes from each step of clients [from, to), client by client, built ahead of a timed slice. */
export const sliceSteps = <T>(from: number, to: number, commandsPerClient: number, take: (step: W1Step) => T): T[] => {
  const out: T[] = [];
  for (let c = from; c < to; c++) for (let j = 0; j < commandsPerClient; j++) out.push(take(w1Step(c, j)));
  return out;
};
