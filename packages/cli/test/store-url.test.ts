import { describe, expect, it } from 'vitest';
import { defaultReadModels, describeLocation, parseReadModelUrl, parseStoreUrl, redactUrl } from '../src/config/store-url.js';
import { UsageError } from '../src/exit-codes.js';

const cwd = '/home/firm';

describe('parseStoreUrl', () => {
  it.each([
    ['sqlite:.rapport/rapport.db', { kind: 'sqlite', path: '/home/firm/.rapport/rapport.db' }],
    ['sqlite:/var/lib/rapport.db', { kind: 'sqlite', path: '/var/lib/rapport.db' }],
    ['sqlite:../shared.db', { kind: 'sqlite', path: '/home/shared.db' }],
    ['sqlite:///var/lib/rapport.db', { kind: 'sqlite', path: '/var/lib/rapport.db' }],
    ['sqlite://data/r.db', { kind: 'sqlite', path: '/home/firm/data/r.db' }],
    ['memory:', { kind: 'memory' }],
    ['postgres://rapport:pw@127.0.0.1:5432/rapport', { kind: 'postgres', url: 'postgres://rapport:pw@127.0.0.1:5432/rapport' }],
    ['postgresql://localhost/rapport', { kind: 'postgres', url: 'postgresql://localhost/rapport' }],
    ['esdb://127.0.0.1:2113?tls=false', { kind: 'esdb', url: 'esdb://127.0.0.1:2113?tls=false' }],
    ['esdb+discover://cluster.example:2113', { kind: 'esdb', url: 'esdb+discover://cluster.example:2113' }],
  ])('%s', (text, location) => {
    expect(parseStoreUrl(text, cwd)).toEqual(location);
  });

  it.each([
    ['', /unknown store URL/],
    ['sqlite:', /sqlite: needs a file path/],
    ['memory:extra', /unknown store URL/],
    ['redis://127.0.0.1', /unknown store URL/],
    ['mysql://h/db', /unknown store URL/],
    ['postgres://', /not a valid URL|needs a host/],
    ['esdb:///nohost', /needs a host/],
    ['.rapport/rapport.db', /unknown store URL/],
  ])('refuses %j as a usage error', (text, message) => {
    expect(() => parseStoreUrl(text, cwd)).toThrow(UsageError);
    expect(() => parseStoreUrl(text, cwd)).toThrow(message);
  });

  it('names the option or variable the text came from, and never echoes a password', () => {
    expect(() => parseStoreUrl('nope', cwd, 'RAPPORT_STORE')).toThrow(/^RAPPORT_STORE: /);
    expect(() => parseStoreUrl('postgres://u:secret@/db', cwd)).toThrow(/needs a host: postgres:\/\/u:\*\*\*@\/db|not a valid URL/);
    try {
      parseStoreUrl('postgres://u:secret@/db', cwd);
    } catch (error) {
      expect(String(error)).not.toContain('secret');
    }
  });
});

describe('parseReadModelUrl', () => {
  it.each([
    ['sqlite:rm.db', { kind: 'sqlite', path: '/home/firm/rm.db' }],
    ['memory:', { kind: 'memory' }],
    ['redis://127.0.0.1:6379/0', { kind: 'redis', url: 'redis://127.0.0.1:6379/0' }],
    ['rediss://cache.example:6380', { kind: 'redis', url: 'rediss://cache.example:6380' }],
  ])('%s', (text, location) => {
    expect(parseReadModelUrl(text, cwd)).toEqual(location);
  });

  it.each(['postgres://h/db', 'esdb://h:2113', 'mongo://h', 'sqlite:'])('refuses %s', (text) => {
    expect(() => parseReadModelUrl(text, cwd)).toThrow(UsageError);
  });
});

describe('defaultReadModels', () => {
  it('is the store file for a sqlite store and memory for the others', () => {
    expect(defaultReadModels({ kind: 'sqlite', path: '/d/r.db' })).toEqual({ kind: 'sqlite', path: '/d/r.db' });
    expect(defaultReadModels({ kind: 'memory' })).toEqual({ kind: 'memory' });
    expect(defaultReadModels({ kind: 'postgres', url: 'postgres://h/db' })).toEqual({ kind: 'memory' });
    expect(defaultReadModels({ kind: 'esdb', url: 'esdb://h' })).toEqual({ kind: 'memory' });
  });
});

describe('describeLocation and redactUrl', () => {
  it('hides passwords', () => {
    expect(redactUrl('postgres://rapport:s3cret@db:5432/x')).toBe('postgres://rapport:***@db:5432/x');
    expect(redactUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(describeLocation({ kind: 'redis', url: 'redis://:pw@h:6379' })).toBe('redis://:***@h:6379');
    expect(describeLocation({ kind: 'sqlite', path: '/d/r.db' })).toBe('sqlite:/d/r.db');
  });
});
