// What the dashboard answers, as a plain function from method and URL to a response, so it can be
// tested without a socket. What needs no store (405, 404, a bad parameter, the health check) is
// answered at once; what reads the store is handed back to wait its turn in the queue. Read-only by
// construction: no route changes the log, and anything but GET and HEAD is 405. The JSON API runs
// the CLI's own report commands with format json, so its bodies are byte for byte what `rapport
// report NAME --format json` prints, and its 400s carry the CLI's usage messages.
import { Readable, Writable } from 'node:stream';
import { DamagedStoredEvent, InvalidStoreLocation, ProjectionFailure, StoreUnavailable, UndecodableEvent } from '@rapport/core';
import type { CliCommand } from '../commands/command.js';
import type { GlobalOptions } from '../config/global-options.js';
import { StoreLocationError, UsageError } from '../exit-codes.js';
import { escapeHtml } from '../html/escape.js';
import { toText, type Html } from '../html/html.js';
import { picker } from '../html/sections/picker.js';
import type { AnyOptionValues } from '../config/options.js';
import { MAX_PARAMETER_LENGTH, echoed, globalsFromQuery, offsetPlusRestored, optionsFromQuery, refuseLongValues } from './query-options.js';
import { requestUrl } from './request-target.js';

export interface DashboardResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** A response now, or the work that reads the store for one, to be run when the request's turn comes. */
export type Route = { readonly kind: 'now'; readonly response: DashboardResponse } | { readonly kind: 'queued'; readonly build: () => Promise<DashboardResponse> };

export interface PageRequest {
  readonly period?: string;
  readonly asOf?: string;
}

