// The field codecs whose decode is the identity on exactly the values their `is` accepts: the fast
// checks of commands and of stored events (fast-command.ts, fast-event.ts) test such a field with
// `is` alone, and leave every other codec to io-ts. Their fuzz tests hold each member to that.
import type * as t from 'io-ts';
import { Count, Id, Lifetime, Money, Month, NonEmptyString, PositiveMoney, RecordedTimeZone, Text, TimeZone, Year } from './primitives.js';

export const IDENTITY_CODECS: ReadonlySet<t.Mixed> = new Set<t.Mixed>([Id, NonEmptyString, Text, Count, Money, PositiveMoney, Year, Month, TimeZone, RecordedTimeZone, Lifetime]);
