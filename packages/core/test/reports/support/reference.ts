// A deliberately naive reference for the reports: it refolds the raw event list for every cut
// (before(t) / at(t)) and shares no code with the projections, so the two can check each other.
// UTC months only; written straight from SPEC §4.
import type { ChurnReason, Stage } from '../../../src/domain/vocabulary.js';
import type { DomainEvent } from '../../../src/domain/events.js';
import type { ProjectedEvent } from '../../../src/projections/projection.js';

export const DAY = 86_400_000;
const REASONS: ChurnReason[] = ['dissatisfied', 'competitor', 'negative-value', 'involuntary', 'other'];
const controllable = (r: ChurnReason): boolean => r === 'dissatisfied' || r === 'competitor' || r === 'other';
export const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
export const isoOf = (t: number): string => new Date(t).toISOString();
export const rate = (n: number, d: number): number | null => (d === 0 ? null : n / d);

interface RefClient {
  clientId: string;
  name: string;
  ownerId: string;
  stage: Stage;
  stageSince: number;
  lifetime: number;
  lifetimeValue: number;
  complaints: Map<string, { filedAt: number; resolved: boolean }>;
  lastChurn: { at: number; reason: ChurnReason } | null;
}

/** Applies one event in place; returns the client as it was before (a shallow copy) for attribution. */
const step = (clients: Map<string, RefClient>, event: DomainEvent, at: number): void => {
  if (event.type === 'ClientRegistered') {
    const { clientId, name, ownerId } = event.data;
    clients.set(clientId, {
      clientId, name, ownerId, stage: 'prospect', stageSince: at, lifetime: 1, lifetimeValue: 0,
      complaints: new Map(), lastChurn: null,
    });
    return;
  }
  if (!('clientId' in event.data)) return;
  const c = clients.get(event.data.clientId)!;
  const enter = (stage: Stage): void => {
    if (c.stage !== stage) {
      c.stage = stage;
      c.stageSince = at;
    }
  };
  switch (event.type) {
    case 'ClientReassigned': c.ownerId = event.data.ownerId; break;
    case 'ClientContacted': if (c.stage === 'prospect') enter('contacted'); break;
    case 'ClientEngaged': enter('engaged'); c.lifetimeValue += event.data.fee; break;
    case 'ClientReactivated': enter('engaged'); c.lifetime = event.data.lifetime; c.lifetimeValue += event.data.fee; break;
    case 'ClientChurned': enter('churned'); c.lastChurn = { at, reason: event.data.reason }; break;
    case 'ClientComplained': c.complaints.set(event.data.complaintId, { filedAt: at, resolved: false }); break;
    case 'ComplaintResolved': c.complaints.get(event.data.complaintId)!.resolved = true; break;
    default: break;
  }
};

const fold = (events: readonly ProjectedEvent[], keep: (occurredAt: number) => boolean): Map<string, RefClient> => {
  const clients = new Map<string, RefClient>();
  for (const e of events) if (keep(e.occurredAt)) step(clients, e.event, e.occurredAt);
  return clients;
};
export const atT = (events: readonly ProjectedEvent[], t: number) => fold(events, (x) => x <= t);
export const beforeT = (events: readonly ProjectedEvent[], t: number) => fold(events, (x) => x < t);

/** Calls `visit` for every client event with the client as it stood just before it (stream order). */
export const walk = (events: readonly ProjectedEvent[], visit: (e: ProjectedEvent, before: RefClient | undefined) => void): void => {
  const clients = new Map<string, RefClient>();
  for (const e of events) {
    const id = 'clientId' in e.event.data ? e.event.data.clientId : undefined;
    const current = id === undefined ? undefined : clients.get(id);
    visit(e, current === undefined ? undefined : { ...current });
    step(clients, e.event, e.occurredAt);
  }
};

export const salespeopleIds = (events: readonly ProjectedEvent[]): string[] =>
  events.flatMap((e) => (e.event.type === 'SalespersonRegistered' ? [e.event.data.salespersonId] : [])).sort(byText);

export const refLifecycle = (events: readonly ProjectedEvent[], t: number) => {
  const clients = [...atT(events, t).values()].sort((a, b) => byText(a.clientId, b.clientId));
  const counts = { prospect: 0, contacted: 0, engaged: 0, churned: 0 };
  for (const c of clients) counts[c.stage]++;
  return {
    asOf: isoOf(t),
    counts,
    clients: clients.map((c) => ({
      clientId: c.clientId, name: c.name, stage: c.stage, stageSince: isoOf(c.stageSince), ownerId: c.ownerId,
      lifetime: c.lifetime, lifetimeValue: c.lifetimeValue,
    })),
  };
};

