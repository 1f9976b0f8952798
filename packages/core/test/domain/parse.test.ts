// parseCommand (SPEC §1): every shape and value rule gives InvalidCommand naming the field; valid
// input comes out typed, with occurredAt in toISOString() form, nulls absent and unknown fields gone.
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { COMMAND_TYPES, type Command } from '../../src/domain/commands.js';
import { parseCommand } from '../../src/domain/parse-command.js';

// One valid command of every type: each test changes one field.
const VALID: Record<string, Record<string, unknown>> = {
  ConfigureFirm: { type: 'ConfigureFirm', timeZone: 'Asia/Shanghai', keyAccountThreshold: 20_000_000 },
  RegisterSalesperson: { type: 'RegisterSalesperson', salespersonId: 'S-1', name: 'Li Wei' },
  SetAnnualPlan: { type: 'SetAnnualPlan', salespersonId: 'S-1', year: 2024, newClientsTarget: 10, newBusinessTarget: 5_000_000 },
  SetVisitPlan: { type: 'SetVisitPlan', salespersonId: 'S-1', month: '2024-03', plannedVisits: 8 },
  RegisterClient: { type: 'RegisterClient', clientId: 'C-1', name: 'Acme', ownerId: 'S-1' },
  ReassignClient: { type: 'ReassignClient', clientId: 'C-1', ownerId: 'S-2' },
  RecordContact: { type: 'RecordContact', clientId: 'C-1', channel: 'call' },
  RecordEngagement: { type: 'RecordEngagement', clientId: 'C-1', engagementId: 'E-1', fee: 1_250_000 },
  FileComplaint: { type: 'FileComplaint', clientId: 'C-1', complaintId: 'K-1', category: 'quality', severity: 'low' },
  ResolveComplaint: { type: 'ResolveComplaint', clientId: 'C-1', complaintId: 'K-1' },
  RecordChurn: { type: 'RecordChurn', clientId: 'C-1', reason: 'competitor' },
  ReactivateClient: { type: 'ReactivateClient', clientId: 'C-1', engagementId: 'E-2', fee: 1 },
};

const parsed = (input: unknown): Command => {
  const result = parseCommand(input);
  if (isLeft(result)) throw new Error(`expected ${JSON.stringify(input)} to parse, got: ${result.left.message}`);
  return result.right;
};

/** Asserts InvalidCommand on `field`, with a message that names the field. */
const expectInvalid = (input: unknown, field: string): string => {
  const result = parseCommand(input);
  if (isRight(result)) throw new Error(`expected InvalidCommand on ${field} for ${JSON.stringify(input)}, but it parsed`);
  expect(result.left.code).toBe('InvalidCommand');
  expect(result.left.field).toBe(field);
  expect(result.left.message).toContain(field);
  return result.left.message;
};

const withField = (type: string, field: string, value: unknown): Record<string, unknown> => ({ ...VALID[type], [field]: value });

