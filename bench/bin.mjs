#!/usr/bin/env node
// `pnpm bench …` runs this command rather than a package script: pnpm prints its `> rapport@ bench`
// banner on stdout before any script, which left `pnpm bench --json` with three lines that are not
// JSON ahead of the one object. An unknown pnpm command runs the binary of that name from
// node_modules/.bin instead (pnpm exec), with no banner. The workloads are TypeScript, run through
// tsx as `node --import tsx bench/run.ts` would, with the repository's tsconfig (its paths map
// @rapport/* to the packages' sources) wherever it is started from.
import path from 'node:path';
import process from 'node:process';

process.env.TSX_TSCONFIG_PATH ??= path.resolve(import.meta.dirname, '..', 'tsconfig.json');
await import('tsx');
await import('./run.ts');
