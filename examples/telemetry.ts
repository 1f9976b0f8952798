// Wiring OpenTelemetry into a system that embeds Rapport: register an SDK's tracer and meter
// providers *before* createRapport, and Rapport's spans (rapport.command, rapport.projection.batch)
// and metrics (rapport.commands, rapport.projection.events, rapport.projection.batch.duration,
// rapport.projection.lag, rapport.projection.parked) flow to whatever exporters the SDK has. Here
// they are in-memory exporters, printed at the end; in production, an OTLP exporter instead.
// Run: npx tsx examples/telemetry.ts
import { metrics, trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { createMemoryEventStore, createMemoryReadModelStore, createRapport, type CommandInput } from '@rapport/core';

const spanExporter = new InMemorySpanExporter();
const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 60_000 });
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spanExporter)] });
const meterProvider = new MeterProvider({ readers: [reader] });
trace.setGlobalTracerProvider(tracerProvider);
metrics.setGlobalMeterProvider(meterProvider);

// Only now: Rapport takes its instruments from the providers registered when it is created.
const rapport = createRapport({ eventStore: createMemoryEventStore(), readModelStore: createMemoryReadModelStore(), timeZone: 'Asia/Shanghai' });

const commands: CommandInput[] = [
  { type: 'RegisterSalesperson', commandId: 'cmd-1', salespersonId: 'sp-wang', name: 'Wang Fang', occurredAt: '2024-01-02T01:00:00Z' },
  { type: 'RegisterClient', commandId: 'cmd-2', clientId: 'c-001', name: 'Hangzhou Silkroad Textiles', ownerId: 'sp-wang', occurredAt: '2024-01-10T02:00:00Z' },
  { type: 'RecordEngagement', commandId: 'cmd-3', clientId: 'c-001', engagementId: 'audit-2024', fee: 4_800_000, occurredAt: '2024-01-25T08:00:00Z' },
  // Sent twice: the second is a duplicate.
  { type: 'RecordEngagement', commandId: 'cmd-3', clientId: 'c-001', engagementId: 'audit-2024', fee: 4_800_000, occurredAt: '2024-01-25T08:00:00Z' },
  // A rule violation: rejected with the spec's code, counted as such.
  { type: 'RegisterClient', commandId: 'cmd-4', clientId: 'c-001', name: 'Again', ownerId: 'sp-wang', occurredAt: '2024-02-01T00:00:00Z' },
];
for (const command of commands) await rapport.execute(command);
// A report brings the projections up to the end of the log: one batch span per projection.
const lifecycle = await rapport.lifecycle({ asOf: '2024-06-30' });
console.log('engaged clients:', lifecycle.counts.engaged);

console.log('\nspans:');
for (const span of spanExporter.getFinishedSpans()) {
  const milliseconds = span.duration[0] * 1e3 + span.duration[1] / 1e6;
  console.log(`  ${span.name} ${JSON.stringify(span.attributes)} ${milliseconds.toFixed(2)} ms`);
}

await reader.forceFlush();
const exported = metricExporter.getMetrics();
console.log('\nmetrics:');
for (const scope of exported[exported.length - 1]?.scopeMetrics ?? []) {
  for (const metric of scope.metrics) {
    for (const point of metric.dataPoints) {
      // A histogram's point is its count and sum; a counter's or a gauge's, a number.
      const value = typeof point.value === 'number' ? point.value : `count ${point.value.count}, sum ${point.value.sum?.toFixed(6)} ${metric.descriptor.unit}`;
      console.log(`  ${metric.descriptor.name} ${JSON.stringify(point.attributes)} = ${value}`);
    }
  }
}

await rapport.close();
await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
