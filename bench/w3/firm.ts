// The W3/W4/W5 firm: a log of N events over a fixed number of clients (10,000 in the issue's
// figures), appended straight to a SQLite store in group commits (untimed). Each client's history
// is registration, then contacts and engagements, and every tenth step a churn followed, two times
// in three, by a win-back; clients are interleaved round by round, as a firm's log is roughly in
// time order across clients. Only a tiny cursor per client is kept.
import { isLeft } from 'fp-ts/lib/Either.js';
import type { AppendRequest } from '@rapport/core';
import { openSqliteEventStore } from '@rapport/sqlite';

const SALESPEOPLE = 50;
const DAY = 86_400_000;
const CHANNELS = ['visit', 'call', 'email', 'meeting'] as const;
const REASONS = ['dissatisfied', 'competitor', 'negative-value', 'involuntary', 'other'] as const;
const CATEGORIES = ['quality', 'service', 'price', 'staff', 'other'] as const;

interface ClientCursor {
  readonly c: number;
  at: number;
  stage: 'prospect' | 'engaged' | 'churned';
  lifetime: number;
}

const nextEvent = (cursor: ClientCursor, i: number): { type: string; data: Record<string, unknown> } => {
  const { c } = cursor;
  const clientId = `C${c}`;
  const owner = `S${c % SALESPEOPLE}`;
  if (i === 0) return { type: 'ClientRegistered', data: { clientId, name: `Client ${c}`, ownerId: owner } };
  cursor.at += (DAY * (1 + (c % 7))) / 10;
  const step = i % 10;
  if (step === 7 && cursor.stage === 'engaged') {
    cursor.stage = 'churned';
    return { type: 'ClientChurned', data: { clientId, reason: REASONS[(c + i) % 5] } };
  }
  if (step === 8 && cursor.stage === 'churned' && (c + i) % 3 !== 0) {
    cursor.stage = 'engaged';
    cursor.lifetime += 1;
    return { type: 'ClientReactivated', data: { clientId, engagementId: `R${i}`, fee: 100_000 + c, lifetime: cursor.lifetime } };
  }
  if (step === 5 && cursor.stage === 'engaged') {
    return { type: 'ClientComplained', data: { clientId, complaintId: `K${i}`, category: CATEGORIES[c % 5], severity: 'medium' } };
  }
  if (step % 3 === 0 && cursor.stage !== 'churned') {
    cursor.stage = 'engaged';
    return { type: 'ClientEngaged', data: { clientId, engagementId: `E${i}`, fee: 50_000 + (c % 1000) * 100 } };
  }
  return { type: 'ClientContacted', data: { clientId, channel: CHANNELS[i % 4], salespersonId: owner } };
};

export interface FilledFirm {
  readonly events: number;
  /** The greatest occurredAt written (reports are asked as of it). */
  readonly lastOccurredAt: string;
}

export const fillFirm = async (file: string, total: number, clients: number): Promise<FilledFirm> => {
  const store = openSqliteEventStore(file, { synchronous: 'NORMAL' });
  try {
    const meta = (at: number) => ({ occurredAt: new Date(at).toISOString(), actor: 'bench', commandId: null, correlationId: null, causationId: null, schemaVersion: 1 });
    const base = Date.UTC(2022, 0, 1);
    let last = base;
    const append = async (requests: AppendRequest[]): Promise<void> => {
      if (isLeft(await store.appendBatch(requests))) throw new Error('the W3 fill conflicted');
    };
    await append(
      Array.from({ length: SALESPEOPLE }, (_, s) => ({
        stream: `salesperson-S${s}`,
        expected: 'no-stream' as const,
        events: [{ type: 'SalespersonRegistered', data: { salespersonId: `S${s}`, name: `Sales ${s}` }, metadata: meta(base) }],
      })),
    );
    const perClient = Math.ceil((total - SALESPEOPLE) / clients);
    const cursors: ClientCursor[] = Array.from({ length: clients }, (_, c) => ({ c, at: base + (c % 900) * DAY, stage: 'prospect', lifetime: 1 }));
    let written = SALESPEOPLE;
    let requests: AppendRequest[] = [];
    for (let round = 0; round < perClient && written < total; round++) {
      for (let c = 0; c < clients && written < total; c++) {
        const cursor = cursors[c]!;
        const e = nextEvent(cursor, round);
        last = Math.max(last, cursor.at);
        requests.push({ stream: `client-C${c}`, expected: round === 0 ? 'no-stream' : round - 1, events: [{ ...e, metadata: meta(cursor.at) }] });
        written++;
        if (requests.length >= 2000) {
          await append(requests);
          requests = [];
        }
      }
    }
    if (requests.length > 0) await append(requests);
    return { events: written, lastOccurredAt: new Date(last).toISOString() };
  } finally {
    await store.close();
  }
};
