// Section 4: each salesperson against their plans: visits, new clients, new business.
import { formatHours, formatMoney, formatNumber, formatPercent } from '../format.js';
import { html, type Html } from '../html.js';
import type { KpisJson, SalespersonKpisJson } from '../report-json.js';
import { bulletChart, type Bullet } from '../svg/bullet-chart.js';
import { dataTable } from '../table.js';
import { chartSection } from './section.js';

/** A visit plan of 0 (or none set) has nothing to complete, like a null target. */
const visits = (s: SalespersonKpisJson): Bullet =>
  s.plannedVisits === 0
    ? { actual: s.visits, target: null, label: `${formatNumber(s.visits)} · no visits planned` }
    : { actual: s.visits, target: s.plannedVisits, label: `${formatNumber(s.visits)} of ${formatNumber(s.plannedVisits)} planned · ${formatPercent(s.visitPlanCompletion)}` };

const against = (actual: number, target: number | null, attainment: number | null, format: (n: number) => string): Bullet =>
  target === null
    ? { actual, target, label: `${format(actual)} · no plan` }
    : { actual, target, label: `${format(actual)} of ${format(target)} · ${formatPercent(attainment)}` };

const describe = (people: readonly SalespersonKpisJson[], period: string): string =>
  people.length === 0
    ? 'No salesperson is registered.'
    : `For ${people.length} salespeople in ${period}: visits against the visit plan, new clients and new business against the annual plan prorated to the period.`;

export const salespeople = (kpis: KpisJson): Html => {
  const people = kpis.salespeople;
  const chart = bulletChart({
    name: 'salespeople',
    title: 'Salespeople against plan',
    desc: describe(people, kpis.period.label),
    rows: people.map((s) => s.salespersonId),
    emptyMessage: 'No salespeople registered.',
    panels: [
      { title: 'Visits vs visit plan', bullets: people.map(visits) },
      { title: 'New clients vs target', bullets: people.map((s) => against(s.newClients, s.newClientsTarget, s.newClientsAttainment, formatNumber)) },
      { title: 'New business vs target', bullets: people.map((s) => against(s.newBusiness, s.newBusinessTarget, s.newBusinessAttainment, formatMoney)) },
    ],
  });
  const table = dataTable({
    caption: `Salesperson KPIs, ${kpis.period.label}`,
    rows: people,
    empty: 'No salespeople registered.',
    columns: [
      { header: 'Salesperson', cell: (s) => s.salespersonId },
      { header: 'Contacts', numeric: true, cell: (s) => formatNumber(s.contacts) },
      { header: 'Visits', numeric: true, cell: (s) => formatNumber(s.visits) },
      { header: 'Planned visits', numeric: true, cell: (s) => formatNumber(s.plannedVisits) },
      { header: 'Visit plan done', numeric: true, cell: (s) => formatPercent(s.visitPlanCompletion) },
      { header: 'New clients', numeric: true, cell: (s) => formatNumber(s.newClients) },
      // Each target and attainment names its metric: a screen reader reads a cell with its header alone.
      { header: 'New clients target', numeric: true, cell: (s) => (s.newClientsTarget === null ? 'no plan' : formatNumber(s.newClientsTarget)) },
      { header: 'New clients attained', numeric: true, cell: (s) => formatPercent(s.newClientsAttainment) },
      { header: 'New business', numeric: true, cell: (s) => formatMoney(s.newBusiness) },
      { header: 'New business target', numeric: true, cell: (s) => (s.newBusinessTarget === null ? 'no plan' : formatMoney(s.newBusinessTarget)) },
      { header: 'New business attained', numeric: true, cell: (s) => formatPercent(s.newBusinessAttainment) },
      { header: 'Win-backs', numeric: true, cell: (s) => formatNumber(s.winBacks) },
      { header: 'Complaints', numeric: true, cell: (s) => formatNumber(s.complaints) },
      { header: 'Mean resolution', numeric: true, cell: (s) => formatHours(s.meanResolutionHours) },
      { header: 'Active at start', numeric: true, cell: (s) => formatNumber(s.activeAtStart) },
      { header: 'Lost', numeric: true, cell: (s) => formatNumber(s.lost) },
      { header: 'Attrition rate', numeric: true, cell: (s) => formatPercent(s.attritionRate) },
      { header: 'Controllable rate', numeric: true, cell: (s) => formatPercent(s.controllableAttritionRate) },
    ],
  });
  return chartSection({
    id: 'salespeople',
    heading: 'Salespeople against plan',
    lead: html`Visits against the monthly visit plans; new clients and new business against the annual plan, prorated to the months of ${kpis.period.label}. “No plan” means no plan was set for the period.`,
    chart,
    tables: [table],
  });
};
