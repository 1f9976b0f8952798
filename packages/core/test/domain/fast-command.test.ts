// The fast command check must give exactly what io-ts gives: the same command (fields, undefined
// optionals, occurredAt form) for valid input, and io-ts's own InvalidCommand for the rest.
import fc from 'fast-check';
import { isRight } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { COMMAND_TYPES, CommandCodecs, type CommandType } from '../../src/domain/commands.js';
import { fastDecodeCommand, fastInstant } from '../../src/domain/fast-command.js';
import { decodeWithCodec, parseCommand } from '../../src/domain/parse-command.js';
import { Instant } from '../../src/domain/primitives.js';
import { instantShapedText } from './support/instant-text.js';

const fieldsOf = (type: CommandType): string[] => {
  const codec = CommandCodecs[type] as unknown as { type: { types: { props: Record<string, unknown> }[] } };
  return codec.type.types.flatMap((member) => Object.keys(member.props));
};

const realInstant = fc
  .date({ min: new Date(Date.UTC(0, 0, 1) - 62135596800000 * 0), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true })
  .chain((d) => fc.constantFrom(d.toISOString(), d.toISOString().slice(0, 19) + 'Z'));

const values = fc.oneof(
  fc.constantFrom<unknown>(
    'C-1', 'S-1', 'E-1', 'K-1', '', ' ', 'a b', 'x'.repeat(64), 'x'.repeat(65), 'Li Wei', 'ünïcode',
    'visit', 'call', 'email', 'meeting', 'other', 'quality', 'service', 'low', 'high', 'competitor', 'dissatisfied',
    'referral', 'search', 'Asia/Shanghai', 'UTC', 'Mars/Base', '2024-03', '2024-13', '2024-3',
    'RecordContact', 'toString', '__proto__', 'constructor',
    0, 1, -1, 1.5, 2000, 2024, 1999, 2100, 2101, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 1, NaN, Infinity, -0,
    null, undefined, true, false, {}, [], ['C-1'],
  ),
  instantShapedText,
  realInstant,
  fc.string({ maxLength: 8 }),
  fc.integer(),
);

/** A command of `type` with each known field (and an unknown one) absent, or given a value. */
const commandOf = (type: CommandType) =>
  fc
    .record(Object.fromEntries([...fieldsOf(type).filter((f) => f !== 'type'), 'unknownField'].map((f) => [f, fc.option(values, { nil: undefined, freq: 3 })])))
    .chain((fields) =>
      fc.boolean().map((keepUndefined) => {
        const command: Record<string, unknown> = { type };
        for (const [key, value] of Object.entries(fields)) if (value !== undefined || keepUndefined) command[key] = value;
        return command;
      }),
    );

describe('fastDecodeCommand', () => {
  it('gives what io-ts gives for every command type, valid or not', () => {
    for (const type of COMMAND_TYPES) {
      fc.assert(
        fc.property(commandOf(type), (input) => {
          expect(parseCommand(input)).toStrictEqual(decodeWithCodec(type, input));
        }),
        { numRuns: 400 },
      );
    }
  });

  it('decodes valid commands itself, each optional null as undefined and occurredAt normalised', () => {
    const input = {
      type: 'RecordContact', clientId: 'C-1', channel: 'call', summary: null, occurredAt: '2024-02-29T10:00:00Z', actor: 'me', extra: 1,
    };
    const fast = fastDecodeCommand('RecordContact', input);
    expect(fast).toStrictEqual({ type: 'RecordContact', clientId: 'C-1', channel: 'call', summary: undefined, occurredAt: '2024-02-29T10:00:00.000Z', actor: 'me' });
    expect(fast).toStrictEqual((decodeWithCodec('RecordContact', input) as { right: unknown }).right);
    expect(fast).not.toBe(input);
  });

  it('leaves invalid values and odd objects to io-ts, which names the field', () => {
    expect(fastDecodeCommand('RecordContact', { type: 'RecordContact', clientId: 'C 1', channel: 'call' })).toBeUndefined();
    expect(fastDecodeCommand('RecordContact', new (class { type = 'RecordContact'; clientId = 'C-1'; channel = 'call'; })())).toBeUndefined();
    const result = parseCommand({ type: 'RecordContact', clientId: 'C-1', channel: 'fax' });
    expect(result).toStrictEqual(decodeWithCodec('RecordContact', { type: 'RecordContact', clientId: 'C-1', channel: 'fax' }));
    expect(!isRight(result) && result.left.field).toBe('channel');
  });

  it('reads instants as io-ts does: the same toISOString() form, the same refusals', () => {
    const reference = (text: string): string | undefined => {
      const decoded = Instant.decode(text);
      return isRight(decoded) ? decoded.right : undefined;
    };
    const fast = (text: string): string | undefined => {
      const result = fastInstant(text);
      return typeof result === 'string' ? result : undefined;
    };
    fc.assert(fc.property(fc.oneof(instantShapedText, realInstant, fc.string({ maxLength: 26 })), (text) => {
      expect(fast(text)).toBe(reference(text));
    }), { numRuns: 20_000 });
    for (const text of ['2024-02-29T00:00:00Z', '2023-02-29T00:00:00Z', '1900-02-29T00:00:00Z', '2000-02-29T00:00:00Z', '0000-02-29T00:00:00.000Z', '2024-04-31T00:00:00Z', '2024-12-31T23:59:59.999Z', '２024-01-01T00:00:00Z', '200a-01-01T00:00:00.000Z', '199x-01-01T00:00:00Z']) {
      expect(fast(text)).toBe(reference(text));
    }
  });
});
