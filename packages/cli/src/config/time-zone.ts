// The firm's time zone (--tz / RAPPORT_TZ): an IANA name as IANA writes it, or a usage error. The
// domain decides what counts as one, so the CLI and the period arithmetic never disagree.
import { isValidZone } from '@rapport/core';
import { UsageError } from '../exit-codes.js';

export const DEFAULT_TIME_ZONE = 'UTC';

export const parseTimeZone = (text: string, option = '--tz'): string => {
  if (isValidZone(text)) return text;
  throw new UsageError(`${option}: unknown time zone ${JSON.stringify(text)}; use an IANA name such as Asia/Shanghai or UTC`);
};
