// What `rapport demo` prints: the firm's state on the history's last day and its last full quarter,
// as a partner would want to read it first. Deterministic text: the same firm gives the same bytes.
import type { AttritionReport, ComplaintsReport, Known, KpiReport, LifecycleReport, WinbackReport } from '@rapport/core';
import { renderTable, type RowSet } from '../output/index.js';
import { formatInstant, formatMoney, formatRate } from '../output/readable.js';
import type { AgainOptions } from './again.js';

export interface DemoReports {
  readonly clients: number;
  readonly years: number;
  readonly seed: number;
  readonly zone: string;
  readonly lastDay: string;
  readonly period: string;
  readonly commands: number;
  /** Entries recorded more than a day after they occurred. */
  readonly lateEntries: number;
  readonly lifecycle: Known<LifecycleReport>;
  readonly attrition: Known<AttritionReport>;
  readonly kpis: Known<KpiReport>;
  /** The same KPIs as the firm knew them at the quarter's end, before the late entries came in. */
  readonly kpisKnownAtEnd: Known<KpiReport>;
  readonly winback: Known<WinbackReport>;
  readonly complaints: Known<ComplaintsReport>;
  /** What the suggested commands need to reach this firm (` --store sqlite:demo.db`), null when it ends with the demo (memory:). */
  readonly again: AgainOptions | null;
}

const WINBACK_SHOWN = 5;

const rate = (value: number | null): string => (value === null ? '—' : formatRate(value));
const ofPlan = (actual: string | number, plan: string | number | null): string => (plan === null ? `${actual} (no plan)` : `${actual} / ${plan}`);
const int = (n: number): string => n.toLocaleString('en-US');
const counted = (n: number, one: string, many: string): string => `${int(n)} ${n === 1 ? one : many}`;

const section = (title: string, body: string): string => `${title}\n${body.replace(/^(?=.)/gm, '  ')}`;

const lifecycleText = ({ lifecycle }: DemoReports): string => {
  const { counts } = lifecycle;
  const total = counts.prospect + counts.contacted + counts.engaged + counts.churned;
  return `${int(total)} clients: ${int(counts.prospect)} prospects, ${int(counts.contacted)} contacted, ${int(counts.engaged)} engaged (active), ${int(counts.churned)} churned\n`;
};

const attritionText = ({ attrition }: DemoReports): string => {
  const f = attrition.firm;
  const reasons = Object.entries(f.churnedByReason).map(([reason, n]) => `${reason} ${n}`).join(', ');
  return [
    `active at start ${int(f.activeAtStart)}, acquired ${int(f.acquired)}, won back ${int(f.reactivated)}, active at end ${int(f.activeAtEnd)}`,
    `lost ${int(f.lost)}: attrition ${rate(f.attritionRate)}, controllable ${rate(f.controllableAttritionRate)} (${int(f.controllableLost)} lost to reasons the firm can act on)`,
    `churns by reason: ${reasons}`,
  ].join('\n') + '\n';
};

const kpiTable = ({ kpis }: DemoReports): string => {
  const rows: RowSet<Record<string, string>> = {
    columns: [
      { key: 'salesperson' },
      { key: 'visits', header: 'visits / plan', align: 'right' },
      { key: 'newClients', header: 'new clients / target', align: 'right' },
      { key: 'newBusiness', header: 'new business / target', align: 'right' },
      { key: 'complaints', header: 'complaints', align: 'right' },
      { key: 'attrition', header: 'attrition', align: 'right' },
    ],
    rows: kpis.salespeople.map((s) => ({
      salesperson: s.salespersonId,
      visits: ofPlan(s.visits, s.plannedVisits === 0 ? null : s.plannedVisits),
      newClients: ofPlan(s.newClients, s.newClientsTarget === null ? null : Number(s.newClientsTarget.toFixed(1))),
      newBusiness: ofPlan(formatMoney(s.newBusiness), s.newBusinessTarget === null ? null : formatMoney(Math.round(s.newBusinessTarget))),
      complaints: String(s.complaints),
      attrition: rate(s.attritionRate),
    })),
  };
  return renderTable(rows);
};

