// The packages as a user installs them: every workspace package is packed (workspace: ranges become
// versions), the tarballs are installed into a fresh npm project outside the repository, and plain
// node (no tsx) runs a small firm through the SQLite store; tsc checks a consumer against the
// installed .d.ts; a lean install of core + SQLite brings no server driver.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const REPO = path.resolve(import.meta.dirname, '../..');
const PACKAGES = ['core', 'sqlite', 'postgres', 'redis', 'esdb', 'cli'] as const;

let work: string;
const tarball: Record<string, string> = {};

const npmInstall = async (dir: string, tarballs: readonly string[]): Promise<void> => {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }));
  await run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--ignore-scripts=false', ...tarballs], { cwd: dir, maxBuffer: 1 << 24 });
};

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-consumer-'));
  // The tarballs are built from dist: bring it up to date with the sources first, as the build does.
  await run(process.execPath, [path.join(REPO, 'scripts/build.mjs')], { cwd: REPO });
  const packs = path.join(work, 'tarballs');
  fs.mkdirSync(packs);
  // pnpm's pack, as `pnpm -r pack` runs it: it turns workspace:* ranges into the packages' versions.
  await run('npx', ['--yes', 'pnpm@10.34.8', '-r', '--filter', './packages/*', 'pack', '--pack-destination', packs], { cwd: REPO, maxBuffer: 1 << 24 });
  for (const name of PACKAGES) {
    const file = fs.readdirSync(packs).find((entry) => entry.startsWith(`rapport-${name}-`) && entry.endsWith('.tgz'));
    if (file === undefined) throw new Error(`no tarball for @rapport/${name} in ${packs}`);
    tarball[name] = path.join(packs, file);
  }
}, 240_000);

afterAll(() => {
  if (work !== undefined) fs.rmSync(work, { recursive: true, force: true });
});

