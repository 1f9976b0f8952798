// W4's own process: `node --import tsx bench/w4/measure.ts FILE LAST_OCCURRED_AT RUNS` prints
// the figures as one JSON array on stdout.
import { measureW4 } from './reports.js';

const [file, lastOccurredAt, runs] = process.argv.slice(2);
if (file === undefined || lastOccurredAt === undefined || runs === undefined) throw new Error('usage: measure.ts FILE LAST_OCCURRED_AT RUNS');
process.stdout.write(`${JSON.stringify(await measureW4(file, lastOccurredAt, Number(runs)))}\n`);
