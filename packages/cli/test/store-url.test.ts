import os from 'node:os';
import path from 'node:path';
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
    // No shell expands ~ inside --store=sqlite:~/…: Rapport does, rather than make a folder named ~.
    ['sqlite:~/firm.db', { kind: 'sqlite', path: path.join(os.homedir(), 'firm.db') }],
    ['sqlite://~/data/firm.db', { kind: 'sqlite', path: path.join(os.homedir(), 'data/firm.db') }],
    ['sqlite:~other/firm.db', { kind: 'sqlite', path: '/home/firm/~other/firm.db' }],
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
    ['sqlite:x.db ', /"sqlite:x\.db " starts or ends with white space; remove it/],
    [' memory:', /starts or ends with white space/],
    ['postgres://u:secret@h/db\n', /^--store: "postgres:\/\/u:\*\*\*@h\/db\\n" starts or ends/],
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

// Issue 8.4: a driver reads these as something else (database 0, a database named after the
// user) or fails with a stack trace; each is a usage error naming the rule.
describe('server URLs are checked before a driver sees them', () => {
  it.each([
    ['postgres://h:0/db', /port must be a whole number from 1 to 65535, not "0"/],
    ['postgres://h:65536/db', /port must be a whole number from 1 to 65535, not "65536"/],
    ['postgres://u:secret@h:54x2/db', /port must be a whole number from 1 to 65535, not "54x2"/],
    ['postgres://h:5432', /needs a database name/],
    ['postgres://h:5432/', /needs a database name/],
    ['postgresql://h/db/extra', /database name alone, not "db\/extra"/],
    ['esdb://127.0.0.1:0?tls=false', /port must be .* not "0"/],
    ['esdb://127.0.0.1:99999?tls=false', /not "99999"/],
    ['esdb://a:2113,b:70000?tls=false', /not "70000"/],
    ['esdb://a:2113,,b:2113', /needs a host/],
    ['esdb://127.0.0.1:2113/streams?tls=false', /has no path/],
  ])('store %s', (text, message) => {
    expect(() => parseStoreUrl(text, cwd)).toThrow(UsageError);
    expect(() => parseStoreUrl(text, cwd)).toThrow(message);
  });

  it.each([
    ['redis://127.0.0.1:6379/abc', /database number, a whole number .* not "abc"/],
    ['redis://127.0.0.1:6379/-1', /not "-1"/],
    ['redis://127.0.0.1:6379/0/1', /not "0\/1"/],
    ['redis://127.0.0.1:6379/1.5', /not "1.5"/],
    ['redis://127.0.0.1:6379?db=3', /not as \?db=/],
    ['redis://127.0.0.1:0/0', /port must be .* not "0"/],
    ['redis://127.0.0.1:65536', /not "65536"/],
    ['rediss://127.0.0.1:port/0', /not "port"/],
  ])('read models %s', (text, message) => {
    expect(() => parseReadModelUrl(text, cwd)).toThrow(UsageError);
    expect(() => parseReadModelUrl(text, cwd)).toThrow(message);
  });

  it('accepts what the drivers read as meant, and never echoes a password', () => {
    expect(parseReadModelUrl('redis://127.0.0.1:6379/15', cwd)).toEqual({ kind: 'redis', url: 'redis://127.0.0.1:6379/15' });
    expect(parseReadModelUrl('redis://127.0.0.1:6379/', cwd)).toEqual({ kind: 'redis', url: 'redis://127.0.0.1:6379/' });
    expect(parseReadModelUrl('redis://[::1]:6379/2', cwd)).toEqual({ kind: 'redis', url: 'redis://[::1]:6379/2' });
    expect(parseStoreUrl('esdb://a:2113,b:2113,c:2113?tls=false', cwd)).toEqual({ kind: 'esdb', url: 'esdb://a:2113,b:2113,c:2113?tls=false' });
    expect(parseStoreUrl('postgres://u:pw@[::1]:5432/rapport?sslmode=disable', cwd)).toEqual({
      kind: 'postgres',
      url: 'postgres://u:pw@[::1]:5432/rapport?sslmode=disable',
    });
    expect(() => parseStoreUrl('postgres://u:secret@h:99999/db', cwd)).toThrow(/postgres:\/\/u:\*\*\*@h:99999\/db/);
    expect(() => parseStoreUrl('postgres://u:secret@h:99999/db', cwd)).not.toThrow(/secret/);
  });
});

describe('a namespace per firm on a shared server', () => {
  it('takes ?schema=, ?namespace= and ?prefix= out of the URL the driver sees, and names them in messages', async () => {
    const { describeLocation, parseReadModelUrl, parseStoreUrl } = await import('../src/config/store-url.js');
    const pg = parseStoreUrl('postgres://u:secret@db:5432/rapport?schema=firm_a&sslmode=disable', '/');
    expect(pg).toEqual({ kind: 'postgres', url: 'postgres://u:secret@db:5432/rapport?sslmode=disable', schema: 'firm_a' });
    expect(describeLocation(pg)).not.toContain('secret');
    expect(describeLocation(pg)).toContain('schema=firm_a');
    expect(parseStoreUrl('esdb://es:2113?tls=false&namespace=firm-a.', '/')).toEqual({ kind: 'esdb', url: 'esdb://es:2113?tls=false', namespace: 'firm-a.' });
    expect(parseReadModelUrl('redis://r:6379/2?prefix=firm-a:', '/')).toEqual({ kind: 'redis', url: 'redis://r:6379/2', prefix: 'firm-a:' });
    expect(parseReadModelUrl('redis-cluster://a:7000,b:7001?prefix=env-test:', '/')).toEqual({ kind: 'redis', url: 'redis-cluster://a:7000,b:7001', prefix: 'env-test:' });
    expect(parseStoreUrl('postgres://db:5432/rapport', '/')).toEqual({ kind: 'postgres', url: 'postgres://db:5432/rapport' });
  });

  it('refuses a namespace the store could not use, naming the parameter', async () => {
    const { parseReadModelUrl, parseStoreUrl } = await import('../src/config/store-url.js');
    expect(() => parseStoreUrl('postgres://db:5432/rapport?schema=1st', '/')).toThrow(/\?schema=/);
    expect(() => parseStoreUrl('postgres://db:5432/rapport?schema=a;drop', '/')).toThrow(/\?schema=/);
    expect(() => parseStoreUrl('esdb://es:2113?namespace=$all', '/')).toThrow(/\?namespace=/);
    expect(() => parseReadModelUrl('redis://r:6379/0?prefix={x}', '/')).toThrow(/\?prefix=/);
  });

  it('refuses an esdb:// option the driver would ignore (a mistyped namespace), and takes its own in any case', async () => {
    const { parseStoreUrl } = await import('../src/config/store-url.js');
    expect(() => parseStoreUrl('esdb://es:2113?tls=false&namspace=firm-a.', '/')).toThrow('--store: "namspace" is no option of an esdb:// URL: Rapport\'s is namespace, the driver\'s are userCertFile');
    expect(parseStoreUrl('esdb://es:2113?TLS=false&keep-alive-interval=5000&throw_on_append_failure=true&namespace=firm-a.', '/')).toEqual({
      kind: 'esdb',
      url: 'esdb://es:2113?TLS=false&keep-alive-interval=5000&throw_on_append_failure=true',
      namespace: 'firm-a.',
    });
  });
});
