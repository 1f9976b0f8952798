// The external services some integration tests need (PostgreSQL, Redis): where they are, whether
// they answer, and what a test file does when one does not. Locally a missing service skips those
// tests with the reason printed; with RAPPORT_REQUIRE_SERVICES=1 (CI) it fails them instead, so a
// broken service can never turn into a green run.
import net from 'node:net';
import { describe } from 'vitest';

export type Service = 'postgres' | 'redis';

const DEFAULT_URL: Readonly<Record<Service, string>> = {
  postgres: 'postgres://postgres@127.0.0.1:5432/postgres',
  redis: 'redis://127.0.0.1:6379',
};
const URL_VARIABLE: Readonly<Record<Service, string>> = {
  postgres: 'RAPPORT_TEST_POSTGRES_URL',
  redis: 'RAPPORT_TEST_REDIS_URL',
};
const DEFAULT_PORT: Readonly<Record<Service, number>> = { postgres: 5432, redis: 6379 };

/** The service's URL: from its environment variable, else the local default. */
export const serviceUrl = (service: Service): string => process.env[URL_VARIABLE[service]] || DEFAULT_URL[service];

export const servicesRequired = (): boolean => process.env['RAPPORT_REQUIRE_SERVICES'] === '1';

/** A name unique to this run, for a schema or key prefix a test owns and removes. */
export const uniqueName = (stem: string): string => `${stem}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;

// A greeting each service answers without credentials: PostgreSQL's SSLRequest (answered 'S' or
// 'N'), Redis's inline PING (answered +PONG, or -NOAUTH when a password is needed). Something
// else listening on the port does not pass for the service.
const PROBE: Readonly<Record<Service, { request: Buffer; answers: (reply: Buffer) => boolean }>> = {
  postgres: {
    request: Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]),
    answers: (reply) => reply.length > 0 && (reply[0] === 0x53 || reply[0] === 0x4e),
  },
  redis: {
    request: Buffer.from('PING\r\n'),
    answers: (reply) => /^(\+PONG|-NOAUTH)/.test(reply.toString('latin1')),
  },
};

/** Null when the service answers within `timeoutMs`, else why not. */
export const serviceProblem = async (service: Service, timeoutMs = 1500): Promise<string | null> => {
  const text = serviceUrl(service);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `${URL_VARIABLE[service]} is not a URL`;
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1';
  const port = url.port === '' ? DEFAULT_PORT[service] : Number(url.port);
  const where = `${host}:${port}`;
  const probe = PROBE[service];
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const finish = (problem: string | null): void => {
      socket.destroy();
      resolve(problem);
    };
    socket.setTimeout(timeoutMs, () => finish(`no answer from ${where} within ${timeoutMs} ms`));
    socket.once('error', (error) => finish(`cannot reach ${where}: ${error.message}`));
    socket.once('connect', () => socket.write(probe.request));
    socket.once('data', (reply) => finish(probe.answers(reply) ? null : `${where} does not answer like ${service}`));
    socket.once('end', () => finish(`${where} closed the connection`));
  });
};

export const serviceAvailable = async (service: Service, timeoutMs?: number): Promise<boolean> => (await serviceProblem(service, timeoutMs)) === null;

/** A suite declaration: `describe`, or its skipped stand-in. */
export type Suite = (name: string, body: () => void) => void;

/**
 * `describe` when the service answers. Otherwise `describe.skip`, with the reason in the suite's
 * name and printed once; or, when services are required, an error that fails the test file.
 */
export const describeWithService = async (service: Service): Promise<Suite> => {
  const problem = await serviceProblem(service);
  if (problem === null) return describe;
  const reason = `${service} unavailable (${problem}; set ${URL_VARIABLE[service]} to point elsewhere)`;
  if (servicesRequired()) throw new Error(`RAPPORT_REQUIRE_SERVICES=1 but ${reason}`);
  process.stderr.write(`skipping ${service} tests: ${reason}\n`);
  return (name, body) => describe.skip(`[skipped: ${reason}] ${name}`, body);
};
