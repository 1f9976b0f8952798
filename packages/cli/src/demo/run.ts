// The imperative shell of `rapport demo`: generate the firm, refuse a store that already holds
// events, replay the firm through the command path on its own clock, then read the reports.
import { DAY_MS, lastFullQuarter, type Rapport } from '@rapport/core';
import type { GlobalOptions } from '../config/global-options.js';
import type { CliIo } from '../io.js';
import { withRapport } from '../store/open-rapport.js';
import { againOptions } from './again.js';
import { applyDemoFirm, demoClock } from './apply.js';
import { generateDemoFirm } from './generate.js';
import { renderDemoSummary, type DemoReports } from './summary.js';
import type { DemoOptions } from './types.js';

export type DemoOutcome =
  | { readonly kind: 'built'; readonly output: string }
  | { readonly kind: 'rejected'; readonly output: string }
  | { readonly kind: 'not-empty'; readonly events: number };


export const runDemo = async (
  options: DemoOptions,
  globals: GlobalOptions,
  io: CliIo,
  htmlFile: string | null,
  /** --reset: read models the demo's earlier store left are its own, and are rebuilt. */
  reset = false,
): Promise<DemoOutcome> => {
  const firm = generateDemoFirm(options);
  const first = firm.entries[0];
  const clock = demoClock(first?.recordedAt ?? '2026-11-13T00:00:00.000Z');
  return withRapport(
    globals,
    async ({ rapport, eventStore }) => {
      for await (const batch of eventStore.readAll({ batchSize: 1 })) {
        if (batch.length > 0) return { kind: 'not-empty', events: batch.length };
      }
      // Read models another store left are refused before a command is applied, not after the
      // firm is in (status compares their origin with this store; --reset rebuilds them instead).
      if (!reset) await rapport.status();
      const progress = 'isTTY' in io.stderr && io.stderr.isTTY === true ? (done: number) => io.stderr.write(`\rrapport demo: ${done}/${firm.entries.length} commands`) : undefined;
      const { applied, problems } = await applyDemoFirm(rapport, clock, firm.entries, progress);
      if (progress !== undefined) io.stderr.write('\r\u001b[2K');
      if (problems.length > 0) {
        const lines = problems.slice(0, 10).map(({ entry, result }) => `${String(entry.command['commandId'])}: ${JSON.stringify(result)}`);
        return { kind: 'rejected', output: `rapport demo: ${problems.length} generated commands were not applied:\n${lines.join('\n')}\n` };
      }

      const asOf = firm.lastDay;
      const period = lastFullQuarter(asOf);
      const zone = await rapport.timeZone();
      const quarterEnd = await rapport.attrition({ period }).then((r) => r.period.end);
      // The figures as the firm knew them the moment the quarter closed: late entries not yet in.
      const knownAtEnd = new Date(Date.parse(quarterEnd) - 1).toISOString();
      const reports: DemoReports = {
        ...options,
        zone,
        lastDay: asOf,
        period,
        commands: applied,
        lateEntries: firm.entries.filter((e) => Date.parse(e.recordedAt) - Date.parse(String(e.command['occurredAt'])) > DAY_MS).length,
        lifecycle: await rapport.lifecycle({ asOf }),
        attrition: await rapport.attrition({ period }),
        kpis: await rapport.kpis({ period }),
        kpisKnownAtEnd: await rapport.kpis({ period, knownAt: knownAtEnd }),
        winback: await rapport.winback({ asOf }),
        complaints: await rapport.complaints({ period }),
        again: againOptions(globals, io.cwd, io.env),
      };
      const htmlPath = htmlFile === null ? null : await writeHtml(rapport, htmlFile, { period, asOf }, io.cwd);
      if (globals.format === 'json') {
        const { lifecycle, attrition, kpis, winback, complaints } = reports;
        const json = {
          firm: { clients: options.clients, years: options.years, seed: options.seed, timeZone: zone, lastDay: asOf, commands: applied, lateEntries: reports.lateEntries },
          period, lifecycle, attrition, kpis, winback, complaints,
        };
        return { kind: 'built', output: `${JSON.stringify(json, null, 2)}\n` };
      }
      return { kind: 'built', output: renderDemoSummary(reports, htmlPath) };
    },
    { clock: clock.now, foreignReadModels: reset ? 'rebuild' : 'refuse' },
  );
};

/** Writes the management report; returns its path as the user would type it from where they are. */
const writeHtml = async (
  rapport: Rapport,
  file: string,
  request: { readonly period: string; readonly asOf: string },
  cwd: string,
): Promise<string> => {
  const [{ buildReportPage }, fs, path] = await Promise.all([import('../html/build.js'), import('node:fs/promises'), import('node:path')]);
  const html = await buildReportPage(rapport, { ...request, title: 'Rapport demo firm' });
  await fs.writeFile(file, html);
  const relative = path.relative(cwd, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
};
