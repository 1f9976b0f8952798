// Rapport's OpenTelemetry instruments, through @opentelemetry/api only: until the host registers an
// SDK (a TracerProvider, a MeterProvider) every span and metric here is the API's no-op. Instruments
// are taken from the global providers when an executor or a runner is created, so a host registers
// its SDK before it calls createRapport (or createCommandExecutor / createProjectionRunner).
import { metrics, trace, type Counter, type Histogram, type MeterProvider, type ObservableGauge, type Tracer } from '@opentelemetry/api';

/** The instrumentation scope every span and metric is reported under. */
export const SCOPE = '@rapport/core';

/** Attribute names, one place for the tests, the docs and dashboards to agree on. */
export const ATTRIBUTE = {
  commandName: 'rapport.command.name',
  commandOutcome: 'rapport.command.outcome',
  commandCode: 'rapport.command.code',
  stream: 'rapport.stream',
  projection: 'rapport.projection',
  generation: 'rapport.projection.generation',
  events: 'rapport.projection.events',
  from: 'rapport.position.from',
  to: 'rapport.position.to',
  batchOutcome: 'rapport.batch.outcome',
} as const;

export const METRIC = {
  commands: 'rapport.commands',
  eventsProjected: 'rapport.projection.events',
  batchDuration: 'rapport.projection.batch.duration',
  lag: 'rapport.projection.lag',
  parked: 'rapport.projection.parked',
} as const;

export const SPAN = {
  command: 'rapport.command',
  batch: 'rapport.projection.batch',
} as const;

export interface Instruments {
  readonly commands: Counter;
  readonly eventsProjected: Counter;
  readonly batchDuration: Histogram;
  readonly lag: ObservableGauge;
  readonly parked: ObservableGauge;
}

// The metrics API has no proxy provider (the trace API does): a meter taken before the host
// registered its SDK stays a no-op. So instruments are made per global provider, and again when
// the host registers another.
let made: { readonly provider: MeterProvider; readonly instruments: Instruments } | undefined;
const onInstruments: ((instruments: Instruments) => void)[] = [];

/** The instruments of the global meter provider as it is now. */
export const instruments = (): Instruments => {
  const provider = metrics.getMeterProvider();
  if (made?.provider === provider) return made.instruments;
  const meter = provider.getMeter(SCOPE);
  const created: Instruments = {
    commands: meter.createCounter(METRIC.commands, { description: 'Commands executed, by name, outcome and rejection code', unit: '{command}' }),
    eventsProjected: meter.createCounter(METRIC.eventsProjected, { description: 'Events folded into a projection and committed with its checkpoint', unit: '{event}' }),
    batchDuration: meter.createHistogram(METRIC.batchDuration, {
      description: 'From the first event a projection batch folds to its commit with the checkpoint',
      unit: 's',
    }),
    lag: meter.createObservableGauge(METRIC.lag, {
      description: "Events in the log after a projection's stored checkpoint, as far as this process has read the log",
      unit: '{event}',
    }),
    parked: meter.createObservableGauge(METRIC.parked, { description: 'Events a projection parked instead of folding', unit: '{event}' }),
  };
  made = { provider, instruments: created };
  for (const listener of onInstruments) listener(created);
  return created;
};

/** Calls `listener` with the instruments made so far and every set made later (observable gauges need callbacks). */
export const whenInstrumentsMade = (listener: (instruments: Instruments) => void): void => {
  onInstruments.push(listener);
  if (made !== undefined) listener(made.instruments);
};

/** The tracer: the trace API's proxy, so it follows an SDK registered later. */
export const tracer = (): Tracer => trace.getTracer(SCOPE);
