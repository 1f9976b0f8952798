// A client's name is data from outside: in CSV it must not run as a spreadsheet formula, and in a
// table it must not drive the terminal. JSON carries it exactly as it was given (SPEC).
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';
import { tempStores } from './support/temp-stores.js';

const { freshStore } = tempStores('rapport-output-safety-');

const FORMULA = '=HYPERLINK("http://x")';
const ANSI = '\u001b[31mRed\u001b[0m Trading\u009b2J';

const COMMANDS = [
  { type: 'RegisterSalesperson', commandId: 'o-1', occurredAt: '2024-01-02T00:00:00Z', salespersonId: 'sp-1', name: '@owner' },
  { type: 'RegisterClient', commandId: 'o-2', occurredAt: '2024-01-03T00:00:00Z', clientId: 'c-1', name: FORMULA, ownerId: 'sp-1' },
  { type: 'RegisterClient', commandId: 'o-3', occurredAt: '2024-01-03T00:00:00Z', clientId: 'c-2', name: ANSI, ownerId: 'sp-1' },
  { type: 'RegisterClient', commandId: 'o-4', occurredAt: '2024-01-03T00:00:00Z', clientId: 'c-3', name: '-1+2', ownerId: 'sp-1' },
  { type: 'RecordEngagement', commandId: 'o-5', occurredAt: '2024-01-04T00:00:00Z', clientId: 'c-3', engagementId: 'e-1', fee: 500 },
].map((command) => JSON.stringify(command)).join('\n');

describe('report output with hostile client names', () => {
  const store = freshStore();
  const report = (format: string) => runCli(['report', 'lifecycle', '--as-of', '2024-12-31', '--store', store.url, '--format', format]);

  beforeAll(async () => {
    const applied = await runCli(['apply', '-', '--store', store.url], { stdin: COMMANDS });
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
  });

  it('CSV neutralises cells that start a formula, and keeps numbers as numbers', async () => {
    const result = await report('csv');
    expect(result.code, result.stderr).toBe(0);
    const rows = result.stdout.split('\r\n');
    expect(rows[1]).toBe(`c-1,"'=HYPERLINK(""http://x"")",prospect,2024-01-03T00:00:00.000Z,sp-1,1,0`);
    expect(rows[3]).toBe(`c-3,"'-1+2",engaged,2024-01-04T00:00:00.000Z,sp-1,1,500`);
    expect(result.stdout).not.toMatch(/(^|,)[=+\-@]/m);
  });

  it('a table shows control characters escaped, never raw', async () => {
    const result = await report('table');
    expect(result.code, result.stderr).toBe(0);
    // eslint-disable-next-line no-control-regex
    expect(result.stdout.replaceAll('\n', '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(result.stdout).toContain('\\u001b[31mRed\\u001b[0m Trading\\u009b2J');
  });

  it('JSON keeps the names exactly as given', async () => {
    const result = await report('json');
    const names = (JSON.parse(result.stdout) as { clients: { name: string }[] }).clients.map((c) => c.name);
    expect(names).toEqual([FORMULA, ANSI, '-1+2']);
  });
});

