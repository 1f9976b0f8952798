// What every report reads (a ReportSource: the read models, streamed) and the few conventions all
// reports share: code-unit ordering of ids, toISOString instants, rates that are null when there is
// nothing to divide by (SPEC §1, §4, §5).
import { isoInstant } from '../domain/time/iso-instant.js';
import type { Period } from '../domain/time/period.js';
import { META_KEY, type ClientDoc, type ClientsCollections, type MetaDoc } from '../projections/clients/documents.js';
import type { ReadModelView } from '../projections/projection.js';
import type { ContactBucket, SalespeopleCollections, SalespersonDoc } from '../projections/salespeople/documents.js';

/**
 * What reports read. Clients come one at a time, so a report holds its answer and not the whole
 * read model; a firm's salespeople are few and come whole.
 */
export interface ReportSource {
  /**
   * Every registered client, in clientId order, a page at a time: a report loops over a page
   * synchronously, which at 10,000 clients is most of the difference between an async step per
   * client and a few dozen (bench W4).
   */
  clients(): AsyncIterable<readonly ClientDoc[]>;
  /** Every registered salesperson, in salespersonId order. */
  salespeople(): Promise<readonly SalespersonDoc[]>;
  /** A salesperson's contact buckets over the UTC days overlapping [start, end), by bucket key. */
  contacts(salespersonId: string, start: number, end: number): Promise<ReadonlyMap<string, ContactBucket>>;
  /** Facts about the whole log (its greatest occurredAt); undefined for an empty log. */
  meta(): Promise<MetaDoc | undefined>;
}

/** Folded projections held in memory (a --known-at fold, tests). */
export interface ReportViews {
  readonly clients: ReadModelView<ClientsCollections>;
  readonly salespeople: ReadModelView<SalespeopleCollections>;
}

/** In-memory views as a ReportSource. */
export const sourceOf = (views: ReportViews): ReportSource => ({
  clients: async function* () {
    yield clientsById(views);
  },
  salespeople: async () => salespeopleById(views),
  contacts: async () => views.salespeople.contacts,
  meta: async () => views.clients.meta.get(META_KEY),
});

/** Plain code-unit order, not locale-aware (SPEC §1). */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const clientsById = (views: Pick<ReportViews, 'clients'>): ClientDoc[] =>
  [...views.clients.clients.values()].sort((a, b) => compareText(a.clientId, b.clientId));

/** Every registered salesperson, in salespersonId order. */
export const salespeopleById = (views: Pick<ReportViews, 'salespeople'>): SalespersonDoc[] =>
  [...views.salespeople.salespeople.values()].sort((a, b) => compareText(a.salespersonId, b.salespersonId));

/** An instant as every report prints it: `toISOString()` form (isoInstant is that, without a Date per call). */
export const iso = isoInstant;

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
