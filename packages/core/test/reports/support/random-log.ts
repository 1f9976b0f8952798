// Random but valid event logs: each stream keeps its own clock (never going back, often standing
// still, so equal instants are common), and streams interleave in the log out of time order.
import fc from 'fast-check';
import type { Channel, ChurnReason, ComplaintCategory, Severity, Stage } from '../../../src/domain/vocabulary.js';
import { createLog, type TestLog } from './log.js';

const DAY = 86_400_000;
const GAPS = [0, 0, 1, 3_600_000, DAY, 7 * DAY, 30 * DAY, 95 * DAY, 200 * DAY, 400 * DAY];
const SALESPEOPLE = ['S1', 'S2', 'S3'];
const CHANNELS: Channel[] = ['visit', 'call', 'email', 'meeting', 'other'];
const REASONS: ChurnReason[] = ['dissatisfied', 'competitor', 'negative-value', 'involuntary', 'other'];
const CATEGORIES: ComplaintCategory[] = ['quality', 'service', 'price', 'staff', 'other'];
const SEVERITIES: Severity[] = ['low', 'medium', 'high'];
export const BASE = Date.UTC(2024, 0, 1);

const step = fc.record({
  kind: fc.nat(11),
  client: fc.nat(6),
  op: fc.nat(29),
  pick: fc.nat(59),
  gap: fc.constantFrom(...GAPS),
  fee: fc.integer({ min: 1, max: 30_000_000 }),
});
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

interface ClientSim {
  at: number;
  stage: Stage | null;
  ownerIndex: number;
  engagements: number;
  complaints: number;
  open: number[];
}

const build = (starts: readonly number[], steps: readonly Step[]): TestLog => {
  const log = createLog();
  const iso = (t: number) => new Date(t).toISOString();
  const spClock = SALESPEOPLE.map(() => BASE - 30 * DAY);
  SALESPEOPLE.forEach((id, i) => log.salesperson(id, iso(spClock[i]!)));
  const clients: ClientSim[] = starts.map((d) => ({ at: BASE + d * DAY, stage: null, ownerIndex: 0, engagements: 0, complaints: 0, open: [] }));

  for (const s of steps) {
    if (s.kind === 0) {
      const i = s.pick % 3;
      spClock[i]! += s.gap;
      const year = 2024 + (s.op % 3);
      log.annualPlan(SALESPEOPLE[i]!, year, s.pick % 13, s.fee, iso(spClock[i]!));
      continue;
    }
    if (s.kind === 1) {
      const i = s.pick % 3;
      spClock[i]! += s.gap;
      const month = `${2024 + (s.op % 3)}-${String((s.pick % 12) + 1).padStart(2, '0')}`;
      log.visitPlan(SALESPEOPLE[i]!, month, s.op % 9, iso(spClock[i]!));
      continue;
    }
    const c = clients[s.client]!;
    const id = `C${s.client}`;
    c.at += s.gap;
    const at = iso(c.at);
    if (c.stage === null) {
      c.ownerIndex = s.pick % 3;
      c.stage = 'prospect';
      log.register(id, SALESPEOPLE[c.ownerIndex]!, at);
      continue;
    }
    const contact = () => {
      const who = s.pick % 4;
      log.contact(id, CHANNELS[s.op % 5]!, at, who === 3 ? undefined : SALESPEOPLE[who]);
      if (c.stage === 'prospect') c.stage = 'contacted';
    };
    const engage = () => {
      log.engage(id, `E${++c.engagements}`, s.fee, at);
      c.stage = 'engaged';
    };
    const reassign = () => {
      c.ownerIndex = (c.ownerIndex + 1 + (s.pick % 2)) % 3;
      log.reassign(id, SALESPEOPLE[c.ownerIndex]!, at);
    };
    const complain = () => {
      c.open.push(++c.complaints);
      log.complain(id, `K${c.complaints}`, at, CATEGORIES[s.pick % 5]!, SEVERITIES[Math.floor(s.pick / 5) % 3]!);
    };
    const resolve = () => {
      if (c.open.length === 0) return complain();
      const [k] = c.open.splice(s.pick % c.open.length, 1);
      log.resolve(id, `K${k}`, at);
    };
    const churn = () => {
      log.churn(id, REASONS[s.pick % 5]!, at);
      c.stage = 'churned';
    };
    const reactivate = () => {
      log.reactivate(id, `E${++c.engagements}`, s.fee, at);
      c.stage = 'engaged';
    };
    const options: Record<Stage, (() => void)[]> = {
      prospect: [contact, engage, reassign],
      contacted: [contact, engage, engage, reassign],
      engaged: [engage, churn, churn, complain, resolve, contact, reassign],
      churned: [reactivate, reactivate, contact, complain, resolve, reassign],
    };
    const choices = options[c.stage];
    choices[s.op % choices.length]!();
  }
  return log;
};

export const arbitraryLog = (maxSteps = 90): fc.Arbitrary<TestLog> =>
  fc
    .tuple(fc.array(fc.nat(500), { minLength: 7, maxLength: 7 }), fc.array(step, { minLength: 10, maxLength: maxSteps, size: 'max' }))
    .map(([starts, steps]) => {
      const log = build(starts, steps);
      // Counterexamples print as one line per event rather than as the builder's closures.
      const text = () => log.events.map((e) => `${new Date(e.occurredAt).toISOString()} ${e.event.type} ${JSON.stringify(e.event.data)}`).join('\n');
      return Object.assign(log, { [fc.toStringMethod]: text });
    });

/** Interesting instants for a log: its events' instants, one ms either side, and month starts. */
export const instantsOf = (log: TestLog): number[] => {
  const out = new Set<number>();
  for (const e of log.events) [e.occurredAt - 1, e.occurredAt, e.occurredAt + 1].forEach((t) => out.add(t));
  for (let y = 2023; y <= 2027; y++) for (let m = 0; m < 12; m++) out.add(Date.UTC(y, m, 1));
  return [...out].sort((a, b) => a - b);
};
