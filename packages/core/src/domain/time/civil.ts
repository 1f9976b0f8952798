// Civil dates and days since 1970-01-01 by integer arithmetic (Howard Hinnant's `days_from_civil`
// and `civil_from_days`): far cheaper than a Date, and free of ICU and luxon, so the instant
// readers and printers that a cold report or a rebuild loads stay light.

/** A fixed 24-hour day: whole days since churn and the 365-day revenue window use it (SPEC §4.4, §4.5). */
export const DAY_MS = 86_400_000;

/** Days from 1970-01-01 to a civil date (month 1–12). */
export const daysFromCivil = (year: number, month: number, day: number): number => {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
};

/** Year, month (1–12) and date of the UTC day `days` after 1970-01-01. */
export const civilFromDays = (days: number): { readonly year: number; readonly month: number; readonly date: number } => {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, date: doy - Math.floor((153 * mp + 2) / 5) + 1 };
};
