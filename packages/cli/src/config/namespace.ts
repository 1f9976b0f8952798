// Several firms (or environments) share one server through a namespace of their own, given in the
// store URL as a parameter of Rapport's, not the driver's: `postgres://…/db?schema=firm_a`,
// `esdb://…?namespace=firm-a.`, `redis://…/0?prefix=firm-a:` (read models). The parameter is taken
// out of the URL before the driver sees it, and checked here so a bad one is a usage error.
import { redactUrl } from '@rapport/core/store-kit';
import { UsageError } from '../exit-codes.js';

/** The URL without its `name=value` query parameter, and the value (undefined when absent). */
export const takeParameter = (text: string, name: string): { readonly text: string; readonly value: string | undefined } => {
  const query = text.indexOf('?');
  if (query < 0) return { text, value: undefined };
  let value: string | undefined;
  const kept: string[] = [];
  for (const pair of text.slice(query + 1).split('&')) {
    const [key = '', ...rest] = pair.split('=');
    if (decodeURIComponent(key) === name) value = decodeURIComponent(rest.join('='));
    else if (pair !== '') kept.push(pair);
  }
  return { text: kept.length === 0 ? text.slice(0, query) : `${text.slice(0, query)}?${kept.join('&')}`, value };
};

const SCHEMA = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** `?schema=NAME` of a postgres:// store: an SQL identifier PostgreSQL keeps as written. */
export const schemaOf = (text: string, option: string): { readonly url: string; readonly schema?: string } => {
  const { text: url, value } = takeParameter(text, 'schema');
  if (value === undefined) return { url };
  if (!SCHEMA.test(value)) {
    throw new UsageError(`${option}: ?schema= must be 1–63 letters, digits or _ not starting with a digit, got ${JSON.stringify(value)}: ${redactUrl(text)}`);
  }
  return { url, schema: value };
};

/** `?namespace=NAME` of an esdb:// store: a prefix of every stream Rapport writes there. */
export const namespaceOf = (text: string, option: string): { readonly url: string; readonly namespace?: string } => {
  const { text: url, value } = takeParameter(text, 'namespace');
  if (value === undefined) return { url };
  if (value === '' || value.startsWith('$')) {
    throw new UsageError(`${option}: ?namespace= must be a non-empty stream-name prefix not starting with $, got ${JSON.stringify(value)}: ${redactUrl(text)}`);
  }
  return { url, namespace: value };
};

/** `?prefix=TEXT` of redis:// and redis-cluster:// read models: the start of every key they write. */
export const prefixOf = (text: string, option: string): { readonly url: string; readonly prefix?: string } => {
  const { text: url, value } = takeParameter(text, 'prefix');
  if (value === undefined) return { url };
  if (value === '' || /[{}\s]/.test(value)) {
    throw new UsageError(`${option}: ?prefix= must be non-empty, without { } (Redis Cluster hash tags) or spaces, got ${JSON.stringify(value)}: ${redactUrl(text)}`);
  }
  return { url, prefix: value };
};
