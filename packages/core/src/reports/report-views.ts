// What every report reads (the projections' views) and the few conventions all reports share:
// code-unit ordering of ids, toISOString instants, rates that are null when there is nothing to
// divide by (SPEC §1, §4, §5).
import type { Period } from '../domain/time/period.js';
import type { ClientDoc, ClientsCollections } from '../projections/clients/documents.js';
import type { ReadModelView } from '../projections/projection.js';
import type { SalespeopleCollections, SalespersonDoc } from '../projections/salespeople/documents.js';

export interface ReportViews {
  readonly clients: ReadModelView<ClientsCollections>;
  readonly salespeople: ReadModelView<SalespeopleCollections>;
}

/** Plain code-unit order, not locale-aware (SPEC §1). */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const clientsById = (views: Pick<ReportViews, 'clients'>): ClientDoc[] =>
  [...views.clients.clients.values()].sort((a, b) => compareText(a.clientId, b.clientId));

/** Every registered salesperson, in salespersonId order. */
export const salespeopleById = (views: Pick<ReportViews, 'salespeople'>): SalespersonDoc[] =>
  [...views.salespeople.salespeople.values()].sort((a, b) => compareText(a.salespersonId, b.salespersonId));

export const iso = (ms: number): string => new Date(ms).toISOString();

/** numerator / denominator, unrounded; null when the denominator is 0. */
export const ratio = (numerator: number, denominator: number): number | null =>
  denominator === 0 ? null : numerator / denominator;

export interface PeriodJson {
  readonly label: string;
  readonly start: string;
  readonly end: string;
}

export const periodJson = (period: Period): PeriodJson => ({
  label: period.label,
  start: iso(period.start),
  end: iso(period.end),
});
