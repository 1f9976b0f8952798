// Rapport's spans and metrics as a host sees them once it registers the OpenTelemetry SDK: in-memory
// exporters collect what a few commands and a report produced, and the test checks names, counts
// and attributes. (Without an SDK the same code runs against the API's no-ops: every other test.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metrics, trace, SpanStatusCode } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import {
  AggregationTemporality,
  DataPointType,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import { createMemoryEventStore, createMemoryReadModelStore, createRapport, StoreUnavailable, type EventStore } from '@rapport/core';

const spans = new InMemorySpanExporter();
const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
// Exports only when the test asks (forceFlush): the interval is longer than any run.
const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
const meterProvider = new MeterProvider({ readers: [reader] });

beforeAll(() => {
  // Before createRapport, as a host must (the metrics API has no proxy for a late SDK).
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
});
afterAll(async () => {
  await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
  trace.disable();
  metrics.disable();
});

/** Every metric exported so far, by name (the last export holds the cumulative totals). */
const collected = async (): Promise<Map<string, MetricData>> => {
  await reader.forceFlush();
  const exports = metricExporter.getMetrics();
  const last = exports[exports.length - 1];
  return new Map((last?.scopeMetrics ?? []).filter((s) => s.scope.name === '@rapport/core').flatMap((s) => s.metrics).map((m) => [m.descriptor.name, m]));
};

const commandSpans = (): ReadableSpan[] => spans.getFinishedSpans().filter((s) => s.name === 'rapport.command');
const batchSpans = (): ReadableSpan[] => spans.getFinishedSpans().filter((s) => s.name === 'rapport.projection.batch');