describe('the packed packages', () => {
  it('name real versions instead of workspace: ranges, ship dist with .d.ts, and no runtime entry is a .ts file', async () => {
    for (const name of PACKAGES) {
      const { stdout } = await run('tar', ['-xzOf', tarball[name] ?? '', 'package/package.json']);
      const manifest = JSON.parse(stdout) as {
        dependencies?: Record<string, string>;
        peerDependencies?: Record<string, string>;
        exports: Record<string, unknown>;
        private?: boolean;
        license?: string;
      };
      expect(manifest.private).toBeUndefined();
      expect(manifest.license).toBe('MIT');
      for (const range of [...Object.values(manifest.dependencies ?? {}), ...Object.values(manifest.peerDependencies ?? {})]) expect(range).not.toMatch(/^workspace:/);
      // A store plugs into the app's core: a peer, never a copy of its own (see the two-copies test).
      if (name !== 'core' && name !== 'cli') {
        expect(manifest.dependencies?.['@rapport/core'], name).toBeUndefined();
        expect(manifest.peerDependencies?.['@rapport/core'], name).toMatch(/^\^\d+\.\d+\.\d+$/);
      }
      const entries = JSON.stringify(manifest.exports);
      expect(entries).not.toMatch(/(?<!\.d)\.ts"/);
      const { stdout: listing } = await run('tar', ['-tzf', tarball[name] ?? '']);
      expect(listing).toContain('package/dist/index.js');
      expect(listing).toContain('package/dist/index.d.ts');
      expect(listing).not.toMatch(/\.test\.ts/);
    }
  });

  it('a lean install of core and SQLite runs a firm under plain node and brings no server driver', async () => {
    const dir = path.join(work, 'lean');
    await npmInstall(dir, [tarball.core ?? '', tarball.sqlite ?? '']);
    for (const driver of ['pg', 'ioredis', '@eventstore/db-client']) {
      expect(fs.existsSync(path.join(dir, 'node_modules', driver)), `${driver} must not be installed`).toBe(false);
    }
    fs.writeFileSync(
      path.join(dir, 'firm.mjs'),
      `import { createRapport } from '@rapport/core';
import { openSqliteEventStore, openSqliteReadModelStore } from '@rapport/sqlite';
const eventStore = openSqliteEventStore('firm.db');
const rapport = createRapport({ eventStore, readModelStore: openSqliteReadModelStore(eventStore.database), clock: () => new Date('2024-07-01T00:00:00Z') });
const commands = [
  { type: 'RegisterSalesperson', salespersonId: 'sp-1', name: 'Li Wei', occurredAt: '2024-01-02T01:00:00Z' },
  { type: 'RegisterClient', clientId: 'c-1', name: 'Acme', ownerId: 'sp-1', occurredAt: '2024-01-03T01:00:00Z' },
  { type: 'RecordEngagement', clientId: 'c-1', engagementId: 'e-1', fee: 1250000, occurredAt: '2024-01-04T01:00:00Z' },
  { type: 'RegisterClient', clientId: 'c-2', name: 'Bolt', ownerId: 'sp-1', occurredAt: '2024-01-05T01:00:00Z' },
  { type: 'RecordEngagement', clientId: 'c-2', engagementId: 'e-1', fee: 500000, occurredAt: '2024-02-01T01:00:00Z' },
  { type: 'RecordChurn', clientId: 'c-2', reason: 'competitor', occurredAt: '2024-05-01T01:00:00Z' },
];
for (const c of commands) {
  const r = await rapport.execute(c);
  if (r.status !== 'applied') throw new Error(JSON.stringify(r));
}
const attrition = await rapport.attrition({ period: '2024-Q2' });
const lifecycle = await rapport.lifecycle({ asOf: '2024-06-30' });
console.log(JSON.stringify({ attrition: attrition.firm, counts: lifecycle.counts }));
await rapport.close();
eventStore.database.close();
`,
    );
    const { stdout } = await run(process.execPath, ['firm.mjs'], { cwd: dir });
    // CommonJS too: the exports' `default` lets require() load the ESM build (Node ≥ 20.19).
    fs.writeFileSync(
      path.join(dir, 'require.cjs'),
      `const { createRapport, createMemoryEventStore, createMemoryReadModelStore, InvalidReportInput } = require('@rapport/core');
const { openSqliteEventStore } = require('@rapport/sqlite');
const rapport = createRapport({ eventStore: createMemoryEventStore(), readModelStore: createMemoryReadModelStore() });
rapport.lifecycle({ asOf: 'nonsense' }).catch((error) => {
  console.log(JSON.stringify({ sqlite: typeof openSqliteEventStore, typed: error instanceof InvalidReportInput }));
});
`,
    );
    const required = await run(process.execPath, ['require.cjs'], { cwd: dir });
    expect(JSON.parse(required.stdout)).toEqual({ sqlite: 'function', typed: true });
    const out = JSON.parse(stdout) as { attrition: Record<string, unknown>; counts: Record<string, number> };
    // Both clients active on 2024-04-01; c-2 churned in Q2 to a competitor (controllable): 1 lost of 2.
    expect(out.attrition).toMatchObject({ activeAtStart: 2, lost: 1, controllableLost: 1, attritionRate: 0.5, activeAtEnd: 1, churnEvents: 1 });
    expect(out.counts).toEqual({ prospect: 0, contacted: 0, engaged: 1, churned: 1 });
  }, 240_000);

  it('two copies of core in one install (a store package\'s own, nested) still share their classes: history is written, errors are recognised', async () => {
    const dir = path.join(work, 'two-copies');
    await npmInstall(dir, [tarball.core ?? '', tarball.sqlite ?? '']);
    // What npm makes when the app's core and a store's range disagree: the store gets its own copy.
    const nested = path.join(dir, 'node_modules/@rapport/sqlite/node_modules/@rapport/core');
    fs.mkdirSync(path.dirname(nested), { recursive: true });
    fs.cpSync(path.join(dir, 'node_modules/@rapport/core'), nested, { recursive: true });
    fs.mkdirSync(path.join(dir, 'a-directory'));
    fs.writeFileSync(
      path.join(dir, 'copies.mjs'),
      `import { createRapport, StoreUnavailable } from '@rapport/core';
import { openSqliteEventStore, openSqliteReadModelStore } from '@rapport/sqlite';
import { createRequire } from 'node:module';
const own = createRequire(createRequire(import.meta.url).resolve('@rapport/sqlite')).resolve('@rapport/core');
const open = () => {
  const eventStore = openSqliteEventStore('firm.db');
  return { eventStore, rapport: createRapport({ eventStore, readModelStore: openSqliteReadModelStore(eventStore.database), clock: () => new Date('2024-07-01T00:00:00Z') }) };
};
const first = open();
for (const c of [
  { type: 'RegisterSalesperson', salespersonId: 'sp-1', name: 'Li Wei', occurredAt: '2024-01-02T01:00:00Z' },
  { type: 'RegisterClient', clientId: 'c-1', name: 'Acme', ownerId: 'sp-1', occurredAt: '2024-01-03T01:00:00Z' },
  { type: 'RecordEngagement', clientId: 'c-1', engagementId: 'e-1', fee: 1250000, occurredAt: '2024-01-04T01:00:00Z' },
]) await first.rapport.execute(c);
await first.rapport.history('c-1');
await first.rapport.close();
first.eventStore.database.close();
const again = open();
const history = await again.rapport.history('c-1', { catchUp: 'never' });
let recognised = null;
try {
  openSqliteEventStore('a-directory');
} catch (error) {
  recognised = error instanceof StoreUnavailable;
}
console.log(JSON.stringify({ nested: own.includes('sqlite/node_modules'), events: history.events.length, recognised }));
`,
    );
    const { stdout } = await run(process.execPath, ['copies.mjs'], { cwd: dir });
    expect(JSON.parse(stdout)).toEqual({ nested: true, events: 2, recognised: true });
  }, 240_000);

  it('type-checks a consumer against the installed .d.ts, and the rapport bin starts from the CLI package and runs a firm from its bundle', async () => {
    const dir = path.join(work, 'full');
    await npmInstall(dir, PACKAGES.map((name) => tarball[name] ?? ''));
    fs.writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, skipLibCheck: false, types: [] }, files: ['consumer.ts'] }),
    );
    fs.writeFileSync(
      path.join(dir, 'consumer.ts'),
      `import { createRapport, createMemoryEventStore, createMemoryReadModelStore, type CommandResult, type Rapport } from '@rapport/core';
import { openSqliteEventStore } from '@rapport/sqlite';
import { openPostgresEventStore } from '@rapport/postgres';
import { openRedisReadModelStore } from '@rapport/redis';
import { openEsdbEventStore } from '@rapport/esdb';
import { eventStoreContract } from '@rapport/core/testing';
import { sealRequests } from '@rapport/core/store-kit';
const rapport: Rapport = createRapport({ eventStore: createMemoryEventStore(), readModelStore: createMemoryReadModelStore() });
export const result: Promise<CommandResult> = rapport.execute({ type: 'RecordContact', clientId: 'c-1', channel: 'visit' });
// @ts-expect-error a misspelt field is a compile error on the typed entry
export const typo = rapport.execute({ type: 'RecordContact', clientId: 'c-1', chanel: 'visit' });
export const untyped = rapport.executeUntyped(JSON.parse('{}'));
export const openers = [openSqliteEventStore, openPostgresEventStore, openRedisReadModelStore, openEsdbEventStore, eventStoreContract, sealRequests];
`,
    );
    // The repository's TypeScript, and the oldest 5.x a consumer may have: the declarations must not
    // name what only a newer lib has (TS 5.6's MapIterator failed every consumer on 5.0–5.5).
    for (const typescript of ['typescript', 'typescript-oldest']) {
      await run(process.execPath, [path.join(REPO, 'node_modules', typescript, 'bin/tsc'), '-p', 'tsconfig.json'], { cwd: dir });
    }
    const { stdout } = await run(path.join(dir, 'node_modules/.bin/rapport'), ['--help'], { cwd: dir });
    expect(stdout).toContain('Usage: rapport');
    // A command runs from the bundle the package ships, its drivers resolved from the install.
    const { stdout: tar } = await run('tar', ['-tzf', tarball.cli ?? '']);
    expect(tar).toContain('package/dist/bundle/run.js');
    const { stdout: demo } = await run(path.join(dir, 'node_modules/.bin/rapport'), ['demo', '--clients', '5', '--years', '1', '--store', 'sqlite:demo.db', '--format', 'json'], { cwd: dir });
    expect((JSON.parse(demo) as { firm: { clients: number } }).firm.clients).toBe(5);
  }, 300_000);
});
