// `rapport apply` end to end: the real executable in a child process against temporary SQLite files.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteEventStore } from '@rapport/sqlite';
import type { RecordedEvent } from '@rapport/core';
import { REPO_ROOT, runCli } from './support/run-cli.js';
import { tempStores } from './support/temp-stores.js';

const { root, freshStore } = tempStores('rapport-cli-');

const SAMPLE = path.join(REPO_ROOT, 'examples/sample-firm.jsonl');
const BAD = path.join(REPO_ROOT, 'examples/bad-commands.jsonl');
const sampleCommands = fs.readFileSync(SAMPLE, 'utf8').split('\n').filter((line) => line.trim() !== '').length;

const allEvents = async (file: string): Promise<RecordedEvent[]> => {
  const store = openSqliteEventStore(file);
  try {
    const events: RecordedEvent[] = [];
    for await (const batch of store.readAll()) events.push(...batch);
    return events;
  } finally {
    await store.close();
  }
};

const command = (fields: Record<string, unknown>): string => JSON.stringify(fields);
const registerSalesperson = (commandId: string, salespersonId = 'sp-1') =>
  command({ type: 'RegisterSalesperson', commandId, occurredAt: '2024-01-02T09:00:00Z', salespersonId, name: 'Wang Fang' });
const registerClient = (commandId: string, clientId: string) =>
  command({ type: 'RegisterClient', commandId, occurredAt: '2024-01-03T09:00:00Z', clientId, name: `Client ${clientId}`, ownerId: 'sp-1' });

