import type { ProjectedEvent } from '../../../src/projections/projection.js';
import { viewsOf } from './fold.js';
import { ms } from './log.js';

export { viewsOf };

/** A period as `parsePeriod` would give it, written out so each test shows its instants. */
export const period = (label: string, start: string, end: string) => ({ label, start: ms(start), end: ms(end) });

export const lastOf = (events: readonly ProjectedEvent[]): ProjectedEvent => events[events.length - 1]!;
