// A tagged template that escapes by default: every interpolated string is HTML-escaped unless it
// is already an `Html` fragment built by this module. Forgetting to escape a client name is then
// impossible rather than merely unlikely.
import { escapeHtml } from './escape.js';

const HTML: unique symbol = Symbol('Html');

/** A fragment of markup that is safe to insert as is. */
export interface Html {
  readonly [HTML]: string;
}

export type Interpolation = Html | string | number | false | null | undefined | readonly Interpolation[];

const isHtml = (value: unknown): value is Html => typeof value === 'object' && value !== null && HTML in value;

const render = (value: Interpolation): string => {
  if (value === null || value === undefined || value === false) return '';
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'number') return escapeHtml(String(value));
  if (isHtml(value)) return value[HTML];
  return value.map(render).join('');
};

/** Trusted markup written in this package's own source (CSS, entities); never pass data here. */
export const raw = (markup: string): Html => ({ [HTML]: markup });

export const html = (strings: TemplateStringsArray, ...values: readonly Interpolation[]): Html => {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return raw(out);
};

export const toText = (fragment: Html): string => fragment[HTML];