describe('rapport apply', () => {
  it('applies the sample firm, and a second run finds every command a duplicate', async () => {
    const { url, file } = freshStore();
    const first = await runCli(['apply', SAMPLE, '--store', url, '--format', 'json']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ applied: sampleCommands, duplicates: 0, rejected: [] });
    expect(await allEvents(file)).toHaveLength(sampleCommands);

    const second = await runCli(['apply', SAMPLE, '--store', url, '--format', 'json']);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({ applied: 0, duplicates: sampleCommands, rejected: [] });
    expect(await allEvents(file)).toHaveLength(sampleCommands);
  });

  it('reports every bad line by physical line number and code, and applies the good ones (exit 1)', async () => {
    const { url, file } = freshStore();
    const result = await runCli(['apply', BAD, '--store', url, '--format', 'json']);
    expect(result.code).toBe(1);
    const summary = JSON.parse(result.stdout) as { applied: number; duplicates: number; rejected: { line: number; commandId: string | null; code: string; message: string }[] };
    // Lines 1, 2 and 14 are good; line 11 repeats line 2's commandId (a duplicate, not an error);
    // line 7 is blank.
    expect(summary.applied).toBe(3);
    expect(summary.duplicates).toBe(1);
    expect(summary.rejected.map(({ line, commandId, code }) => ({ line, commandId, code }))).toEqual([
      { line: 3, commandId: null, code: 'InvalidCommand' },
      { line: 4, commandId: 'bad-0004', code: 'InvalidCommand' },
      { line: 5, commandId: 'bad-0005', code: 'InvalidCommand' },
      { line: 6, commandId: 'bad-0006', code: 'InvalidCommand' },
      { line: 8, commandId: 'bad-0007', code: 'NotActive' },
      { line: 9, commandId: 'bad-0008', code: 'ClientNotFound' },
      { line: 10, commandId: 'bad-0009', code: 'SalespersonNotFound' },
      { line: 12, commandId: 'bad-0011', code: 'OutOfOrder' },
      { line: 13, commandId: 'bad-0012', code: 'SameOwner' },
    ]);
    expect(summary.rejected[0]?.message).toMatch(/invalid JSON/);
    expect(summary.rejected[2]?.message).toMatch(/fee/);
    expect(summary.rejected[3]?.message).toMatch(/occurredAt/);
    expect((await allEvents(file)).map((event) => event.metadata.commandId)).toEqual(['bad-0001', 'bad-0002', 'bad-0013']);
  });

  it('ignores a byte-order mark, trailing \\r and blank lines, and counts physical lines', async () => {
    const { url, file } = freshStore();
    const text =
      '\uFEFF' +
      [
        registerSalesperson('c1'), // line 1
        '', // 2
        '  \t ', // 3
        '{"type": not json', // 4
        registerClient('c2', 'C-1'), // 5
        '\r', // 6: only the \r that ends it
      ].join('\r\n') +
      '\r\n' +
      registerClient('c3', 'C-2'); // 7, without a final newline
    const input = path.join(root, 'crlf.jsonl');
    fs.writeFileSync(input, text);
    const result = await runCli(['apply', input, '--store', url, '--format', 'json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ applied: 3, duplicates: 0, rejected: [{ line: 4, commandId: null, code: 'InvalidCommand' }] });
    const events = await allEvents(file);
    expect(events.map((event) => event.data)).toEqual([
      { salespersonId: 'sp-1', name: 'Wang Fang' },
      { clientId: 'C-1', name: 'Client C-1', ownerId: 'sp-1' },
      { clientId: 'C-2', name: 'Client C-2', ownerId: 'sp-1' },
    ]);
  });

  it('reads standard input for -', async () => {
    const { url } = freshStore();
    const stdin = `${registerSalesperson('s1')}\n${registerClient('s2', 'C-9')}\n${registerClient('s2', 'C-9')}\n`;
    const result = await runCli(['apply', '-', '--store', url, '--format', 'json'], { stdin });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ applied: 2, duplicates: 1, rejected: [] });
  });

  it('applies in batches with the same outcome as one command at a time', async () => {
    // 2,500 clients cross the batch boundary twice; every tenth line repeats the one before it.
    const lines = [registerSalesperson('b-sp')];
    for (let i = 1; i <= 2500; i++) lines.push(i % 10 === 0 ? (lines[lines.length - 1] as string) : registerClient(`b-${i}`, `C-${i}`));
    lines.push(registerClient('b-late', 'C-1')); // already registered: a rule, not a duplicate
    const { url } = freshStore();
    const result = await runCli(['apply', '-', '--store', url, '--format', 'json'], { stdin: `${lines.join('\n')}\n` });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      applied: 2251,
      duplicates: 250,
      rejected: [{ line: 2502, commandId: 'b-late', code: 'ClientAlreadyRegistered', message: expect.any(String) as string }],
    });
  });

  it('prints counts and an aligned table of rejections by default', async () => {
    const result = await runCli(['apply', BAD, '--store', 'memory:']);
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual(['applied     3', 'duplicates  1', 'rejected    9']);
    expect(lines[4]).toMatch(/^line {2}commandId {2}code {17}message$/);
    expect(lines[6]).toMatch(/^ {3}3 {2}[ ]{9} {2}InvalidCommand {7}invalid JSON/);
  });

  it('prints rejections as CSV with a header row, and the counts on stderr', async () => {
    const result = await runCli(['apply', BAD, '--store', 'memory:', '--format', 'csv']);
    expect(result.code).toBe(1);
    const rows = result.stdout.split('\r\n');
    expect(rows[0]).toBe('line,commandId,code,message');
    expect(rows[1]).toMatch(/^3,,InvalidCommand,"invalid JSON: /);
    expect(rows[2]).toMatch(/^4,bad-0004,InvalidCommand,"type ""DeleteClient"" is not a command/);
    expect(rows).toHaveLength(11); // header, 9 rejections, and the empty string after the last CRLF
    expect(result.stderr).toBe('applied 3, duplicates 1, rejected 9\n');
  });

  it('accepts options before and after the command', async () => {
    const { url } = freshStore();
    const before = await runCli(['--format', 'json', '--store', url, 'apply', SAMPLE]);
    expect(before.code).toBe(0);
    expect(JSON.parse(before.stdout)).toMatchObject({ applied: sampleCommands });
    const after = await runCli(['apply', SAMPLE, `--store=${url}`, '--format=json']);
    expect(JSON.parse(after.stdout)).toMatchObject({ duplicates: sampleCommands });
  });

  it('honours RAPPORT_STORE, and an explicit --store wins over it', async () => {
    const fromEnv = freshStore();
    const fromOption = freshStore();
    const viaEnv = await runCli(['apply', SAMPLE, '--format', 'json'], { env: { RAPPORT_STORE: fromEnv.url } });
    expect(viaEnv.code).toBe(0);
    expect(await allEvents(fromEnv.file)).toHaveLength(sampleCommands);
    const viaOption = await runCli(['apply', SAMPLE, '--format', 'json', '--store', fromOption.url], { env: { RAPPORT_STORE: fromEnv.url } });
    expect(JSON.parse(viaOption.stdout)).toMatchObject({ applied: sampleCommands });
  });

  it('defaults to sqlite:.rapport/rapport.db in the directory it was started from', async () => {
    const cwd = fs.mkdtempSync(path.join(root, 'cwd-'));
    fs.copyFileSync(SAMPLE, path.join(cwd, 'firm.jsonl'));
    const result = await runCli(['apply', 'firm.jsonl'], { cwd });
    expect(result.code).toBe(0);
    expect(await allEvents(path.join(cwd, '.rapport/rapport.db'))).toHaveLength(sampleCommands);
  });

  describe('usage errors exit 2 with a one-line message and no stack trace', () => {
    const usage = async (args: string[], message: RegExp, env?: Record<string, string>) => {
      const result = await runCli(args, env === undefined ? {} : { env });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    };

    it('a missing file, and no database is created', async () => {
      const { url, file } = freshStore();
      await usage(['apply', path.join(root, 'no-such.jsonl'), '--store', url], /cannot read .*no-such\.jsonl: no such file/);
      expect(fs.existsSync(file)).toBe(false);
    });
    it('a directory instead of a file', () => usage(['apply', root, '--store', 'memory:'], /is a directory/));
    it('no file at all', () => usage(['apply', '--store', 'memory:'], /apply needs FILE\|-/));
    it('two files', () => usage(['apply', SAMPLE, BAD, '--store', 'memory:'], /apply takes FILE\|-/));
    it('an unknown option', () => usage(['apply', SAMPLE, '--dry-run'], /unknown option --dry-run/));
    it('a bad --format', () => usage(['apply', SAMPLE, '--format', 'xml'], /--format must be one of table, json, csv/));
    it('an option without its value', () => usage(['apply', SAMPLE, '--store'], /--store/));
    it('an unknown command', () => usage(['frobnicate'], /unknown command "frobnicate"/));
    it('no command', () => usage([], /no command given/));
    it('an unknown store URL', () => usage(['apply', SAMPLE, '--store', 'mysql://h/db'], /unknown store URL/));
    it('a bad RAPPORT_READ_MODELS', () => usage(['apply', SAMPLE], /RAPPORT_READ_MODELS: unknown read-model URL/, { RAPPORT_READ_MODELS: 'mongo://x' }));
    it('an unknown time zone', () => usage(['apply', SAMPLE, '--tz', 'Mars/Olympus'], /unknown time zone "Mars\/Olympus"/));
  });

  it('a SQLite file in a place that cannot be created is a usage error naming why (exit 2)', async () => {
    const blocker = path.join(root, 'a-file');
    fs.writeFileSync(blocker, 'not a directory');
    const result = await runCli(['apply', SAMPLE, '--store', `sqlite:${blocker}/store/rapport.db`]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`rapport: --store: cannot create sqlite:${blocker}/store/rapport.db: ${blocker} is a file, not a directory\n`);
  });

  describe('a store that cannot be reached exits 3', () => {
    it('a server store that cannot be reached, without leaking its password', async () => {
      const result = await runCli(['apply', SAMPLE, '--store', 'postgres://rapport:secret@127.0.0.1:1/rapport']);
      expect(result.code).toBe(3);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^rapport: store unavailable: PostgreSQL event store postgres:\/\/rapport:\*\*\*@127\.0\.0\.1:1\/rapport: connect ECONNREFUSED/);
      expect(result.stderr).not.toContain('secret');
      expect(result.stderr).not.toMatch(/\n\s+at /);
    });
  });

  it('prints help with exit 0', async () => {
    const general = await runCli(['--help']);
    expect(general.code).toBe(0);
    expect(general.stdout).toMatch(/^Usage: rapport /);
    expect(general.stdout).toMatch(/apply FILE\|-/);
    const apply = await runCli(['apply', '--help']);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toMatch(/^Usage: rapport apply FILE\|-/);
    expect(apply.stdout).toMatch(/csv {4}header line,commandId,code,message/);
  });
});
