import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GLOBAL_OPTIONS, resolveGlobalOptions } from '../src/config/global-options.js';
import { optionSynopsis } from '../src/config/options.js';
import { parseTimeZone } from '../src/config/time-zone.js';
import { UsageError } from '../src/exit-codes.js';
import { startingDirectory } from '../src/io.js';

const cwd = '/work/firm';

describe('resolveGlobalOptions', () => {
  it('defaults to the SQLite file under .rapport in the working directory, its read models in the same file, table, and no zone (the firm\'s own)', () => {
    expect(resolveGlobalOptions({}, {}, cwd)).toEqual({
      store: { kind: 'sqlite', path: '/work/firm/.rapport/rapport.db' },
      readModels: { kind: 'sqlite', path: '/work/firm/.rapport/rapport.db' },
      format: 'table',
      timeZone: undefined,
      catchUp: 'auto',
    });
  });

  it('takes the environment when an option is not given, and an option over the environment', () => {
    const env = { RAPPORT_STORE: 'memory:', RAPPORT_READ_MODELS: 'redis://127.0.0.1:6379', RAPPORT_TZ: 'Asia/Shanghai' };
    expect(resolveGlobalOptions({}, env, cwd)).toEqual({
      store: { kind: 'memory' },
      readModels: { kind: 'redis', url: 'redis://127.0.0.1:6379' },
      format: 'table',
      timeZone: 'Asia/Shanghai',
      catchUp: 'auto',
    });
    expect(resolveGlobalOptions({ store: 'sqlite:x.db', 'read-models': 'memory:', tz: 'Europe/Berlin', format: 'csv', 'catch-up': 'never' }, env, cwd)).toEqual({
      store: { kind: 'sqlite', path: '/work/firm/x.db' },
      readModels: { kind: 'memory' },
      format: 'csv',
      timeZone: 'Europe/Berlin',
      catchUp: 'never',
    });
  });

  it('treats an empty environment variable as unset', () => {
    expect(resolveGlobalOptions({}, { RAPPORT_STORE: '', RAPPORT_TZ: '' }, cwd).store).toEqual({ kind: 'sqlite', path: '/work/firm/.rapport/rapport.db' });
  });

  it('defaults the read models to memory for a store that is not sqlite', () => {
    expect(resolveGlobalOptions({ store: 'postgres://127.0.0.1/rapport' }, {}, cwd).readModels).toEqual({ kind: 'memory' });
  });

  it('refuses a format, zone or URL it does not know, naming where it came from', () => {
    expect(() => resolveGlobalOptions({ format: 'xml' }, {}, cwd)).toThrow(/--format must be one of table, json, csv, got "xml"/);
    expect(() => resolveGlobalOptions({}, { RAPPORT_TZ: 'Nowhere/City' }, cwd)).toThrow(/^RAPPORT_TZ: unknown time zone/);
    expect(() => resolveGlobalOptions({}, { RAPPORT_STORE: 'ftp://x' }, cwd)).toThrow(/^RAPPORT_STORE: /);
    expect(() => resolveGlobalOptions({ 'read-models': 'esdb://h' }, {}, cwd)).toThrow(/^--read-models: /);
  });
});

describe('parseTimeZone', () => {
  it.each(['UTC', 'Asia/Shanghai', 'America/Argentina/Buenos_Aires', 'Etc/GMT+8'])('accepts %s', (zone) => {
    expect(parseTimeZone(zone)).toBe(zone);
  });
  it.each(['', 'Mars/Olympus', '+08:00', 'Asia/', 'Asia Shanghai', 'asia/shanghai'])('refuses %j', (zone) => {
    expect(() => parseTimeZone(zone)).toThrow(UsageError);
  });
});

describe('startingDirectory', () => {
  it('is where the user stood when the rapport script runs, and the process directory otherwise', () => {
    expect(startingDirectory({ npm_lifecycle_event: 'rapport', INIT_CWD: '/home/u/firm' }, '/repo')).toBe('/home/u/firm');
    expect(startingDirectory({ npm_lifecycle_event: 'test', INIT_CWD: '/home/u/firm' }, '/tmp/x')).toBe('/tmp/x');
    expect(startingDirectory({ npm_lifecycle_event: 'rapport', INIT_CWD: '' }, '/repo')).toBe('/repo');
    expect(startingDirectory({}, '/repo')).toBe('/repo');
  });
});

describe("README's global-options table", () => {
  it('has a row for every global option --help shows, with its short form and value', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const table = readme.slice(readme.indexOf('| Global option |'));
    const rows = table.slice(0, table.indexOf('\n\n')).split('\n').map((row) => row.split(' | ')[0]?.replace(/^\| /, '').replace(/\\\|/g, '|'));
    for (const [name, spec] of Object.entries(GLOBAL_OPTIONS)) {
      // `-V, --version` in help is `` `-V`, `--version` `` in the README.
      const synopsis = optionSynopsis(name, spec).split(', ').map((form) => `\`${form}\``).join(', ');
      expect(rows, `--${name}`).toContain(synopsis);
    }
  });
});
