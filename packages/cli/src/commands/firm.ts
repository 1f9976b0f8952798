// `rapport firm`: the firm's settings (SPEC §2 ConfigureFirm, §5), kept in the log so that every
// report and every user agrees on the time zone and the key-account threshold.
import type { FirmSettings } from '@rapport/core';
import { parseTimeZone } from '../config/time-zone.js';
import { EXIT } from '../exit-codes.js';
import { renderJson, renderPairs } from '../output/index.js';
import { formatMoney } from '../output/readable.js';
import { countOption } from '../report/inputs.js';
import { readOnlyOpening, withRapport } from '../store/open-rapport.js';
import { defineCommand } from './command.js';

const render = (format: string, settings: FirmSettings): string => {
  if (format === 'json') return renderJson({ timeZone: settings.timeZone, keyAccountThreshold: settings.keyAccountThreshold });
  if (format === 'csv') return `timeZone,keyAccountThreshold\r\n${settings.timeZone ?? ''},${settings.keyAccountThreshold ?? ''}\r\n`;
  return renderPairs([
    ['timeZone', settings.timeZone ?? 'not set (reports use UTC)'],
    ['keyAccountThreshold', settings.keyAccountThreshold === null ? 'not set (reports use 200,000.00)' : formatMoney(settings.keyAccountThreshold)],
  ]);
};

export const firmCommand = defineCommand({
  name: 'firm',
  usage: '',
  operands: { min: 0, max: 0 },
  summary: "show the firm's settings, or set its time zone and key-account threshold",
  description: `Without options, prints the firm's settings as the log has them. With --tz or
--key-account-threshold, executes ConfigureFirm (occurredAt now): each given setting
replaces the earlier value, the other keeps its value. Every report then reads periods,
dates and months in the firm's zone and uses its threshold, unless --tz, RAPPORT_TZ or
--key-account-threshold say otherwise for one run.

Output
  json   {"timeZone","keyAccountThreshold"}, null where never set
  table  the two settings (money as 200,000.00)
  csv    header timeZone,keyAccountThreshold and one row

Exit codes
  0 success   1 the command was rejected (e.g. OutOfOrder)
  2 usage error (an unknown zone, a bad threshold)   3 store cannot be reached`,
  options: {
    tz: { type: 'string', valueName: 'ZONE', description: "set the firm's IANA time zone, e.g. Asia/Shanghai (here --tz configures; RAPPORT_TZ does not)" },
    'key-account-threshold': { type: 'string', valueName: 'N', description: 'set the key-account threshold in minor units (20000000 is 200,000.00)' },
  },
  run: async ({ options, globals, io }) => {
    const timeZone = options.tz === undefined ? undefined : parseTimeZone(options.tz, '--tz');
    const keyAccountThreshold = countOption('--key-account-threshold', options['key-account-threshold']);
    // The command's own --tz sets the zone; it must not also change how this run reads dates.
    const opened = { ...globals, timeZone: undefined };
    // The settings to record: at least one of the two (ConfigureFirm's rule), or none to show them.
    const command =
      timeZone !== undefined
        ? { type: 'ConfigureFirm' as const, timeZone, ...(keyAccountThreshold === undefined ? {} : { keyAccountThreshold }) }
        : keyAccountThreshold !== undefined
          ? { type: 'ConfigureFirm' as const, keyAccountThreshold }
          : undefined;
    if (command === undefined) {
      const settings = await withRapport(opened, ({ rapport }) => rapport.firmSettings(), readOnlyOpening(io.stderr));
      io.stdout.write(render(globals.format, settings));
      return EXIT.ok;
    }
    return withRapport(opened, async ({ rapport }) => {
      const result = await rapport.execute(command);
      if (result.status === 'rejected') {
        io.stderr.write(`rapport: ${result.error.code}: ${result.error.message}\n`);
        return EXIT.failure;
      }
      io.stdout.write(render(globals.format, await rapport.firmSettings()));
      return EXIT.ok;
    });
  },
});
