// The built `rapport` runs its commands from the bundle the build writes (packages/cli/scripts/
// bundle.mjs), not from the tree of compiled modules: a resolve hook records every file the process
// loads. The drivers the bundle leaves out resolve from the CLI package itself, which must declare
// them at the versions the stores pin.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIN, REPO_ROOT } from './support/run-cli.js';

const run = promisify(execFile);
const CLI_DIST = path.join(REPO_ROOT, 'packages/cli/dist');

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-bundle-'));
  // Hooks run on their own thread: each resolved URL goes straight to a file.
  fs.writeFileSync(
    path.join(dir, 'hooks.mjs'),
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(process.env.LOADED_LIST, resolved.url + '\\n');
  return resolved;
}
`,
  );
  fs.writeFileSync(path.join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(path.join(dir, 'hooks.mjs')).href)});\n`);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The files (not node: builtins) a run of the bin loaded, as paths. */
const loadedBy = async (args: readonly string[]): Promise<{ files: string[]; stdout: string }> => {
  const list = path.join(dir, `loaded-${args[0]}.txt`);
  const { stdout } = await run(process.execPath, ['--import', pathToFileURL(path.join(dir, 'register.mjs')).href, MAIN, ...args], {
    cwd: dir,
    env: { ...process.env, LOADED_LIST: list },
  });
  const urls = fs.readFileSync(list, 'utf8').trim().split('\n');
  return { files: [...new Set(urls.filter((u) => u.startsWith('file:')).map((u) => new URL(u).pathname))], stdout };
};

describe('the rapport bin', () => {
  it('runs a report from the bundle: no module of the @rapport packages is loaded one by one', async () => {
    const store = `sqlite:${path.join(dir, 'firm.db')}`;
    await run(process.execPath, [MAIN, 'demo', '--clients', '5', '--years', '1', '--store', store, '--format', 'json'], { cwd: dir });
    const { files, stdout } = await loadedBy(['report', 'lifecycle', '--store', store, '--format', 'json']);
    expect(JSON.parse(stdout)).toHaveProperty('counts');
    const ours = files.filter((f) => f.includes('/packages/') && !f.endsWith('/register.mjs'));
    // main.js and its four small imports (the --help path), then the bundle's entry and chunks.
    const outside = ours.filter((f) => !f.startsWith(path.join(CLI_DIST, 'bundle') + path.sep));
    expect(outside.map((f) => path.relative(CLI_DIST, f)).sort()).toEqual(['exit-codes.js', 'help-key.js', 'io.js', 'main.js', 'output/standard-output.js']);
    expect(ours).toContain(path.join(CLI_DIST, 'bundle', 'run.js'));
    // Before the bundle the same report loaded some 250 files.
    expect(files.length).toBeLessThan(60);
  });

  it("the bundle's own --version (what answers when the build wrote no help texts) reads the CLI's package.json", async () => {
    // From dist/bundle/, one folder deeper than the modules: a relative ../package.json would miss.
    const script = path.join(dir, 'version.mjs');
    fs.writeFileSync(
      script,
      `import { run } from ${JSON.stringify(pathToFileURL(path.join(CLI_DIST, 'bundle/run.js')).href)};
import { processIo } from ${JSON.stringify(pathToFileURL(path.join(CLI_DIST, 'io.js')).href)};
process.exitCode = await run(['--version'], processIo());
`,
    );
    const { stdout } = await run(process.execPath, [script], { cwd: dir });
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'packages/cli/package.json'), 'utf8')) as { version: string };
    expect(stdout).toBe(`rapport ${manifest.version}\n`);
  });
});

describe('the bundle', () => {
  it('leaves out exactly the drivers, and the CLI declares each at the version its store pins', async () => {
    const { EXTERNAL } = (await import(pathToFileURL(path.join(REPO_ROOT, 'packages/cli/scripts/bundle.mjs')).href)) as { EXTERNAL: string[] };
    const manifest = (name: string) =>
      JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'packages', name, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const cli = manifest('cli').dependencies;
    const stores = ['sqlite', 'postgres', 'redis', 'esdb'].map((name) => manifest(name).dependencies);
    expect([...EXTERNAL].sort()).toEqual(['@eventstore/db-client', 'ioredis', 'libsql', 'pg']);
    for (const driver of EXTERNAL) {
      const pinned = stores.map((deps) => deps[driver]).filter((v) => v !== undefined);
      expect(pinned, driver).toHaveLength(1);
      expect(cli[driver], driver).toBe(pinned[0]);
    }
  });
});
