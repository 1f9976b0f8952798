// `rapport demo`: builds a realistic sample firm in the store through the normal command path and
// prints what management would look at first (SPEC §5).
import path from 'node:path';
import { EXIT, UsageError } from '../exit-codes.js';
import { countOption } from '../report/inputs.js';
import { describeLocation } from '../config/store-url.js';
import { defineCommand } from './command.js';

const positive = (option: string, text: string | undefined, fallback: number, max: number): number => {
  const value = countOption(option, text) ?? fallback;
  if (value < 1 || value > max) throw new UsageError(`${option}: expected an integer from 1 to ${max}, got ${value}`);
  return value;
};

export const demoCommand = defineCommand({
  name: 'demo',
  usage: '',
  operands: { min: 0, max: 0 },
  summary: 'build a realistic sample firm in the store and print its reports',
  description: `Generates a professional-services firm (salespeople with annual and monthly visit plans,
clients from exhibitions, referrals and platforms, engagements of every size, complaints
and resolutions, churns of every reason, win-backs, reassignments when a salesperson
leaves), executes it through the normal command path on a clock that replays when each
fact was entered (some facts are entered weeks late, so --known-at shows a difference),
then prints the lifecycle on the history's last day, attrition and salespeople's figures
for the last full quarter, the top of the win-back list and the complaints, and writes the
HTML management report. The same seed gives the same firm and the same output on every
machine and every day. A store that already holds events is refused unless --reset
(which empties a Rapport sqlite: file or memory:, never another program's file or a server).

Output
  table  the summary above (default)
  json   {"firm":{"clients","years","seed","timeZone","lastDay","commands","lateEntries"},
          "period","lifecycle","attrition","kpis","winback","complaints"}: the reports' JSON
  csv    not offered: use the report commands

Exit codes
  0 success   1 a generated command was rejected (a bug: please report it)
  2 usage error (a non-empty store without --reset included)   3 store cannot be reached`,
  options: {
    clients: { type: 'string', valueName: 'N', description: 'clients registered over the history, 1–100000 (default 400)' },
    years: { type: 'string', valueName: 'Y', description: 'years of history ending 2026-11-13, 1–10 (default 3)' },
    seed: { type: 'string', valueName: 'K', description: 'any whole number; the same seed gives the same firm (default 1)' },
    reset: { type: 'boolean', description: 'empty the store first (a Rapport sqlite: file or memory: only)' },
    html: { type: 'string', valueName: 'FILE', description: 'where to write the HTML report (default rapport-demo.html beside a sqlite: store, else in the current directory)' },
  },
  run: async ({ options, globals, io }) => {
    if (globals.format === 'csv') throw new UsageError('--format csv: the demo prints a summary (table) or its reports (json); use the report commands for CSV');
    const clients = positive('--clients', options.clients, 400, 100_000);
    const years = positive('--years', options.years, 3, 10);
    const seedText = options.seed;
    const seed = seedText === undefined ? 1 : /^-?[0-9]+$/.test(seedText) && Number.isSafeInteger(Number(seedText)) ? Number(seedText) : Number.NaN;
    if (Number.isNaN(seed)) throw new UsageError(`--seed: expected a whole number, got ${JSON.stringify(seedText)}`);

    const { runDemo } = await import('../demo/run.js');
    if (options.reset === true) await (await import('../demo/reset.js')).resetDemoStore(globals.store);
    const htmlFile = options.html ?? (globals.store.kind === 'sqlite' ? path.join(path.dirname(globals.store.path), 'rapport-demo.html') : path.resolve(io.cwd, 'rapport-demo.html'));
    const outcome = await runDemo({ clients, years, seed }, globals, io, htmlFile, options.reset === true);
    if (outcome.kind === 'not-empty') {
      throw new UsageError(`${describeLocation(globals.store)} already holds events; run rapport demo --reset to start over, or pass another --store`);
    }
    io.stdout.write(outcome.output);
    return outcome.kind === 'built' ? EXIT.ok : EXIT.failure;
  },
});
