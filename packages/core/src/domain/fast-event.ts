// A fast check for stored events, derived from the io-ts codecs of events.ts as fast-command.ts is
// for commands: it walks each event type's props once with the field codecs' own `is`, instead of
// io-ts's combinators (type, intersection, partial, an Either per field), which were most of the
// cost of decoding an event in a rebuild. It only ever answers "valid, and this is what io-ts
// would decode"; anything else goes to io-ts, which decides and names the field.
// test/domain/fast-event.test.ts checks that both give the same result.
import * as t from 'io-ts';
import { isRight } from 'fp-ts/lib/Either.js';
import { DomainEvent } from './events.js';
import { IDENTITY_CODECS } from './identity-codecs.js';

type Check = (u: unknown) => boolean;

const checkOf = (codec: t.Mixed): Check => {
  if (IDENTITY_CODECS.has(codec) || codec instanceof t.KeyofType) return (u) => codec.is(u);
  // Any other codec: io-ts itself, accepted only where it decodes a value to itself.
  return (u) => {
    const decoded = codec.validate(u, []);
    return isRight(decoded) && decoded.right === u;
  };
};

interface Plan {
  readonly required: readonly (readonly [string, Check])[];
  readonly optional: readonly (readonly [string, Check])[];
}

type EventCodec = t.InterfaceType<{ data: t.IntersectionType<[t.InterfaceType<t.Props>, t.PartialType<t.Props>]> }>;

/** The props of `type({ type, data: intersection([type(required), partial(optional)]) })`, as events.ts builds them. */
const planOf = (codec: t.Mixed): Plan => {
  const data = (codec as unknown as EventCodec).props.data;
  const [required, optional] = data.types;
  if (!(required instanceof t.InterfaceType) || !(optional instanceof t.PartialType)) throw new Error(`event codec ${codec.name} is not type({ type, data: type & partial })`);
  const checks = (props: t.Props) => Object.entries(props).map(([key, c]) => [key, checkOf(c)] as const);
  return { required: checks(required.props), optional: checks(optional.props) };
};

const PLANS: ReadonlyMap<string, Plan> = new Map(DomainEvent.types.map((codec) => [codec.name, planOf(codec)]));

/**
 * The event io-ts would decode `{ type, data }` to (data as it is: io-ts keeps unknown fields), or
 * undefined where io-ts must decide.
 */
export const fastDecodeEvent = (type: string, data: unknown): DomainEvent | undefined => {
  const plan = PLANS.get(type);
  if (plan === undefined || typeof data !== 'object' || data === null) return undefined;
  const proto: unknown = Object.getPrototypeOf(data);
  if (proto !== Object.prototype && proto !== null) return undefined;
  const fields = data as Record<string, unknown>;
  for (const [key, check] of plan.required) if (!check(fields[key])) return undefined;
  for (const [key, check] of plan.optional) {
    const value = fields[key];
    if (value !== undefined && !check(value)) return undefined;
  }
  return { type, data } as DomainEvent;
};
