// The progress bar of `rapport rebuild`, drawn only on a terminal: a script or a log file gets the
// final summary line and nothing else.
import type { EventStore } from '@rapport/core';

export interface ProgressDisplay {
  /** Events folded so far. */
  update(events: number): void;
  /** Removes the bar; safe to call more than once. */
  stop(): void;
}

export const isTerminal = (stream: NodeJS.WritableStream): boolean => 'isTTY' in stream && stream.isTTY === true;

/**
 * The number of events in the log, for the bar's total. The event-store port has no cheaper way to
 * ask; it costs one read of the log without folding, so only a terminal, which shows the bar, pays it.
 */
export const countEvents = async (store: EventStore): Promise<number> => {
  let events = 0;
  for await (const batch of store.readAll({ batchSize: 20_000 })) events += batch.length;
  return events;
};

/**
 * The bar's library (18 modules) is loaded when a bar is drawn, not with the command table: every
 * command, a cold report included, loaded it before (bench W5).
 */
export const progressBar = async (stream: NodeJS.WritableStream, label: string, total: number): Promise<ProgressDisplay> => {
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `rebuilding ${label} {bar} {percentage}% | {value}/{total} events | {duration_formatted} elapsed, ETA {eta_formatted}`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  let stopped = false;
  return {
    update: (events) => bar.update(Math.min(events, total)),
    stop: () => {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
};
