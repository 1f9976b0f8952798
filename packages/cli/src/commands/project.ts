// `rapport project [NAME…] [--follow]`: the projector. Without --follow it brings the projections
// to the end of the log and exits; with it, it keeps them there, one active projector per read
// model (a fenced lease in the read-model store) while any others stand by to take over.
import os from 'node:os';
import { PROJECTIONS, PROJECTION_NAMES, runProjector, type ProjectorEvent } from '@rapport/core';
import { EXIT, UsageError } from '../exit-codes.js';
import { FOLD, withRapport } from '../store/open-rapport.js';
import { defineCommand } from './command.js';

/** The projections named, in the order known; all when none is named. */
const selected = (operands: readonly string[]) => {
  const unknown = operands.filter((name) => !PROJECTION_NAMES.includes(name));
  if (unknown.length > 0) {
    throw new UsageError(`unknown projection ${unknown.map((name) => JSON.stringify(name)).join(', ')}; known: ${PROJECTION_NAMES.join(', ')}`);
  }
  return operands.length === 0 ? [...PROJECTIONS] : PROJECTIONS.filter((p) => operands.includes(p.name));
};

const milliseconds = (option: string, text: string | undefined, fallback: number): number => {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < 100) throw new UsageError(`${option} must be a whole number of milliseconds, at least 100, got ${JSON.stringify(text)}`);
  return value;
};

/** One line on standard error per change of state. */
const describe = (event: ProjectorEvent): string => {
  switch (event.kind) {
    case 'active':
      return `active: holding ${event.leases.map((l) => `${l.lease} (token ${l.token})`).join(', ')}`;
    case 'standby':
      return `standby for ${event.projections.join(', ')}: ${event.holder ?? 'another projector'} is active`;
    case 'caught-up':
      return `${event.projection} at position ${event.checkpoint ?? 'none'}`;
    case 'lost':
      return `lease lost, nothing more written: ${event.reason}`;
    case 'unavailable':
      return `${event.reason}; trying again in ${(event.retryInMs / 1000).toFixed(1)} s (a standby may take over once the leases run out)`;
  }
};

export const projectCommand = defineCommand({
  name: 'project',
  usage: '[NAME…]',
  operands: { min: 0, max: Number.POSITIVE_INFINITY },
  summary: 'keep the read models up to date: catch up and exit, or --follow the log as the active projector',
  description: `Folds the log's new events into the named projections (${PROJECTION_NAMES.join(', ')};
all when none is named) and exits once they reach its end. With --follow it keeps
following the log until SIGTERM or SIGINT, which finish the batch being folded, commit it
and exit 0. It is woken by the event store as events are appended: PostgreSQL by
LISTEN/NOTIFY (a connection of its own, opened again if it drops), EventStoreDB by a
subscription to $all filtered by the server (resubscribed from the checkpoint after a
drop); it reads anyway every --slow-poll. A SQLite store is polled with back-off.

One projector is active per read model: it holds a lease on each projection in the
read-model store, renewed while it runs, and every batch it writes is fenced by that
lease, so a projector that lost it can never commit. A second \`project --follow\` stands
by and takes over once the active one's lease runs out (--lease-ttl after its last
renewal) when it dies, even by kill -9. A projector takes every lease nobody holds and
stands by only for the others, so one started for some projections beside one for all
leaves none of them unprojected. Readers then ask with --catch-up never and need no
access to the event store. With --follow, a store that stops answering (after it was
reached once) is waited for: a line says so, the leases run out unrenewed, and it tries
again after 0.5 s, doubling to a third of --lease-ttl.

Exit codes
  0 caught up (or, with --follow, stopped by SIGTERM or SIGINT)
  1 another projector holds a lease (without --follow: the projections it holds are
    left to it, the others caught up), or an integrity failure
  2 usage error, or read models built from another event store (rapport rebuild replaces them)
  3 a store cannot be reached (with --follow: when it starts)`,
  options: {
    follow: { type: 'boolean', description: 'keep following the log until SIGTERM or SIGINT' },
    'lease-ttl': { type: 'string', valueName: 'MS', description: 'how long the lease lasts unrenewed: how soon a standby takes over (default 10000)' },
    'slow-poll': { type: 'string', valueName: 'MS', description: 'with a live wake-up, the longest wait for one before reading anyway (at most a third of --lease-ttl, which is also the default: 3333 with the default TTL)' },
  },
  run: async ({ operands, options, globals, io }) => {
    const projections = selected(operands);
    const leaseTtlMs = milliseconds('--lease-ttl', options['lease-ttl'], 10_000);
    const slowPollMs = milliseconds('--slow-poll', options['slow-poll'], 30_000);
    const holder = `${os.hostname()}:${process.pid}`;
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    try {
      const done = await withRapport(globals, ({ eventStore, readModelStore }) =>
        runProjector({
          eventStore,
          readModelStore,
          projections,
          holder,
          leaseTtlMs,
          slowPollMs,
          follow: options.follow === true,
          signal: stop.signal,
          onEvent: (event) => io.stderr.write(`rapport: project: ${describe(event)}\n`),
          onStale: ({ projection, reason }) => io.stderr.write(`rapport: project: read models ${projection} rebuilt from this log: ${reason}\n`),
        }),
        FOLD,
      );
      return done ? EXIT.ok : EXIT.failure;
    } finally {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    }
  },
});