export interface DashboardDependencies {
  readonly globals: GlobalOptions;
  /** The report commands by their second word (`attrition` for `report attrition`). */
  readonly reports: ReadonlyMap<string, CliCommand>;
  /** The page for a period and as-of (absent: the defaults of `rapport report html`). */
  readonly page: (request: PageRequest) => Promise<string>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Where internal errors and store notices go (the server's stderr). */
  readonly log: (line: string) => void;
}

const API_PREFIX = '/api/reports/';
/** Answers 200 while the process serves, reading nothing: for a load balancer or a supervisor. */
export const HEALTH_PATH = '/healthz';
const COMMON_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
const JSON_TYPE = 'application/json; charset=utf-8';
const HTML_TYPE = 'text/html; charset=utf-8';

const now = (response: DashboardResponse): Route => ({ kind: 'now', response });
const json = (status: number, body: string): DashboardResponse => ({ status, headers: { ...COMMON_HEADERS, 'content-type': JSON_TYPE }, body });
const jsonError = (status: number, message: string): DashboardResponse => json(status, `${JSON.stringify({ error: message })}\n`);

/** An error page: the message, then `more` (markup of this package's own, such as the picker). */
const htmlError = (status: number, message: string, more?: Html): DashboardResponse => ({
  status,
  headers: { ...COMMON_HEADERS, 'content-type': HTML_TYPE },
  body: `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Rapport — ${status}</title></head><body><h1>Rapport could not show this page</h1><p role="alert">${escapeHtml(message)}</p>${more === undefined ? '' : toText(more)}<p><a href="/">Back to the default report</a></p></body></html>\n`,
});

/**
 * A request without the dashboard's token (serve/auth.ts): the challenge makes a browser ask for it,
 * as the password of any user name. Nothing of the store is read before it.
 */
export const unauthorized = (target: string): DashboardResponse => {
  const message = 'this dashboard needs its token: Authorization: Bearer TOKEN, or TOKEN as the password of any user name';
  const challenge = { 'www-authenticate': 'Basic realm="Rapport", charset="UTF-8"' };
  const pathname = requestUrl(target)?.pathname ?? '';
  const response = pathname.startsWith(API_PREFIX) || pathname === HEALTH_PATH ? jsonError(401, message) : htmlError(401, message);
  return { ...response, headers: { ...response.headers, ...challenge } };
};

/** The failures the CLI turns into exit codes 1–3, as HTTP statuses with the CLI's message; others are bugs. */
const failure = (error: unknown, log: (line: string) => void): { status: number; message: string } => {
  // The store the server was started on that is no store any more is the server's fault, not the request's.
  if (error instanceof StoreLocationError) return { status: 503, message: `store unavailable: ${error.message}` };
  if (error instanceof UsageError) return { status: 400, message: error.message };
  if (error instanceof UndecodableEvent || error instanceof DamagedStoredEvent || error instanceof ProjectionFailure) return { status: 500, message: `integrity failure: ${error.message}` };
  if (error instanceof StoreUnavailable || error instanceof InvalidStoreLocation) return { status: 503, message: `store unavailable: ${error.message}` };
  log(`rapport serve: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return { status: 500, message: 'internal error (details in the server\'s output)' };
};

/** Runs a report command as `--format json` would, and returns what it printed. */
const runReport = async (command: CliCommand, options: AnyOptionValues, globals: GlobalOptions, deps: DashboardDependencies): Promise<string> => {
  const printed: string[] = [];
  const stdout = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      printed.push(String(chunk));
      done();
    },
  });
  const stderr = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      deps.log(String(chunk).trimEnd());
      done();
    },
  });
  const io = { stdout, stderr, stdin: Readable.from([]), env: deps.env, cwd: deps.cwd };
  const code = await command.run({ operands: [], options, globals: { ...globals, format: 'json' }, io });
  if (code !== 0) throw new Error(`report ${command.words.join(' ')} ended with exit code ${code}`);
  return printed.join('');
};

/** The parameters are checked before the queue; only the report itself waits its turn. */
const api = (name: string, query: URLSearchParams, deps: DashboardDependencies): Route => {
  const command = deps.reports.get(name);
  if (command === undefined) {
    return now(jsonError(404, `unknown report ${JSON.stringify(name)}; one of: ${[...deps.reports.keys()].join(', ')}`));
  }
  let options: AnyOptionValues;
  let globals: GlobalOptions;
  try {
    refuseLongValues(query, (parameter) => `--${parameter}`);
    options = optionsFromQuery(command, query);
    globals = globalsFromQuery(deps.globals, query);
  } catch (error) {
    const { status, message } = failure(error, deps.log);
    return now(jsonError(status, message));
  }
  return {
    kind: 'queued',
    build: async () => {
      try {
        return json(200, await runReport(command, options, globals, deps));
      } catch (error) {
        const { status, message } = failure(error, deps.log);
        return jsonError(status, message);
      }
    },
  };
};

/** `?period=&asOf=` as the picker sends them; an empty field means the default. */
const pageRequest = (query: URLSearchParams): PageRequest => {
  refuseLongValues(query, (name) => name);
  for (const name of new Set(query.keys())) {
    if (name !== 'period' && name !== 'asOf') throw new UsageError(`unknown parameter ${JSON.stringify(echoed(name))}: the page takes period and asOf`);
    // As the JSON API: two values are a mistake to name, not one to pick between.
    if (query.getAll(name).length > 1) throw new UsageError(`${name} is given more than once`);
  }
  const period = query.get('period') ?? '';
  const asOf = offsetPlusRestored(query.get('asOf') ?? '');
  return { ...(period === '' ? {} : { period }), ...(asOf === '' ? {} : { asOf }) };
};

/**
 * A bad period or as-of typed into the picker: the error page keeps the picker with what was
 * typed, so the mistake is corrected there, and names the fields as the picker does (Period, As
 * of), not by the CLI's options nobody typed.
 */
const pickerError = (message: string, query: URLSearchParams): DashboardResponse =>
  htmlError(
    400,
    message.replace(/^(?:--)?period:/, 'Period:').replace(/^(?:--as-of|asOf):/, 'As of:'),
    picker('/', (query.get('period') ?? '').slice(0, MAX_PARAMETER_LENGTH), offsetPlusRestored(query.get('asOf') ?? '').slice(0, MAX_PARAMETER_LENGTH)),
  );

const page = (query: URLSearchParams, deps: DashboardDependencies): Route => {
  let request: PageRequest;
  try {
    request = pageRequest(query);
  } catch (error) {
    const { status, message } = failure(error, deps.log);
    return now(status === 400 ? pickerError(message, query) : htmlError(status, message));
  }
  return {
    kind: 'queued',
    build: async () => {
      try {
        return { status: 200, headers: { ...COMMON_HEADERS, 'content-type': HTML_TYPE }, body: await deps.page(request) };
      } catch (error) {
        const { status, message } = failure(error, deps.log);
        return status === 400 ? pickerError(message, query) : htmlError(status, message);
      }
    },
  };
};

export const route = (method: string, target: string, deps: DashboardDependencies): Route => {
  if (method !== 'GET' && method !== 'HEAD') {
    return now({ ...jsonError(405, `${method} is not allowed: the dashboard only reads (GET, HEAD)`), headers: { ...COMMON_HEADERS, 'content-type': JSON_TYPE, allow: 'GET, HEAD' } });
  }
  const url = requestUrl(target);
  if (url === undefined) return now(jsonError(400, `not a request target: ${JSON.stringify(target.slice(0, MAX_PARAMETER_LENGTH))}`));
  if (url.pathname === HEALTH_PATH) return now(json(200, `${JSON.stringify({ status: 'ok' })}\n`));
  if (url.pathname === '/') return page(url.searchParams, deps);
  if (url.pathname.startsWith(API_PREFIX)) {
    const name = url.pathname.slice(API_PREFIX.length);
    if (/^[a-z]+$/.test(name)) return api(name, url.searchParams, deps);
  }
  return now(jsonError(404, `no such page: ${echoed(url.pathname)}; try / or ${API_PREFIX}<${[...deps.reports.keys()].join('|')}>`));
};
