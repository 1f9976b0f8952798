// Telemetry of a projection runner: a span, an events count and a latency for every batch it
// commits with its checkpoint, and gauges of how far each projection trails the log and how many
// events it parked. Batches are a thousand events each, so none of this is on a per-event path.
import { SpanStatusCode, type ObservableResult } from '@opentelemetry/api';
import { encodePosition, type LogPosition } from '../domain/envelope.js';
import { ATTRIBUTE, SPAN, instruments, tracer, whenInstrumentsMade } from './instruments.js';

export interface BatchCommit {
  readonly projection: string;
  readonly generation: number;
  /** Events folded into the batch. */
  readonly events: number;
  readonly from: LogPosition | null;
  readonly to: LogPosition;
  /** `now()` when the batch folded its first event. */
  readonly openedAt: number;
}

export interface ProjectionTelemetry {
  /** A monotonic clock in milliseconds, for `openedAt`. */
  now(): number;
  /** Runs `commit` (the store write of the batch and its checkpoint) inside the batch's span, and counts it. */
  batch<T extends string>(batch: BatchCommit, commit: () => Promise<T>): Promise<T>;
  /** Events this runner has read past the projection's stored checkpoint (0 once committed). */
  behind(projection: string, events: number): void;
  /** Events the projection has parked, as its store last said. */
  parked(projection: string, count: number): void;
}

/** What one runner last reported; the gauges read every live runner's. */
interface Reported {
  readonly lag: Map<string, number>;
  readonly parked: Map<string, number>;
}

// Runners have no close(): a runner dropped by its host drops out of the gauges when collected.
const reporters = new Set<WeakRef<Reported>>();

/** Per projection, the largest value any live runner reported (several runners may share one). */
const observeAll = (pick: (reported: Reported) => Map<string, number>) => (result: ObservableResult): void => {
  const largest = new Map<string, number>();
  for (const ref of reporters) {
    const reported = ref.deref();
    if (reported === undefined) {
      reporters.delete(ref);
      continue;
    }
    for (const [projection, value] of pick(reported)) largest.set(projection, Math.max(value, largest.get(projection) ?? value));
  }
  for (const [projection, value] of largest) result.observe(value, { [ATTRIBUTE.projection]: projection });
};

whenInstrumentsMade(({ lag, parked }) => {
  lag.addCallback(observeAll((reported) => reported.lag));
  parked.addCallback(observeAll((reported) => reported.parked));
});

export const projectionTelemetry = (): ProjectionTelemetry => {
  const { eventsProjected, batchDuration } = instruments();
  const spans = tracer();
  const reported: Reported = { lag: new Map(), parked: new Map() };
  reporters.add(new WeakRef(reported));
  const now = (): number => performance.now();

  return {
    now,
    batch: async <T extends string>(batch: BatchCommit, commit: () => Promise<T>): Promise<T> => {
      const span = spans.startSpan(SPAN.batch);
      if (span.isRecording()) {
        span.setAttributes({
          [ATTRIBUTE.projection]: batch.projection,
          [ATTRIBUTE.generation]: batch.generation,
          [ATTRIBUTE.events]: batch.events,
          [ATTRIBUTE.from]: batch.from === null ? '' : encodePosition(batch.from),
          [ATTRIBUTE.to]: encodePosition(batch.to),
        });
      }
      let outcome: T;
      try {
        outcome = await commit();
      } catch (error) {
        if (span.isRecording()) {
          if (error instanceof Error) span.recordException(error);
          span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
        }
        span.end();
        throw error;
      }
      span.setAttribute(ATTRIBUTE.batchOutcome, outcome);
      span.end();
      const attributes = { [ATTRIBUTE.projection]: batch.projection };
      // A batch another runner had already stored ('skipped') was projected once, by that runner.
      if (outcome === 'applied') eventsProjected.add(batch.events, attributes);
      batchDuration.record((now() - batch.openedAt) / 1000, attributes);
      reported.lag.set(batch.projection, 0);
      return outcome;
    },
    behind: (projection, events) => {
      reported.lag.set(projection, events);
    },
    parked: (projection, count) => {
      reported.parked.set(projection, count);
    },
  };
};
