// The build, defined once for `pnpm build` and `prepare` (so an install builds), the tests' global
// setup, the packaging test and the bench: every package compiled by tsc, then the CLI's help
// texts (its bin answers --help without loading the library) and its bundle (what the bin runs).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import process from 'node:process';

const root = path.resolve(import.meta.dirname, '..');
const node = (script, ...args) => execFileSync(process.execPath, [path.join(root, script), ...args], { cwd: root, stdio: 'inherit' });

node('node_modules/typescript/bin/tsc', '-b', 'tsconfig.build.json');
node('packages/cli/scripts/write-help.mjs');
node('packages/cli/scripts/bundle.mjs');