interface RefTally {
  activeAtStart: number; acquired: number; reactivated: number; churnEvents: number;
  churnedByReason: Record<ChurnReason, number>; lost: number; controllableLost: number; activeAtEnd: number;
}
const tally = (): RefTally => ({
  activeAtStart: 0, acquired: 0, reactivated: 0, churnEvents: 0,
  churnedByReason: Object.fromEntries(REASONS.map((r) => [r, 0])) as Record<ChurnReason, number>,
  lost: 0, controllableLost: 0, activeAtEnd: 0,
});

export const refTallies = (events: readonly ProjectedEvent[], s: number, e: number) => {
  const firm = tally();
  const per = new Map<string, RefTally>(salespeopleIds(events).map((id) => [id, tally()]));
  const add = (owner: string, f: (t: RefTally) => void) => { f(firm); f(per.get(owner)!); };
  const atStart = beforeT(events, s);
  const atEnd = beforeT(events, e);
  for (const c of atStart.values()) {
    if (c.stage !== 'engaged') continue;
    add(c.ownerId, (t) => t.activeAtStart++);
    const later = atEnd.get(c.clientId)!;
    if (later.stage !== 'engaged') {
      add(c.ownerId, (t) => t.lost++);
      if (controllable(later.lastChurn!.reason)) add(c.ownerId, (t) => t.controllableLost++);
    }
  }
  for (const c of atEnd.values()) if (c.stage === 'engaged') add(c.ownerId, (t) => t.activeAtEnd++);
  walk(events, (ev, before) => {
    if (ev.occurredAt < s || ev.occurredAt >= e || before === undefined) return;
    const x = ev.event;
    if (x.type === 'ClientEngaged' && (before.stage === 'prospect' || before.stage === 'contacted')) add(before.ownerId, (t) => t.acquired++);
    if (x.type === 'ClientReactivated') add(before.ownerId, (t) => t.reactivated++);
    if (x.type === 'ClientChurned') add(before.ownerId, (t) => { t.churnEvents++; t.churnedByReason[x.data.reason]++; });
  });
  return { firm, per };
};

const withRates = (t: RefTally) => ({
  ...t, attritionRate: rate(t.lost, t.activeAtStart), controllableAttritionRate: rate(t.controllableLost, t.activeAtStart),
});

export const refAttrition = (events: readonly ProjectedEvent[], period: { label: string; start: number; end: number }) => {
  const { firm, per } = refTallies(events, period.start, period.end);
  return {
    period: { label: period.label, start: isoOf(period.start), end: isoOf(period.end) },
    firm: withRates(firm),
    bySalesperson: [...per].map(([salespersonId, t]) => ({ salespersonId, ...withRates(t) })),
  };
};

export const refWinback = (events: readonly ProjectedEvent[], t: number, all = false, limit?: number) => {
  const rows = [...atT(events, t).values()]
    .filter((c) => c.stage === 'churned')
    .map((c) => {
      const churn = c.lastChurn!;
      const days = Math.floor((t - churn.at) / DAY);
      const open = [...c.complaints.values()].filter((x) => !x.resolved).length;
      const w = { competitor: 1, other: 0.6, dissatisfied: open > 0 ? 0.5 : 0.8, 'negative-value': 0, involuntary: 0 }[churn.reason];
      const listed = days <= 1095 && controllable(churn.reason);
      const action = {
        dissatisfied: 'apologise-and-fix', competitor: 'differentiated-offer', other: 'call-to-learn-reason',
        'negative-value': 'let-go', involuntary: 'let-go',
      }[churn.reason];
      return {
        listed,
        row: {
          clientId: c.clientId, name: c.name, ownerId: c.ownerId, churnedAt: isoOf(churn.at), reason: churn.reason,
          daysSinceChurn: days, lifetimeValue: c.lifetimeValue, openComplaints: open,
          score: listed ? c.lifetimeValue * w * Math.exp(-days / 365) : 0, action,
        },
      };
    });
  const listed = rows.filter((r) => r.listed).map((r) => r.row)
    .sort((a, b) => (a.score !== b.score ? b.score - a.score : byText(a.clientId, b.clientId)));
  const others = rows.filter((r) => !r.listed).map((r) => r.row).sort((a, b) => byText(a.clientId, b.clientId));
  const list = all ? [...listed, ...others] : listed;
  return { asOf: isoOf(t), clients: limit === undefined ? list : list.slice(0, limit) };
};

