import type { ProjectedEvent } from '../../../src/projections/projection.js';
import { sourceOf, type ReportSource } from '../../../src/reports/report-views.js';
import { viewsOf as foldedViewsOf } from './fold.js';
import { ms } from './log.js';

/** The events folded in memory, as the source reports read (clients streamed in clientId order). */
export const viewsOf = (events: readonly ProjectedEvent[]): ReportSource => sourceOf(foldedViewsOf(events));

/** A period as `parsePeriod` would give it, written out so each test shows its instants. */
export const period = (label: string, start: string, end: string) => ({ label, start: ms(start), end: ms(end) });

export const lastOf = (events: readonly ProjectedEvent[]): ProjectedEvent => events[events.length - 1]!;
