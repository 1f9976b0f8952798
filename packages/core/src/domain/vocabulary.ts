// The closed vocabularies of SPEC §3; each list is the single source of its type.
import type * as t from 'io-ts';
import { oneOf } from './primitives.js';

export const STAGES = ['prospect', 'contacted', 'engaged', 'churned'] as const;
export type Stage = (typeof STAGES)[number];

export const Source = oneOf(['exhibition', 'referral', 'b2b-platform', 'search', 'other']);
export type Source = t.TypeOf<typeof Source>;

export const Channel = oneOf(['visit', 'call', 'email', 'meeting', 'other']);
export type Channel = t.TypeOf<typeof Channel>;

export const COMPLAINT_CATEGORIES = ['quality', 'service', 'price', 'staff', 'other'] as const;
export const ComplaintCategory = oneOf(COMPLAINT_CATEGORIES);
export type ComplaintCategory = t.TypeOf<typeof ComplaintCategory>;

export const SEVERITIES = ['low', 'medium', 'high'] as const;
export const Severity = oneOf(SEVERITIES);
export type Severity = t.TypeOf<typeof Severity>;

export const CHURN_REASONS = ['dissatisfied', 'competitor', 'negative-value', 'involuntary', 'other'] as const;
export const ChurnReason = oneOf(CHURN_REASONS);
export type ChurnReason = t.TypeOf<typeof ChurnReason>;

/** The firm can act on these; `negative-value` and `involuntary` it cannot (SPEC §3). */
export const isControllable = (reason: ChurnReason): boolean =>
  reason === 'dissatisfied' || reason === 'competitor' || reason === 'other';
