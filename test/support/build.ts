// Vitest global setup: brings every package's dist/ up to date with its sources (tsc -b is
// incremental: a few seconds when nothing changed), so the CLI tests run the compiled `rapport`
// bin a user runs, and the packaging test packs fresh files.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export default function build(): void {
  const repo = path.resolve(import.meta.dirname, '../..');
  execFileSync(process.execPath, [path.join(repo, 'node_modules/typescript/bin/tsc'), '-b', 'tsconfig.build.json'], { cwd: repo, stdio: 'inherit' });
}