describe('parseCommand: valid commands', () => {
  it('covers every command type', () => {
    expect(Object.keys(VALID).sort()).toEqual([...COMMAND_TYPES].sort());
  });

  it.each(Object.keys(VALID))('%s parses to its own fields', (type) => {
    expect(parsed(VALID[type])).toStrictEqual(VALID[type]);
  });

  it('ignores unknown fields', () => {
    const command = parsed({ ...VALID.RegisterClient, vip: true, nested: { a: 1 } });
    expect(command).toStrictEqual(VALID.RegisterClient);
  });

  it('keeps the common fields when given', () => {
    const command = parsed({
      ...VALID.RecordContact,
      commandId: 'cmd-1', occurredAt: '2024-03-01T09:30:00Z', actor: 'ann', correlationId: 'corr-1', causationId: 'cause-1',
    });
    expect(command).toMatchObject({
      commandId: 'cmd-1', occurredAt: '2024-03-01T09:30:00.000Z', actor: 'ann', correlationId: 'corr-1', causationId: 'cause-1',
    });
  });

  it('treats an optional field given as null as absent', () => {
    const command = parsed({
      ...VALID.RegisterClient,
      source: null, industry: null, commandId: null, occurredAt: null, actor: null, correlationId: null, causationId: null,
    });
    for (const field of ['source', 'industry', 'commandId', 'occurredAt', 'actor', 'correlationId', 'causationId']) {
      expect((command as Record<string, unknown>)[field]).toBeUndefined();
    }
  });

  it('accepts every optional field of the spec', () => {
    expect(parsed({ ...VALID.RegisterClient, source: 'b2b-platform', industry: 'Retail' })).toMatchObject({ source: 'b2b-platform', industry: 'Retail' });
    expect(parsed({ ...VALID.ReassignClient, reason: 'leave' })).toMatchObject({ reason: 'leave' });
    expect(parsed({ ...VALID.RecordContact, salespersonId: 'S-9', summary: 'hi' })).toMatchObject({ salespersonId: 'S-9', summary: 'hi' });
    expect(parsed({ ...VALID.RecordEngagement, serviceLine: 'tax' })).toMatchObject({ serviceLine: 'tax' });
    expect(parsed({ ...VALID.FileComplaint, description: 'slow' })).toMatchObject({ description: 'slow' });
    expect(parsed({ ...VALID.ResolveComplaint, outcome: 'fixed' })).toMatchObject({ outcome: 'fixed' });
    expect(parsed({ ...VALID.RecordChurn, note: 'gone' })).toMatchObject({ note: 'gone' });
    expect(parsed({ ...VALID.ReactivateClient, campaign: 'q2' })).toMatchObject({ campaign: 'q2' });
  });
});

describe('parseCommand: shape', () => {
  it.each([null, undefined, 5, 'RegisterClient', true, [], [VALID.RegisterClient]])('%j is not a command', (input) => {
    expectInvalid(input, 'command');
  });

  it('a missing or null type names type', () => {
    const { type: _type, ...untyped } = VALID.RegisterClient!;
    expectInvalid(untyped, 'type');
    expectInvalid({ ...untyped, type: null }, 'type');
  });

  it.each(['Foo', 'registerClient', 'toString', '__proto__', 'constructor', 5, ''])('type %j is not a command type', (type) => {
    const message = expectInvalid(withField('RegisterClient', 'type', type), 'type');
    expect(message).toContain('RegisterClient');
  });

  it.each(
    // ConfigureFirm's fields are each optional (the decider wants one of the two).
    Object.entries(VALID).filter(([type]) => type !== 'ConfigureFirm').flatMap(([type, fields]) =>
      Object.keys(fields).filter((f) => f !== 'type').map((field) => ({ type, field })),
    ),
  )('$type without $field says it is required', ({ type, field }) => {
    const { [field]: _dropped, ...rest } = VALID[type]!;
    expect(expectInvalid(rest, field)).toMatch(/required/);
    expectInvalid({ ...rest, [field]: null }, field);
  });

  it('reports the value it got', () => {
    expect(expectInvalid(withField('RecordEngagement', 'fee', 1.5), 'fee')).toContain('1.5');
  });
});

describe('parseCommand: ids', () => {
  const ID_FIELDS: [string, string][] = [
    ['RegisterSalesperson', 'salespersonId'],
    ['RegisterClient', 'clientId'],
    ['RegisterClient', 'ownerId'],
    ['RecordContact', 'salespersonId'],
    ['RecordEngagement', 'engagementId'],
    ['FileComplaint', 'complaintId'],
    ['ReactivateClient', 'engagementId'],
    ['RecordChurn', 'commandId'],
  ];

  it.each(ID_FIELDS)('%s.%s accepts 1 to 64 characters of [A-Za-z0-9._:-]', (type, field) => {
    for (const id of ['a', 'a'.repeat(64), 'Az09._:-', '...', '0', 'client:2024.01-x_y']) {
      expect((parsed(withField(type, field, id)) as Record<string, unknown>)[field]).toBe(id);
    }
  });

  it.each(ID_FIELDS)('%s.%s rejects anything else', (type, field) => {
    for (const id of ['', 'a'.repeat(65), 'a b', 'a/b', 'é', 'a\n', ' a', 'a#', 'a@b', '中文', 7, true, {}, ['a']]) {
      expectInvalid(withField(type, field, id), field);
    }
  });
});

