// The projections as folds: batching does not change the result, and handlers never mutate what
// they read (the fold helper deep-freezes every stored document).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CATEGORY_CODES,
  CHURN_REASON_CODES,
  codeOf,
  FEE_KIND_CODES,
  SEVERITY_CODES,
  STAGE_CODES,
  type FeeKind,
} from '../../src/projections/clients/documents.js';
import { clientsProjection } from '../../src/projections/clients/projection.js';
import { stageOf } from '../../src/projections/clients/timeline.js';
import type { Stage } from '../../src/domain/vocabulary.js';
import { salespeopleProjection } from '../../src/projections/salespeople/projection.js';
import { project, projectFast } from './support/fold.js';
import { createLog, ms } from './support/log.js';
import { arbitraryLog } from './support/random-log.js';

const batchSizes = fc.array(fc.integer({ min: 1, max: 25 }), { maxLength: 40, size: 'max' });

describe('projections over batches', () => {
  it('a projection built over any batch split equals one built in a single pass', () => {
    fc.assert(
      fc.property(arbitraryLog(), batchSizes, (log, sizes) => {
        expect(project(clientsProjection, log.events, sizes)).toEqual(projectFast(clientsProjection, log.events));
        expect(project(salespeopleProjection, log.events, sizes)).toEqual(projectFast(salespeopleProjection, log.events));
      }),
      { numRuns: 150 },
    );
  });
});

const stage = (word: Stage): number => codeOf(STAGE_CODES, word);
const kind = (word: FeeKind): number => codeOf(FEE_KIND_CODES, word);

describe('clients projection', () => {
  it('keeps timelines: stage entries only on a change, owner at the time on each fact', () => {
    const log = createLog()
      .salesperson('S1', '2024-01-01T00:00:00Z')
      .salesperson('S2', '2024-01-01T00:00:00Z')
      .register('C1', 'S1', '2024-01-02T00:00:00Z', 'Acme')
      .contact('C1', 'call', '2024-01-03T00:00:00Z')
      .contact('C1', 'visit', '2024-01-04T00:00:00Z') // stays contacted: no new stage entry
      .engage('C1', 'E1', 100, '2024-01-05T00:00:00Z') // acquisition, owner S1
      .reassign('C1', 'S2', '2024-01-05T00:00:00Z') // same instant: the fee above stays S1's
      .engage('C1', 'E2', 50, '2024-01-06T00:00:00Z') // repeat, owner S2: no new stage entry
      .complain('C1', 'K1', '2024-01-07T00:00:00Z')
      .complain('C1', 'K2', '2024-01-07T12:00:00Z', 'price', 'high')
      .resolve('C1', 'K2', '2024-01-07T18:00:00Z')
      .churn('C1', 'competitor', '2024-01-08T00:00:00Z')
      .reactivate('C1', 'E3', 70, '2024-01-09T00:00:00Z');
    const store = project(clientsProjection, log.events);
    expect(store.clients.get('C1')).toEqual({
      clientId: 'C1',
      name: 'Acme',
      registeredAt: ms('2024-01-02T00:00:00Z'),
      // Timelines are flat arrays of fixed-width entries of numbers (documents.ts): words as codes,
      // owners as the index of their entry in `owners` (S1 is 0, S2 is 1).
      stages: [
        ...[ms('2024-01-02T00:00:00Z'), stage('prospect'), 1],
        ...[ms('2024-01-03T00:00:00Z'), stage('contacted'), 1],
        ...[ms('2024-01-05T00:00:00Z'), stage('engaged'), 1],
        ...[ms('2024-01-08T00:00:00Z'), stage('churned'), 1],
        ...[ms('2024-01-09T00:00:00Z'), stage('engaged'), 2],
      ],
      owners: [...[ms('2024-01-02T00:00:00Z'), 'S1'], ...[ms('2024-01-05T00:00:00Z'), 'S2']],
      fees: [
        ...[ms('2024-01-05T00:00:00Z'), 100, 0, kind('acquisition')],
        ...[ms('2024-01-06T00:00:00Z'), 50, 1, kind('repeat')],
        ...[ms('2024-01-09T00:00:00Z'), 70, 1, kind('reactivation')],
      ],
      churns: [ms('2024-01-08T00:00:00Z'), codeOf(CHURN_REASON_CODES, 'competitor'), 1],
      complaints: [
        // Open: resolvedAt 0, resolvedOwner −1.
        ...[ms('2024-01-07T00:00:00Z'), codeOf(CATEGORY_CODES, 'service'), codeOf(SEVERITY_CODES, 'medium'), 1, 0, -1],
        ...[ms('2024-01-07T12:00:00Z'), codeOf(CATEGORY_CODES, 'price'), codeOf(SEVERITY_CODES, 'high'), 1, ms('2024-01-07T18:00:00Z'), 1],
      ],
      complaintIds: ['K1', 'K2'],
    });
    // The greatest occurredAt of the whole log.
    expect(store.meta.get('log')).toEqual({ lastOccurredAt: ms('2024-01-09T00:00:00Z') });
  });

  it('stores each word by its code and refuses a word or a code its table lacks', () => {
    expect(STAGE_CODES.map((word) => codeOf(STAGE_CODES, word))).toEqual([0, 1, 2, 3]);
    expect(() => codeOf(STAGE_CODES, 'dormant' as Stage)).toThrow(/no stored code for "dormant"/);
    const doc = project(clientsProjection, createLog().salesperson('S1', '2024-01-01T00:00:00Z').register('C1', 'S1', '2024-01-02T00:00:00Z').events).clients.get('C1')!;
    expect(stageOf(doc, 0)).toBe('prospect');
    // A code no table has (a document written by a newer version) fails loudly, never reads as a word.
    expect(() => stageOf({ ...doc, stages: [ms('2024-01-02T00:00:00Z'), STAGE_CODES.length, 1] }, 0)).toThrow(/no word for stored code 4/);
  });

  it('meta keeps the greatest occurredAt even when the log goes back in time across streams', () => {
    const log = createLog()
      .salesperson('S1', '2024-05-01T00:00:00Z')
      .register('C1', 'S1', '2024-01-01T00:00:00Z');
    expect(project(clientsProjection, log.events).meta.get('log')).toEqual({ lastOccurredAt: ms('2024-05-01T00:00:00Z') });
  });
});

