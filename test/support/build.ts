// Vitest global setup: runs the build (scripts/build.mjs; tsc -b is incremental, a few seconds when
// nothing changed), so the CLI tests run the compiled, bundled `rapport` bin a user runs, and the
// packaging test packs fresh files. A failed build does not stop unit tests from running: it is reported here, and CI's
// install (which builds through `prepare`) and typecheck fail on it anyway.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export default function build(): void {
  const repo = path.resolve(import.meta.dirname, '../..');
  try {
    execFileSync(process.execPath, [path.join(repo, 'scripts/build.mjs')], { cwd: repo, stdio: 'pipe' });
  } catch (error) {
    const output = error instanceof Error && 'stdout' in error ? String(error.stdout) : String(error);
    process.stderr.write(`\n[rapport tests] the build failed, so CLI tests run the last dist/ built:\n${output.slice(0, 4000)}\n`);
  }
}
