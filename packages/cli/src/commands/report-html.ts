// `rapport report html [--period P] [--as-of T] [--out FILE]`: the management report as one
// self-contained HTML file (issue 11), drawn from the same reports the other commands print.
import { mkdir, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { OptionSpecs } from '../config/options.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { renderJson } from '../output/index.js';
import { REPORT_EXIT_CODES } from '../report/layout.js';
import { readOnlyOpening, withRapport } from '../store/open-rapport.js';
import { defineCommand } from './command.js';

export const DEFAULT_REPORT_FILE = 'rapport-report.html';

export const REPORT_PAGE_OPTIONS = {
  period: { type: 'string', valueName: 'P', description: 'the period of attrition, KPIs and complaints (default the last full quarter before T)' },
  'as-of': { type: 'string', valueName: 'T', description: 'the as-of of lifecycle, win-back and revenue: an instant or a date YYYY-MM-DD (default the day of the last event)' },
} as const satisfies OptionSpecs;

const HTML_OPTIONS = {
  ...REPORT_PAGE_OPTIONS,
  out: { type: 'string', valueName: 'FILE', description: `the file to write (default ${DEFAULT_REPORT_FILE} in the current directory)` },
  title: { type: 'string', valueName: 'TEXT', description: 'the page title (default "Rapport — management report")' },
} as const satisfies OptionSpecs;

/** Writes the page, creating missing folders; a place that cannot be written is the user's to fix (exit 2). */
/**
 * Written under a temporary name beside the file and moved into place when whole: a disk that
 * fills up midway leaves no half page, and an earlier page at that path stays as it was. A symlink
 * is followed to the file it names; a device or a pipe (`--out /dev/stdout`) is written straight.
 */
const writePage = async (file: string, page: string): Promise<void> => {
  const target = await realpath(file).catch(() => file);
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.partial`);
  try {
    if ((await stat(target).catch(() => undefined))?.isFile() === false) return await writeFile(target, page, 'utf8');
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(temporary, page, 'utf8');
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new UsageError(`--out: cannot write ${file} (${code})`);
  }
};

export const reportHtmlCommand = defineCommand({
  name: 'report html',
  usage: '',
  operands: { min: 0, max: 0 },
  summary: 'the management report as one self-contained HTML file with charts, for period P and as of T',
  description: `Writes one HTML file for the firm's partners: headline figures; attrition and acquisitions
month by month over the 12 months ending with T's month (counted up to T); cohort retention as a heat map; each
salesperson's visits, new clients and new business against plan; revenue concentration (the
80/20 curve with key accounts marked); the win-back list's top 10 with actions; complaints by
category and the open backlog by salesperson. Charts are inline SVG with a table behind each;
the file needs no network and opens from disk. It embeds the JSON of every report it draws in
<script type="application/json" id="rapport-data">: attrition, kpis and complaints as
\`rapport report … --period P\` prints them; lifecycle, winback and segments as with --as-of T;
cohorts with no options; plus attritionByMonth, the 12 monthly attrition reports.

Without --as-of, T is the day (in the firm's zone) of the last event in the log; without
--period, P is the last quarter that is over by the end of T's day.

Output
  the written file's absolute path (json: {"path":…}); csv is not offered: use the other reports

${REPORT_EXIT_CODES}`,
  options: HTML_OPTIONS,
  run: async ({ options, globals, io }) => {
    if (globals.format === 'csv') throw new UsageError('--format csv: report html writes an HTML file and prints its path (table) or {"path"} (json); use the other report commands for CSV');
    const file = path.resolve(io.cwd, options.out ?? DEFAULT_REPORT_FILE);
    const { buildReportPage } = await import('../html/build.js');
    const page = await withRapport(globals, ({ rapport }) =>
      buildReportPage(rapport, {
        ...(options.period === undefined ? {} : { period: options.period }),
        ...(options['as-of'] === undefined ? {} : { asOf: options['as-of'] }),
        ...(options.title === undefined ? {} : { title: options.title }),
      }),
      readOnlyOpening(io.stderr),
    );
    await writePage(file, page);
    io.stdout.write(globals.format === 'json' ? renderJson({ path: file }) : `${file}\n`);
    return EXIT.ok;
  },
});
