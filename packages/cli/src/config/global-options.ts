// The options every command takes (SPEC §5), resolved as option > environment > default.
import { UsageError } from '../exit-codes.js';
import { OUTPUT_FORMATS, isOutputFormat, type OutputFormat } from '../output/format.js';
import type { AnyOptionValues, OptionSpecs } from './options.js';
import {
  DEFAULT_STORE,
  defaultReadModels,
  parseReadModelUrl,
  parseStoreUrl,
  type ReadModelLocation,
  type StoreLocation,
} from './store-url.js';
import { parseTimeZone } from './time-zone.js';

export interface GlobalOptions {
  readonly store: StoreLocation;
  readonly readModels: ReadModelLocation;
  readonly format: OutputFormat;
  /**
   * The zone from --tz or RAPPORT_TZ; undefined when neither is given, so the firm's own setting
   * (ConfigureFirm), else UTC, applies (SPEC §4).
   */
  readonly timeZone: string | undefined;
  /** Whether reports and history first catch the read models up (auto) or answer as they stand (never). */
  readonly catchUp?: 'auto' | 'never';
}

export const GLOBAL_OPTIONS = {
  store: {
    type: 'string',
    valueName: 'URL',
    description: `event store: sqlite:PATH, memory:, postgres://…, esdb://… (env RAPPORT_STORE; default ${DEFAULT_STORE})`,
  },
  'read-models': {
    type: 'string',
    valueName: 'URL',
    description: 'read-model store: sqlite:PATH, memory:, redis://… (env RAPPORT_READ_MODELS; default the store file for a sqlite: store, memory: otherwise)',
  },
  format: {
    type: 'string',
    valueName: 'FORMAT',
    description:
      `output format: ${OUTPUT_FORMATS.join(', ')} (default table); csv prefixes ' to text cells starting with = + - @ tab or CR ` +
      '(OWASP: a spreadsheet shows them as text, not formulas; numbers untouched), tables escape control characters, json is exact',
  },
  tz: {
    type: 'string',
    valueName: 'ZONE',
    description: 'the IANA time zone for periods and dates, e.g. Asia/Shanghai (env RAPPORT_TZ; default the firm\'s setting, see rapport firm, else UTC)',
  },
  'catch-up': {
    type: 'string',
    valueName: 'auto|never',
    description:
      'reports and history: auto (default) first bring the read models to the end of the log; never answers from them as they stand, ' +
      'without opening the event store, and says how far they had got (checkpoint, lag)',
  },
  help: { type: 'boolean', short: 'h', description: 'show help and exit' },
  version: { type: 'boolean', short: 'V', description: 'print the version and exit' },
} as const satisfies OptionSpecs;

/** An option's value if given, else the environment variable's if set and non-empty. */
const chosen = (option: unknown, env: string | undefined): { value: string; from: string } | undefined => {
  if (typeof option === 'string') return { value: option, from: 'option' };
  if (env !== undefined && env !== '') return { value: env, from: 'env' };
  return undefined;
};

export const resolveGlobalOptions = (
  values: AnyOptionValues,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): GlobalOptions => {
  const storeText = chosen(values.store, env.RAPPORT_STORE);
  const store = parseStoreUrl(storeText?.value ?? DEFAULT_STORE, cwd, storeText?.from === 'env' ? 'RAPPORT_STORE' : '--store');

  const readModelText = chosen(values['read-models'], env.RAPPORT_READ_MODELS);
  const readModels =
    readModelText === undefined
      ? defaultReadModels(store)
      : parseReadModelUrl(readModelText.value, cwd, readModelText.from === 'env' ? 'RAPPORT_READ_MODELS' : '--read-models');

  const format = typeof values.format === 'string' ? values.format : 'table';
  if (!isOutputFormat(format)) {
    throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}, got ${JSON.stringify(format)}`);
  }

  const tzText = chosen(values.tz, env.RAPPORT_TZ);
  const timeZone = tzText === undefined ? undefined : parseTimeZone(tzText.value, tzText.from === 'env' ? 'RAPPORT_TZ' : '--tz');

  const catchUp = catchUpOf(values['catch-up'] ?? 'auto');

  return { store, readModels, format, timeZone, catchUp };
};

/** A --catch-up value (from the command line, or a dashboard request's `catch-up`). */
export const catchUpOf = (text: unknown): 'auto' | 'never' => {
  if (text !== 'auto' && text !== 'never') throw new UsageError(`--catch-up must be auto or never, got ${JSON.stringify(text)}`);
  return text;
};
