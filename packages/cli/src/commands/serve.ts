// `rapport serve [--port N] [--host H]`: a read-only local dashboard over the store. `GET /` is the
// management report page with a period/as-of picker, rebuilt from the log on every request; `GET
// /api/reports/NAME?…` answers what `rapport report NAME … --format json` prints. Runs until
// SIGINT or SIGTERM, then lets the request under way finish.
import type { Server } from 'node:http';
import { lookup } from 'node:dns/promises';
import { isIP, type AddressInfo } from 'node:net';
import type { OptionSpecs } from '../config/options.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { countOption } from '../report/inputs.js';
import { MIN_TOKEN_LENGTH, TOKEN_ENV, gateFor } from '../serve/auth.js';
import { MAX_WAITING } from '../serve/request-queue.js';
import { readOnlyOpening, withRapport } from '../store/open-rapport.js';
import { defineCommand, type CliCommand } from './command.js';
import { REPORT_COMMANDS } from './report-commands.js';

export const DEFAULT_PORT = 4173;
export const DEFAULT_HOST = '127.0.0.1';
/** How long a stop waits for the request under way (a page takes a second or two on a big firm). */
export const STOP_GRACE_MS = 10_000;

/** The reports the JSON API serves, by the word after `report`. */
const API_REPORTS: readonly CliCommand[] = REPORT_COMMANDS;

const SERVE_OPTIONS = {
  port: { type: 'string', valueName: 'N', description: `the TCP port, 0 for any free one (default ${DEFAULT_PORT})` },
  host: { type: 'string', valueName: 'H', description: `the address to listen on (default ${DEFAULT_HOST}: this machine only)` },
  title: { type: 'string', valueName: 'TEXT', description: 'the page title (default "Rapport — management report")' },
  'no-auth': { type: 'boolean', description: `serve another --host without ${TOKEN_ENV}: anyone who reaches it reads the firm's clients` },
} as const satisfies OptionSpecs;

const portOf = (text: string | undefined): number => {
  const port = countOption('--port', text) ?? DEFAULT_PORT;
  if (port > 65_535) throw new UsageError(`--port: expected a port 0–65535, got ${port}`);
  return port;
};

const listen = (server: Server, port: number, host: string): Promise<AddressInfo> =>
  new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRNOTAVAIL') return reject(new UsageError(`--host ${host} is not an address of this machine: give one of its own (127.0.0.1, ::1, 0.0.0.0 for all)`));
      const why = error.code === 'EADDRINUSE' ? 'is in use' : error.code === 'EACCES' ? 'needs privileges' : `cannot be used (${error.code ?? error.message})`;
      reject(new UsageError(`--port ${port} on --host ${host} ${why}`));
    });
    server.listen(port, host, () => resolve(server.address() as AddressInfo));
  });

/**
 * The host as given, once it is known to be an address or a name that resolves: checked before
 * the token is asked for, so that a mistyped address is named as such, not as a host open to all.
 */
const usableHost = async (host: string): Promise<string> => {
  // Node would listen on every interface for '' (and warn that it is deprecated).
  if (host.trim() === '') throw new UsageError('--host: needs an address, as in --host 127.0.0.1 (0.0.0.0 listens on every interface)');
  if (isIP(host) !== 0) return host;
  try {
    await lookup(host);
    return host;
  } catch {
    throw new UsageError(`--host ${host} is not a usable address: give an IP address of this machine (127.0.0.1, ::1, 0.0.0.0 for all) or a name that resolves to one`);
  }
};

const urlOf = ({ address, family, port }: AddressInfo): string => `http://${family === 'IPv6' ? `[${address}]` : address}:${port}/`;

/** Resolves on the first SIGINT or SIGTERM, leaving the signals as they were. */
const untilStopped = (): Promise<void> =>
  new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });

export const serveCommand = defineCommand({
  name: 'serve',
  usage: '',
  operands: { min: 0, max: 0 },
  summary: 'a read-only local dashboard: the HTML report with a period/as-of picker, and the reports as JSON over HTTP',
  description: `Serves, until Ctrl-C (SIGINT) or SIGTERM:
  GET /                       the page of \`rapport report html\`, with a picker;
                              ?period=P&asOf=T choose the period and as-of (defaults as there)
  GET /healthz                {"status":"ok"} while it serves, without reading the store
  GET /api/reports/NAME?…     NAME one of ${API_REPORTS.map((c) => c.words[1]).join(', ')}: exactly
                              what \`rapport report NAME … --format json\` prints; the query
                              parameters are the command's options without the dashes, e.g.
                              /api/reports/winback?as-of=2025-06-30&all&limit=10;
                              tz=ZONE and catch-up=never set those global options
                              for one request (never catch-up=auto on a server
                              started with --catch-up never)
A bad parameter is 400 with the CLI's message as {"error":…}; an unknown path 404; any method
but GET and HEAD 405: nothing can be written through it; these, and /healthz, are answered at
once. Every request reads the log as it is then, so the page and the JSON follow new events.
Requests that read it are answered one at a time: one whose client has gone by its turn is dropped
unanswered, and beyond ${MAX_WAITING} waiting the answer is 503 with Retry-After. On SIGINT or
SIGTERM it takes no new connection, answers every waiting request 503 (Connection: close), lets
the one under way finish (up to ${STOP_GRACE_MS / 1000} s; a second Ctrl-C ends it at once), and exits 0.
It listens on ${DEFAULT_HOST} unless --host says
otherwise. With ${TOKEN_ENV} set (at least ${MIN_TOKEN_LENGTH} characters, e.g. openssl rand -hex 16),
every request must carry it, or gets 401: Authorization: Bearer TOKEN from a script, or TOKEN as
the password of any user name when a browser asks. Another --host needs the token, or --no-auth.

Output
  the dashboard's URL, once it listens

Exit codes
  0 stopped by SIGINT or SIGTERM
  2 usage error (a bad --port, a port in use, a --host that is no address of this machine,
    another --host without a token or --no-auth)
  3 store cannot be reached`,
  options: SERVE_OPTIONS,
  run: async ({ options, globals, io }) => {
    const port = portOf(options.port);
    const host = await usableHost(options.host ?? DEFAULT_HOST);
    const gate = gateFor(io.env, host, options['no-auth'] === true);
    const log = (line: string): void => void io.stderr.write(`${line}\n`);
    // A store that is missing or unreachable is reported now, not on the first request.
    await withRapport(globals, ({ rapport }) => rapport.timeZone(), readOnlyOpening(io.stderr));
    const { buildReportPage } = await import('../html/build.js');
    const { createDashboardServer } = await import('../serve/server.js');
    const deps = {
      globals,
      reports: new Map(API_REPORTS.map((command) => [command.words[1] ?? '', command])),
      page: (request: { readonly period?: string; readonly asOf?: string }) =>
        withRapport(
          globals,
          ({ rapport }) => buildReportPage(rapport, { ...request, ...(options.title === undefined ? {} : { title: options.title }), picker: { action: '/' } }),
          readOnlyOpening({ write: () => undefined }),
        ),
      env: io.env,
      cwd: io.cwd,
      log,
    };
    const dashboard = createDashboardServer({ deps, gate });
    const address = await listen(dashboard.http, port, host);
    io.stdout.write(`Rapport dashboard at ${urlOf(address)} (Ctrl-C stops it)\n`);
    await untilStopped();
    await dashboard.stop(STOP_GRACE_MS);
    return EXIT.ok;
  },
});