const knownAtText = (reports: DemoReports): string => {
  const sum = (k: Known<KpiReport>, pick: (s: KpiReport['salespeople'][number]) => number) => k.salespeople.reduce((n, s) => n + pick(s), 0);
  const nowContacts = sum(reports.kpis, (s) => s.contacts);
  const thenContacts = sum(reports.kpisKnownAtEnd, (s) => s.contacts);
  const nowBusiness = sum(reports.kpis, (s) => s.newBusiness);
  const thenBusiness = sum(reports.kpisKnownAtEnd, (s) => s.newBusiness);
  const knownAt = reports.kpisKnownAtEnd.knownAt ?? '';
  return [
    `as the firm knew it at ${formatInstant(knownAt, reports.zone)}: ${int(thenContacts)} contacts, new business ${formatMoney(thenBusiness)}`,
    `as the log has it now (late entries included): ${int(nowContacts)} contacts, new business ${formatMoney(nowBusiness)}`,
  ].join('\n') + '\n';
};

const winbackTable = ({ winback }: DemoReports): string => {
  const shown = winback.clients.slice(0, WINBACK_SHOWN);
  if (shown.length === 0) return 'no churned client is worth winning back\n';
  return renderTable({
    columns: [
      { key: 'clientId' }, { key: 'name' }, { key: 'reason' }, { key: 'days', header: 'days since churn', align: 'right' },
      { key: 'value', header: 'lifetime value', align: 'right' }, { key: 'score', align: 'right' }, { key: 'action' },
    ],
    rows: shown.map((c) => ({
      clientId: c.clientId, name: c.name, reason: c.reason, days: String(c.daysSinceChurn),
      value: formatMoney(c.lifetimeValue), score: formatMoney(Math.round(c.score)), action: c.action,
    })),
  }) + (winback.clients.length > shown.length ? `… ${winback.clients.length - shown.length} more: rapport report winback\n` : '');
};

const complaintsText = ({ complaints }: DemoReports): string => {
  const f = complaints.firm;
  const categories = Object.entries(f.byCategory).map(([category, n]) => `${category} ${n}`).join(', ');
  const hours = f.meanResolutionHours === null ? '—' : `${f.meanResolutionHours.toFixed(1)} h`;
  return [
    `filed ${int(f.filed)} (${categories}); resolved ${int(f.resolved)}, mean resolution ${hours}`,
    `open at the quarter's end ${int(f.openAtEnd)}, of which overdue ${int(f.overdueAtEnd)}; clients who churned after complaining ${int(f.churnedAfterComplaint)}`,
  ].join('\n') + '\n';
};

/** Commands to run next on this firm, with the options that reach it; none for a firm that is gone. */
const tryNext = (reports: DemoReports, known: string): string[] => {
  const { again, lastDay, period } = reports;
  if (again === null) {
    return ['The firm was built in memory: and is gone now that the demo has ended; to try the reports on it, build it in a file:', '  rapport demo --store sqlite:demo.db'];
  }
  const { options } = again;
  return [
    'Try next:',
    `  rapport report lifecycle --as-of ${lastDay}${options}`,
    `  rapport report kpis --period ${period} --known-at ${known}${options}`,
    `  rapport report winback --as-of ${lastDay} --all${options}`,
    `  rapport report cohorts${options}`,
    `  rapport history ${reports.winback.clients[0]?.clientId ?? 'CLIENT'}${options}`,
    `  rapport verify${options}`,
    ...(again.passwordHidden ? ['  (*** stands for the password, which is not printed: type it there)'] : []),
  ];
};

export const renderDemoSummary = (reports: DemoReports, htmlPath: string | null): string => {
  const { period, lastDay } = reports;
  const known = reports.kpisKnownAtEnd.knownAt === null ? '' : formatInstant(reports.kpisKnownAtEnd.knownAt, reports.zone).slice(0, 10);
  return [
    `Rapport demo: a professional-services firm of ${counted(reports.clients, 'client', 'clients')} over ${counted(reports.years, 'year', 'years')} (seed ${reports.seed}), time zone ${reports.zone}`,
    `${counted(reports.commands, 'command', 'commands')} executed through the command path; ${reports.lateEntries === 1 ? '1 fact was' : `${int(reports.lateEntries)} facts were`} entered more than a day after they happened.`,
    '',
    section(`Lifecycle on ${lastDay}`, lifecycleText(reports)),
    section(`Attrition in ${period}`, attritionText(reports)),
    section(`Salespeople in ${period}`, kpiTable(reports)),
    section(`Late entries: ${period} as known on ${known} and as known now`, knownAtText(reports)),
    section(`Win-back list on ${lastDay} (top ${WINBACK_SHOWN})`, winbackTable(reports)),
    section(`Complaints in ${period}`, complaintsText(reports)),
    ...(htmlPath === null ? [] : [`Management report written to ${htmlPath}`, '']),
    ...tryNext(reports, known),
    '',
  ].join('\n');
};
