// After tsc: bundles what the commands run (dist/run.js, the @rapport packages and the
// pure-JavaScript libraries they import) into dist/bundle/, which the bin loads when it is there.
// A cold report loaded some 250 files one by one, and loading them was half of its time (bench W5);
// bundled, the same report loads about fifteen. Code split at dynamic imports, so PostgreSQL,
// Redis, EventStoreDB and the rebuild's progress bar still load only for the commands that use
// them. The drivers stay external: libsql is native, and pg, ioredis and the EventStoreDB client
// are the same packages the stores declare (the CLI declares them too, at the same versions, so
// they resolve from here).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import process from 'node:process';
import { URL, fileURLToPath, pathToFileURL } from 'node:url';

/** Resolved from the bundle at run time, never bundled; each one is in the CLI's dependencies. */
export const EXTERNAL = ['libsql', 'pg', 'ioredis', '@eventstore/db-client'];

/** Bundles dist/run.js into dist/bundle/ (emptied first). */
export const bundle = async () => {
  const dist = fileURLToPath(new URL('../dist/', import.meta.url));
  const outdir = `${dist}bundle`;
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: [`${dist}run.js`],
    outdir,
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    // CommonJS libraries bundled into ESM (cli-progress, for the rebuild's bar) still call
    // require() for Node's own modules, which esbuild's shim refuses without a require in scope:
    // `rapport rebuild` on a terminal died with "Dynamic require of "readline" is not supported".
    banner: { js: "import { createRequire as __rapportRequire } from 'node:module'; const require = __rapportRequire(import.meta.url);" },
    sourcemap: 'linked',
    logLevel: 'warning',
  });
};

// Run as a script by the build; imported by the tests for EXTERNAL.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await bundle();