describe('parseCommand: instants', () => {
  const at = (occurredAt: unknown) => withField('RecordChurn', 'occurredAt', occurredAt);

  it.each([
    ['2024-03-01T09:30:00Z', '2024-03-01T09:30:00.000Z'],
    ['2024-03-01T09:30:00.123Z', '2024-03-01T09:30:00.123Z'],
    ['2024-02-29T23:59:59.999Z', '2024-02-29T23:59:59.999Z'],
    ['2000-02-29T00:00:00Z', '2000-02-29T00:00:00.000Z'],
    ['2024-12-31T23:59:59Z', '2024-12-31T23:59:59.000Z'],
    ['1970-01-01T00:00:00Z', '1970-01-01T00:00:00.000Z'],
  ])('%s is normalised to %s', (input, normalised) => {
    expect(parsed(at(input)).occurredAt).toBe(normalised);
  });

  it.each([
    '2023-02-30T10:00:00Z', // not a real date
    '2023-02-29T10:00:00Z', // not a leap year
    '1900-02-29T10:00:00Z', // century, not a leap year
    '2024-04-31T10:00:00Z',
    '2024-13-01T10:00:00Z',
    '2024-00-10T10:00:00Z',
    '2024-01-00T10:00:00Z',
    '2024-01-01T24:00:00Z', // 24:00 is not an instant here
    '2024-01-01T23:60:00Z',
    '2024-01-01T23:59:60Z', // no leap seconds
    '2024-01-01T10:00:00z', // capital Z only
    '2024-01-01T10:00:00', // no zone
    '2024-01-01T10:00:00+00:00', // offsets are not allowed, even zero
    '2024-01-01T10:00:00+08:00',
    '2024-01-01T10:00:00.000+00:00',
    '2024-01-01 10:00:00Z',
    '2024-01-01t10:00:00Z',
    '2024-01-01T10:00Z', // seconds required
    '2024-01-01T10:00:00.1Z', // milliseconds are three digits
    '2024-01-01T10:00:00.1234Z',
    '2024-01-01',
    '2024-1-01T10:00:00Z',
    '+002024-01-01T10:00:00Z',
    ' 2024-01-01T10:00:00Z',
    '2024-01-01T10:00:00Z ',
    '',
    1_704_103_200_000,
    true,
    {},
  ])('%j is not an instant', (value) => {
    expectInvalid(at(value), 'occurredAt');
  });
});

describe('parseCommand: integers and money', () => {
  it('accepts 1e6 as the integer 1000000 (as JSON writes it too)', () => {
    expect(parsed(withField('RecordEngagement', 'fee', 1e6))).toMatchObject({ fee: 1_000_000 });
    const fromJson: unknown = JSON.parse('{"type":"RecordEngagement","clientId":"C-1","engagementId":"E-1","fee":1e6}');
    expect(parsed(fromJson)).toMatchObject({ fee: 1_000_000 });
  });

  it('accepts safe integers up to 2^53−1', () => {
    expect(parsed(withField('RecordEngagement', 'fee', Number.MAX_SAFE_INTEGER))).toMatchObject({ fee: Number.MAX_SAFE_INTEGER });
    expect(parsed(withField('SetAnnualPlan', 'newBusinessTarget', Number.MAX_SAFE_INTEGER))).toMatchObject({
      newBusinessTarget: Number.MAX_SAFE_INTEGER,
    });
  });

  const NOT_INTEGERS = [1.5, 0.1, '5', '1000', true, false, 2 ** 53, 1e20, Number.NaN, Number.POSITIVE_INFINITY, {}, [5]];
  const INTEGER_FIELDS: [string, string][] = [
    ['RecordEngagement', 'fee'],
    ['ReactivateClient', 'fee'],
    ['SetAnnualPlan', 'newClientsTarget'],
    ['SetAnnualPlan', 'newBusinessTarget'],
    ['SetAnnualPlan', 'year'],
    ['SetVisitPlan', 'plannedVisits'],
  ];

  it.each(INTEGER_FIELDS)('%s.%s rejects fractions, strings, booleans and unsafe integers', (type, field) => {
    for (const value of NOT_INTEGERS) expectInvalid(withField(type, field, value), field);
  });

  it('a fee is money ≥ 1', () => {
    for (const type of ['RecordEngagement', 'ReactivateClient']) {
      expect(parsed(withField(type, 'fee', 1))).toMatchObject({ fee: 1 });
      expectInvalid(withField(type, 'fee', 0), 'fee');
      expectInvalid(withField(type, 'fee', -100), 'fee');
    }
  });

  it('targets and planned visits are ≥ 0', () => {
    for (const [type, field] of [['SetAnnualPlan', 'newClientsTarget'], ['SetAnnualPlan', 'newBusinessTarget'], ['SetVisitPlan', 'plannedVisits']] as const) {
      expect((parsed(withField(type, field, 0)) as Record<string, unknown>)[field]).toBe(0);
      expectInvalid(withField(type, field, -1), field);
    }
  });

  it('a year runs from 2000 to 2100', () => {
    for (const year of [2000, 2024, 2100]) expect(parsed(withField('SetAnnualPlan', 'year', year))).toMatchObject({ year });
    for (const year of [1999, 2101, 0, -2024, 2024.5, '2024']) expectInvalid(withField('SetAnnualPlan', 'year', year), 'year');
  });
});