export const refSegments = (events: readonly ProjectedEvent[], t: number, threshold = 20_000_000) => {
  const state = atT(events, t);
  const revenue = new Map<string, number>();
  for (const e of events) {
    const x = e.event;
    if ((x.type === 'ClientEngaged' || x.type === 'ClientReactivated') && e.occurredAt > t - 365 * DAY && e.occurredAt <= t) {
      revenue.set(x.data.clientId, (revenue.get(x.data.clientId) ?? 0) + x.data.fee);
    }
  }
  const rows = [...state.values()]
    .filter((c) => c.stage === 'engaged' && (revenue.get(c.clientId) ?? 0) > 0)
    .map((c) => ({ clientId: c.clientId, name: c.name, ownerId: c.ownerId, revenue12m: revenue.get(c.clientId)! }))
    .sort((a, b) => (a.revenue12m !== b.revenue12m ? b.revenue12m - a.revenue12m : byText(a.clientId, b.clientId)));
  const total = rows.reduce((s, r) => s + r.revenue12m, 0);
  let cumulative = 0;
  let reached = false;
  return {
    asOf: isoOf(t),
    totalRevenue12m: total,
    clients: rows.map((r) => {
      cumulative += r.revenue12m;
      const tier = reached ? 'general' : 'key';
      if (cumulative * 5 >= total * 4) reached = true;
      return { ...r, share: r.revenue12m / total, cumulativeShare: cumulative / total, tier, keyAccount: r.revenue12m >= threshold };
    }),
  };
};

/** §4.8, straight from the words: every complaint with its owners at filing and at resolution. */
export const refComplaints = (events: readonly ProjectedEvent[], period: { label: string; start: number; end: number }, overdueDays = 7) => {
  const { start: s, end: e } = period;
  const inP = (t: number) => t >= s && t < e;
  const filed = new Map<string, { clientId: string; at: number; category: string; severity: string; owner: string; resolvedAt: number | null; resolver: string | null }>();
  const churns: { clientId: string; at: number }[] = [];
  walk(events, (ev, before) => {
    const x = ev.event;
    if (x.type === 'ClientComplained') {
      filed.set(`${x.data.clientId}/${x.data.complaintId}`, {
        clientId: x.data.clientId, at: ev.occurredAt, category: x.data.category, severity: x.data.severity,
        owner: before!.ownerId, resolvedAt: null, resolver: null,
      });
    }
    if (x.type === 'ComplaintResolved') {
      const c = filed.get(`${x.data.clientId}/${x.data.complaintId}`)!;
      c.resolvedAt = ev.occurredAt;
      c.resolver = before!.ownerId;
    }
    if (x.type === 'ClientChurned') churns.push({ clientId: x.data.clientId, at: ev.occurredAt });
  });
  const all = [...filed.values()];
  const ownerAtEnd = beforeT(events, e);
  const open = all.filter((c) => c.at < e && !(c.resolvedAt !== null && c.resolvedAt < e));
  const overdue = (c: { at: number }) => c.at <= e - overdueDays * DAY;
  const resolvedIn = all.filter((c) => c.resolvedAt !== null && inP(c.resolvedAt));
  const meanHours = (list: typeof all) =>
    list.length === 0 ? null : list.reduce((sum, c) => sum + (c.resolvedAt! - c.at), 0) / list.length / 3_600_000;
  const count = <K extends string>(keys: K[], key: (c: (typeof all)[number]) => string) =>
    Object.fromEntries(keys.map((k) => [k, all.filter((c) => inP(c.at) && key(c) === k).length]));
  const firstInP = new Map<string, number>();
  for (const c of all) if (inP(c.at)) firstInP.set(c.clientId, Math.min(c.at, firstInP.get(c.clientId) ?? Infinity));
  const churnedAfter = [...firstInP].filter(([id, first]) => churns.some((ch) => ch.clientId === id && inP(ch.at) && ch.at >= first));
  return {
    period: { label: period.label, start: isoOf(s), end: isoOf(e) },
    firm: {
      filed: all.filter((c) => inP(c.at)).length,
      byCategory: count(['quality', 'service', 'price', 'staff', 'other'], (c) => c.category),
      bySeverity: count(['low', 'medium', 'high'], (c) => c.severity),
      resolved: resolvedIn.length,
      meanResolutionHours: meanHours(resolvedIn),
      openAtEnd: open.length,
      overdueAtEnd: open.filter(overdue).length,
      churnedAfterComplaint: churnedAfter.length,
    },
    bySalesperson: salespeopleIds(events).map((id) => {
      const mine = open.filter((c) => ownerAtEnd.get(c.clientId)!.ownerId === id);
      const resolved = resolvedIn.filter((c) => c.resolver === id);
      return {
        salespersonId: id,
        filed: all.filter((c) => inP(c.at) && c.owner === id).length,
        resolved: resolved.length,
        meanResolutionHours: meanHours(resolved),
        openAtEnd: mine.length,
        overdueAtEnd: mine.filter(overdue).length,
      };
    }),
  };
};
