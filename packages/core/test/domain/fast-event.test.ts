// The fast event check must give exactly what io-ts gives: for data io-ts accepts, the same event
// (and it must accept all of it, or it would be no faster); for anything else, nothing, so that
// io-ts decides and names the failure.
import fc from 'fast-check';
import { isRight } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { DomainEvent, decodeEvent } from '../../src/domain/events.js';
import { fastDecodeEvent } from '../../src/domain/fast-event.js';

type Props = Record<string, unknown>;

const fieldsOf = (codec: (typeof DomainEvent.types)[number]): string[] => {
  const data = codec.props.data as unknown as { types: { props: Props }[] };
  return data.types.flatMap((member) => Object.keys(member.props));
};

const values = fc.oneof(
  fc.constantFrom<unknown>(
    'C-1', 'S-1', 'E-1', 'K-1', '', ' ', 'a b', 'x'.repeat(64), 'x'.repeat(65), 'Li Wei', 'ünïcode',
    'visit', 'call', 'email', 'meeting', 'other', 'quality', 'service', 'price', 'staff', 'low', 'medium', 'high',
    'competitor', 'dissatisfied', 'negative-value', 'involuntary', 'referral', 'search', 'exhibition', 'b2b-platform',
    'Asia/Shanghai', 'UTC', 'Mars/Base', '2024-03', '2024-13', '2024-3', 'toString', '__proto__', 'constructor', 'hasOwnProperty',
    0, 1, 2, -1, 1.5, 2000, 2024, 1999, 2100, 2101, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 1, NaN, Infinity, -0,
    null, undefined, true, false, {}, [], ['C-1'],
  ),
  fc.string({ maxLength: 8 }),
  fc.integer(),
);

/** Valid data of every event type, which the generator below spoils a field at a time. */
const VALID: Record<string, Props> = {
  FirmConfigured: { timeZone: 'UTC', keyAccountThreshold: 0 },
  SalespersonRegistered: { salespersonId: 'S-1', name: 'Ana' },
  AnnualPlanSet: { salespersonId: 'S-1', year: 2024, newClientsTarget: 3, newBusinessTarget: 100 },
  VisitPlanSet: { salespersonId: 'S-1', month: '2024-03', plannedVisits: 4 },
  ClientRegistered: { clientId: 'C-1', name: 'Acme', ownerId: 'S-1', source: 'referral', industry: '' },
  ClientReassigned: { clientId: 'C-1', ownerId: 'S-2', previousOwnerId: 'S-1', reason: 'r' },
  ClientContacted: { clientId: 'C-1', channel: 'call', salespersonId: 'S-1', summary: 's' },
  ClientEngaged: { clientId: 'C-1', engagementId: 'E-1', fee: 1, serviceLine: 'x' },
  ClientComplained: { clientId: 'C-1', complaintId: 'K-1', category: 'price', severity: 'low', description: 'd' },
  ComplaintResolved: { clientId: 'C-1', complaintId: 'K-1', outcome: 'o' },
  ClientChurned: { clientId: 'C-1', reason: 'competitor', note: 'n' },
  ClientReactivated: { clientId: 'C-1', engagementId: 'E-2', fee: 2, lifetime: 2, campaign: 'c' },
};

/** Data for `codec`'s type: valid data with each known field (and an unknown one) kept, dropped or given another value. */
const dataOf = (codec: (typeof DomainEvent.types)[number]) =>
  fc
    .record(Object.fromEntries([...fieldsOf(codec), 'unknownField'].map((f) => [f, fc.oneof({ arbitrary: fc.constant<'keep'>('keep'), weight: 6 }, fc.constant<'drop'>('drop'), values)])))
    .chain((choices) =>
      fc.boolean().map((keepUndefined) => {
        const data: Props = {};
        for (const [key, choice] of Object.entries(choices)) {
          const value = choice === 'keep' ? VALID[codec.name]![key] : choice === 'drop' ? undefined : choice;
          if (value !== undefined || keepUndefined) data[key] = value;
        }
        return data;
      }),
    );

const isPlainObject = (u: unknown): boolean => typeof u === 'object' && u !== null && [Object.prototype, null].includes(Object.getPrototypeOf(u) as object | null);

/** What fast accepts io-ts decodes to the same event; of plain objects, it accepts all io-ts does. */
const bothAgree = (type: string, data: unknown): void => {
  const slow = decodeEvent(type, data);
  const fast = fastDecodeEvent(type, data);
  if (fast !== undefined) {
    expect(isRight(slow)).toBe(true);
    if (isRight(slow)) expect(fast).toStrictEqual(slow.right);
  } else if (isPlainObject(data)) expect(isRight(slow)).toBe(false);
};

describe('fastDecodeEvent', () => {
  it('accepts exactly the data io-ts accepts, as the event io-ts decodes, for every event type', () => {
    for (const codec of DomainEvent.types) {
      let accepted = 0;
      fc.assert(
        fc.property(dataOf(codec), (data) => {
          bothAgree(codec.name, data);
          if (isRight(decodeEvent(codec.name, data))) accepted += 1;
        }),
        { numRuns: 600 },
      );
      // The generator reaches valid data of every type, so acceptance is tested, not only refusal.
      expect(accepted, codec.name).toBeGreaterThan(0);
    }
  });

  it('leaves anything else to io-ts: unknown types, data that is no plain object, the wrong type for the data', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DomainEvent.types.map((c) => c.name), 'Nope', 'toString', '__proto__'), fc.anything(), (type, data) => bothAgree(type, data)),
      { numRuns: 2000 },
    );
    const valid = { clientId: 'C-1', channel: 'call', salespersonId: 'S-1' };
    bothAgree('ClientContacted', valid);
    expect(fastDecodeEvent('ClientContacted', valid)).toStrictEqual({ type: 'ClientContacted', data: valid });
    // An object of another prototype goes to io-ts, which may accept it.
    expect(fastDecodeEvent('ClientContacted', Object.assign(Object.create({ inherited: true }) as object, valid))).toBeUndefined();
    bothAgree('ClientRegistered', valid);
    bothAgree('ClientContacted', [valid]);
  });
});