describe('salespeople projection', () => {
  it('keeps the latest plan in the log and contacts sorted per UTC day bucket', () => {
    const log = createLog()
      .salesperson('S1', '2024-01-01T00:00:00Z', 'Alice')
      .annualPlan('S1', 2024, 10, 1000, '2024-01-02T00:00:00Z')
      .annualPlan('S1', 2024, 12, 2000, '2024-06-01T00:00:00Z') // replaces the first
      .visitPlan('S1', '2024-03', 5, '2024-01-02T00:00:00Z')
      .register('C1', 'S1', '2024-03-10T00:00:00Z')
      .register('C2', 'S1', '2024-03-01T00:00:00Z')
      .contact('C1', 'visit', '2024-03-10T18:00:00Z')
      .contact('C2', 'call', '2024-03-10T09:00:00Z') // earlier, but later in the log
      .contact('C2', 'visit', '2024-03-11T00:00:00Z');
    const store = project(salespeopleProjection, log.events);
    expect(store.salespeople.get('S1')).toEqual({
      salespersonId: 'S1',
      name: 'Alice',
      annualPlans: { '2024': { newClientsTarget: 12, newBusinessTarget: 2000 } },
      visitPlans: { '2024-03': 5 },
    });
    expect(store.contacts.get('S1:2024-03-10')).toEqual({
      salespersonId: 'S1',
      day: '2024-03-10',
      contacts: [
        { at: ms('2024-03-10T09:00:00Z'), visit: false },
        { at: ms('2024-03-10T18:00:00Z'), visit: true },
      ],
    });
    expect(store.contacts.get('S1:2024-03-11')?.contacts).toEqual([{ at: ms('2024-03-11T00:00:00Z'), visit: true }]);
  });
});