describe('parseCommand: months, enums and text', () => {
  it('a month is YYYY-MM', () => {
    for (const month of ['2024-01', '2024-12', '2100-06']) expect(parsed(withField('SetVisitPlan', 'month', month))).toMatchObject({ month });
    for (const month of ['2024-1', '2024-13', '2024-00', '2024-03-01', '24-03', '2024/03', 202403, '2024-03 ', '']) {
      expectInvalid(withField('SetVisitPlan', 'month', month), 'month');
    }
  });

  const ENUMS: [string, string, readonly string[]][] = [
    ['RegisterClient', 'source', ['exhibition', 'referral', 'b2b-platform', 'search', 'other']],
    ['RecordContact', 'channel', ['visit', 'call', 'email', 'meeting', 'other']],
    ['FileComplaint', 'category', ['quality', 'service', 'price', 'staff', 'other']],
    ['FileComplaint', 'severity', ['low', 'medium', 'high']],
    ['RecordChurn', 'reason', ['dissatisfied', 'competitor', 'negative-value', 'involuntary', 'other']],
  ];

  it.each(ENUMS)('%s.%s takes exactly its values', (type, field, values) => {
    for (const value of values) expect((parsed(withField(type, field, value)) as Record<string, unknown>)[field]).toBe(value);
    for (const value of ['', 'Other', 'OTHER', `${values[0]} `, 'unknown', 'toString', 1, true]) {
      const message = expectInvalid(withField(type, field, value), field);
      expect(message).toContain(values[0]);
    }
  });

  it('names and actor are non-empty strings', () => {
    const NAMES: [string, string][] = [
      ['RegisterSalesperson', 'name'],
      ['RegisterClient', 'name'],
      ['RecordChurn', 'actor'],
    ];
    for (const [type, field] of NAMES) {
      expect((parsed(withField(type, field, 'x y — 中文')) as Record<string, unknown>)[field]).toBe('x y — 中文');
      for (const value of ['', 5, true, {}, ['a']]) expectInvalid(withField(type, field, value), field);
    }
  });

  it('optional free text is any string, the empty one included (SPEC §1 asks only names and actor to be non-empty)', () => {
    const TEXT: [string, string][] = [
      ['RegisterClient', 'industry'],
      ['ReassignClient', 'reason'],
      ['RecordContact', 'summary'],
      ['RecordEngagement', 'serviceLine'],
      ['FileComplaint', 'description'],
      ['ResolveComplaint', 'outcome'],
      ['RecordChurn', 'note'],
      ['ReactivateClient', 'campaign'],
      ['RecordChurn', 'correlationId'],
      ['RecordChurn', 'causationId'],
    ];
    for (const [type, field] of TEXT) {
      for (const text of ['x y — 中文', '']) {
        expect((parsed(withField(type, field, text)) as Record<string, unknown>)[field]).toBe(text);
      }
      for (const value of [5, true, {}, ['a']]) expectInvalid(withField(type, field, value), field);
    }
  });
});
