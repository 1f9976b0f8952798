// The period/as-of picker of a live dashboard: a plain GET form, so it needs no script.
import { html, type Html } from '../html.js';

export const picker = (action: string, period: string, asOf: string): Html =>
  html`<form class="picker" method="get" action="${action}" aria-label="Choose the period and as-of date"><label>Period <input name="period" value="${period}" required size="22" placeholder="2025-Q2, 2025-06 or 2025" aria-describedby="picker-help"></label> <label>As of <input name="asOf" value="${asOf}" required size="14" placeholder="2025-06-30"></label> <button type="submit">Show</button><small id="picker-help">Period: a year (2025), quarter (2025-Q2), month (2025-06) or days (2025-01-15..2025-02-15).</small></form>`;