describe('telemetry through an SDK the host registered', () => {
  it('traces and counts every command with its name, stream, outcome and code; projection batches with their events and positions', async () => {
    spans.reset();
    const rapport = createRapport({ eventStore: createMemoryEventStore(), readModelStore: createMemoryReadModelStore(), timeZone: 'UTC' });
    const commands = [
      { type: 'RegisterSalesperson', commandId: 't-1', salespersonId: 'sp-1', name: 'Wang Fang', occurredAt: '2024-01-02T01:00:00Z' },
      { type: 'RegisterClient', commandId: 't-2', clientId: 'c-1', name: 'Acme', ownerId: 'sp-1', occurredAt: '2024-01-03T01:00:00Z' },
      { type: 'RecordEngagement', commandId: 't-3', clientId: 'c-1', engagementId: 'e-1', fee: 100_000, occurredAt: '2024-01-04T01:00:00Z' },
      // The same commandId again: a duplicate, nothing appended.
      { type: 'RecordEngagement', commandId: 't-3', clientId: 'c-1', engagementId: 'e-1', fee: 100_000, occurredAt: '2024-01-04T01:00:00Z' },
      // An engaged client cannot be registered twice.
      { type: 'RegisterClient', commandId: 't-4', clientId: 'c-1', name: 'Acme again', ownerId: 'sp-1', occurredAt: '2024-01-05T01:00:00Z' },
      // Not a command at all.
      { type: 'RecordEngagement', commandId: 't-5', clientId: 'c-1', occurredAt: '2024-01-06T01:00:00Z' },
    ];
    const results = [];
    for (const command of commands) results.push(await rapport.executeUntyped(command));
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'duplicate', 'rejected', 'rejected']);
    const codes = results.flatMap((r) => (r.status === 'rejected' ? [r.error.code] : []));
    const lifecycle = await rapport.lifecycle({ asOf: '2024-06-30' });
    expect(lifecycle.counts.engaged).toBe(1);

    const traced = commandSpans().map((s) => s.attributes);
    expect(traced).toEqual([
      { 'rapport.command.name': 'RegisterSalesperson', 'rapport.command.outcome': 'applied', 'rapport.stream': 'salesperson-sp-1' },
      { 'rapport.command.name': 'RegisterClient', 'rapport.command.outcome': 'applied', 'rapport.stream': 'client-c-1' },
      { 'rapport.command.name': 'RecordEngagement', 'rapport.command.outcome': 'applied', 'rapport.stream': 'client-c-1' },
      { 'rapport.command.name': 'RecordEngagement', 'rapport.command.outcome': 'duplicate', 'rapport.stream': 'client-c-1' },
      { 'rapport.command.name': 'RegisterClient', 'rapport.command.outcome': 'rejected', 'rapport.command.code': codes[0], 'rapport.stream': 'client-c-1' },
      // A command that does not parse names no stream.
      { 'rapport.command.name': 'RecordEngagement', 'rapport.command.outcome': 'rejected', 'rapport.command.code': 'InvalidCommand' },
    ]);

    // The report brought each projection up to the log's three events (each projection reads them
    // all), in one batch each.
    const batches = batchSpans().map((s) => s.attributes);
    expect(batches.length).toBeGreaterThan(0);
    for (const batch of batches) {
      expect(batch).toMatchObject({ 'rapport.batch.outcome': 'applied', 'rapport.position.from': '', 'rapport.projection.generation': expect.any(Number) });
      expect(batch['rapport.position.to']).toMatch(/^\d+\/\d+$/);
    }
    const eventsByProjection = new Map(batches.map((b) => [b['rapport.projection'], b['rapport.projection.events']]));
    expect(batches).toHaveLength(eventsByProjection.size);
    expect(eventsByProjection.get('clients')).toBe(3);
    expect(eventsByProjection.get('salespeople')).toBe(3);

    const found = await collected();
    const commandCounts = found.get('rapport.commands');
    expect(commandCounts?.dataPointType).toBe(DataPointType.SUM);
    const counted = (commandCounts?.dataPoints ?? []).map((p) => ({ ...p.attributes, value: p.value }));
    expect(counted).toEqual(
      expect.arrayContaining([
        { 'rapport.command.name': 'RegisterSalesperson', 'rapport.command.outcome': 'applied', value: 1 },
        { 'rapport.command.name': 'RecordEngagement', 'rapport.command.outcome': 'applied', value: 1 },
        { 'rapport.command.name': 'RecordEngagement', 'rapport.command.outcome': 'duplicate', value: 1 },
        { 'rapport.command.name': 'RecordEngagement', 'rapport.command.outcome': 'rejected', 'rapport.command.code': 'InvalidCommand', value: 1 },
        { 'rapport.command.name': 'RegisterClient', 'rapport.command.outcome': 'rejected', 'rapport.command.code': codes[0], value: 1 },
      ]),
    );
    const projected = new Map((found.get('rapport.projection.events')?.dataPoints ?? []).map((p) => [p.attributes['rapport.projection'], p.value]));
    expect(projected.get('clients')).toBe(3);
    expect(projected.get('salespeople')).toBe(3);
    const latency = found.get('rapport.projection.batch.duration');
    expect(latency?.dataPointType).toBe(DataPointType.HISTOGRAM);
    const latencyPoint = latency?.dataPoints.find((p) => p.attributes['rapport.projection'] === 'clients');
    expect(latencyPoint?.value).toMatchObject({ count: 1 });
    // Caught up: nothing read and left uncommitted.
    const lag = new Map((found.get('rapport.projection.lag')?.dataPoints ?? []).map((p) => [p.attributes['rapport.projection'], p.value]));
    expect(lag.get('clients')).toBe(0);
    expect(lag.get('salespeople')).toBe(0);
    await rapport.close();
  });

  it('marks a command whose store failed as an error, with the exception on its span', async () => {
    spans.reset();
    const working = createMemoryEventStore();
    const failing: EventStore = { ...working, append: () => Promise.reject(new StoreUnavailable('event store down for the test')) };
    const rapport = createRapport({ eventStore: failing, readModelStore: createMemoryReadModelStore(), timeZone: 'UTC' });
    await expect(rapport.execute({ type: 'RegisterSalesperson', salespersonId: 'sp-9', name: 'Li Ming', occurredAt: '2024-01-02T01:00:00Z' })).rejects.toBeInstanceOf(StoreUnavailable);
    const [span] = commandSpans();
    expect(span?.attributes).toEqual({ 'rapport.command.name': 'RegisterSalesperson', 'rapport.command.outcome': 'error' });
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'event store down for the test' });
    expect(span?.events.map((e) => e.name)).toEqual(['exception']);
    const errors = (await collected()).get('rapport.commands')?.dataPoints.find((p) => p.attributes['rapport.command.outcome'] === 'error');
    expect(errors?.value).toBe(1);
    await rapport.close();
  });
});
