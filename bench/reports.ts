// Report latency over a firm of 10,000 clients: the goal is a median of at most 50 ms per report
// for any period or as-of instant. Prints figures; asserts nothing (speed is measured, not tested).
// Run: npx tsx bench/reports.ts
import type { ChurnReason, ReportViews } from '@rapport/core';
import {
  attritionReport,
  clientsProjection,
  cohortReport,
  kpiReport,
  lifecycleReport,
  salespeopleProjection,
  segmentsReport,
  winbackReport,
} from '@rapport/core';
import { projectFast } from '../packages/core/test/reports/support/fold.js';
import { createLog, ms } from '../packages/core/test/reports/support/log.js';
import { period } from '../packages/core/test/reports/support/views.js';

const CLIENTS = 10_000;
const DAY = 86_400_000;
const REASONS: ChurnReason[] = ['dissatisfied', 'competitor', 'negative-value', 'involuntary', 'other'];

/** A deterministic firm: 40 salespeople, 10,000 clients over three years, ~12 events each. */
const firm = (): ReportViews => {
  let seed = 42;
  const random = (n: number): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % n;
  };
  const iso = (t: number) => new Date(t).toISOString();
  const log = createLog();
  const salespeople = Array.from({ length: 40 }, (_, i) => `S${String(i).padStart(2, '0')}`);
  for (const s of salespeople) {
    log.salesperson(s, '2022-01-01T00:00:00Z');
    for (const year of [2022, 2023, 2024]) log.annualPlan(s, year, 20, 50_000_000, '2022-01-01T00:00:00Z');
    for (let m = 1; m <= 12; m++) log.visitPlan(s, `2024-${String(m).padStart(2, '0')}`, 10, '2022-01-01T00:00:00Z');
  }
  for (let c = 0; c < CLIENTS; c++) {
    const id = `C${c}`;
    let t = ms('2022-01-01T00:00:00Z') + random(900) * DAY;
    const step = () => (t += random(60) * DAY + random(DAY));
    log.register(id, salespeople[random(40)]!, iso(t));
    log.contact(id, 'visit', iso(step()));
    log.contact(id, 'call', iso(step()));
    if (random(10) < 2) continue;
    log.engage(id, 'E1', 1 + random(5_000_000), iso(step()));
    log.engage(id, 'E2', 1 + random(5_000_000), iso(step()));
    log.complain(id, 'K1', iso(step()));
    log.resolve(id, 'K1', iso(step()));
    if (random(3) === 0) log.reassign(id, salespeople[random(40)]!, iso(step()));
    if (random(2) === 0) {
      log.churn(id, REASONS[random(5)]!, iso(step()));
      if (random(2) === 0) log.reactivate(id, 'E3', 1 + random(5_000_000), iso(step()));
    }
  }
  return { clients: projectFast(clientsProjection, log.events), salespeople: projectFast(salespeopleProjection, log.events) };
};

const timings = (runs: number, f: () => unknown): { median: number; best: number } => {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    f();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, best: times[0]! };
};

const views = firm();
const T = ms('2024-12-31T23:59:59.999Z');
const year = period('2024', '2024-01-01T00:00:00Z', '2025-01-01T00:00:00Z');
const quarter = period('2023-Q3', '2023-07-01T00:00:00Z', '2023-10-01T00:00:00Z');
const reports: [string, () => unknown][] = [
  ['lifecycle', () => lifecycleReport(views, T)],
  ['attrition 2024', () => attritionReport(views, year)],
  ['attrition 2023-Q3', () => attritionReport(views, quarter)],
  ['kpis 2024 (Asia/Shanghai)', () => kpiReport(views, year, 'Asia/Shanghai')],
  ['winback --all', () => winbackReport(views, T, { all: true })],
  ['segments', () => segmentsReport(views, T)],
  ['cohorts (Asia/Shanghai)', () => cohortReport(views, { zone: 'Asia/Shanghai' })],
];
console.log(`reports over ${views.clients.clients.size} clients (goal: median <= 50 ms)`);
for (const [name, report] of reports) {
  const { median, best } = timings(21, report);
  console.log(`${name.padEnd(28)} median ${median.toFixed(2).padStart(7)} ms   best ${best.toFixed(2).padStart(7)} ms`);
}
