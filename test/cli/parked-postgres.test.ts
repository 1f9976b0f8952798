// On PostgreSQL one commit's events share their position: a report's line saying how many events
// are parked counts events (their logPositions), where it once counted positions and said 1 for 2.
import { afterAll, expect, it } from 'vitest';
import { describeWithService, newEvent, serviceUrl, uniqueName } from '@rapport/core/testing';
import { openPostgresEventStore } from '@rapport/postgres';
import pg from 'pg';
import { runCli } from './support/run-cli.js';

const suite = await describeWithService('postgres');
const schema = uniqueName('rapport_parked');
afterAll(async () => {
  const admin = new pg.Client({ connectionString: serviceUrl('postgres') });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.end();
});

suite('parked events of one PostgreSQL commit, as a report counts them', () => {
  it('are two events, not one position', async () => {
    const store = await openPostgresEventStore(serviceUrl('postgres'), { schema });
    const future = (client: string) => ({ stream: `client-${client}`, expected: 'no-stream' as const, events: [newEvent('ClientTeleported', { clientId: client })] });
    expect((await store.appendBatch([future('a'), future('b')]))._tag).toBe('Right');
    await store.close();
    const url = new URL(serviceUrl('postgres'));
    url.searchParams.set('schema', schema);
    const report = await runCli(['report', 'lifecycle', '--store', url.toString(), '--read-models', 'memory:']);
    expect(report.code, report.stderr).toBe(0);
    expect(report.stderr).toContain('rapport: 2 events are parked');
  });
});
