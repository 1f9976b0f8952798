// How a report prints in each format. json: the report object exactly (SPEC §5). csv: only a header
// row and one row per list item, nested objects flattened into dotted columns
// (churnedByReason.dissatisfied), values unrounded. table: a few header lines (as-of, period,
// totals), a blank line, then an aligned table, fractions rounded to 4 decimals for reading.
import { renderCsv, renderJson, renderPairs, renderTable, type Column, type OutputFormat, type RowSet } from '../output/index.js';
import { formatInstant, readableValue } from '../output/readable.js';

/** A row of named cells, as flattened reports and transposed tables build them. */
export type Cells = Readonly<Record<string, unknown>>;

/** Nested plain objects become dotted keys (`{a:{b:1}}` → `{'a.b':1}`); arrays and null stay values. */
export const flatten = (value: object, prefix = ''): Record<string, unknown> => {
  const flat: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    const name = `${prefix}${key}`;
    if (typeof member === 'object' && member !== null && !Array.isArray(member)) Object.assign(flat, flatten(member, `${name}.`));
    else flat[name] = member;
  }
  return flat;
};

/** Columns for keys, in order: CSV headers are the keys themselves, so scripts can rely on them. */
export const columnsOf = (keys: readonly string[]): Column<Cells>[] => keys.map((key) => ({ key }));

/** Fractions (rates, shares, scores) to at most 4 decimals; integers and everything else unchanged. */
export const forReading = (value: unknown): unknown =>
  typeof value === 'number' && !Number.isInteger(value) && Number.isFinite(value) ? Number(value.toFixed(4)) : value;

/**
 * Cells as people read them (money, rates, instants; see output/readable.ts). In a transposed table
 * the kind of a cell comes from its row's metric, held in the first column.
 */
const readable = <Row>({ columns, rows }: RowSet<Row>, zone: string, transposedTable: boolean): RowSet<Cells> => ({
  columns: columns.map(({ key, header, align }): Column<Cells> => ({ key, ...(header === undefined ? {} : { header }), align: align ?? 'right' })),
  rows: rows.map((row) => {
    const metric = transposedTable ? String(row['c0' as keyof Row]) : undefined;
    return Object.fromEntries(columns.map(({ key }, i) => [key, i === 0 && transposedTable ? row[key] : readableValue(metric ?? key, row[key], zone)]));
  }),
});

/** Text columns (names, ids, stages) read best left-aligned; the table module right-aligns numbers. */
const aligned = (rowSet: RowSet<Cells>, source: RowSet<unknown>): RowSet<Cells> => ({
  ...rowSet,
  columns: rowSet.columns.map((column, i) => {
    const given = source.columns[i]?.align;
    const values = source.rows.map((row) => (row as Cells)[column.key]).filter((v) => v !== null && v !== undefined);
    const numeric = values.length > 0 && values.every((v) => typeof v === 'number');
    return { ...column, align: given ?? (numeric ? 'right' : 'left') };
  }),
});

/**
 * A transposed table: one row per metric, one column per entity (the firm, each salesperson), for
 * reports with many metrics and few entities. Cells are keyed by position, since an entity's label
 * (a salesperson id) could be any word, `metric` included.
 */
export const transposed = (metrics: readonly string[], entities: readonly { readonly label: string; readonly cells: Cells }[]): RowSet<Cells> => ({
  columns: [{ key: 'c0', header: 'metric', align: 'left' }, ...entities.map(({ label }, i): Column<Cells> => ({ key: `c${i + 1}`, header: label }))],
  rows: metrics.map((metric) => Object.fromEntries([['c0', metric], ...entities.map(({ cells }, i) => [`c${i + 1}`, cells[metric]])])),
});

export interface ReportLayout<Row> {
  /** The JSON document: the report object as the library returned it. */
  readonly json: unknown;
  /** The header lines of the table format, label and value. */
  readonly header: readonly (readonly [string, unknown])[];
  /** The CSV rows: one per list item. */
  readonly rows: RowSet<Row>;
  /** The table format's rows, when they differ from the CSV's (a transposed table). */
  readonly table?: RowSet<Cells>;
  /** The zone the report was read in: the table header names it and shows instants in it. */
  readonly zone: string;
}

/** The header lines every report's table starts with after its own: the zone, and --known-at when in force. */
/** `position 812, caught up when written` / `position 812, lag unknown` / `empty`. */
export const freshnessText = (checkpoint: unknown, lag: unknown): string => {
  const at = typeof checkpoint === 'number' ? `position ${checkpoint}` : 'no event yet';
  const behind = lag === 0 ? 'caught up when written' : typeof lag === 'number' ? `${lag} events behind when written` : 'lag unknown';
  return `${at}, ${behind} (--catch-up never: the event store was not read)`;
};

const contextLines = (layout: { readonly json: unknown; readonly zone: string }): (readonly [string, unknown])[] => {
  const json = layout.json as { readonly knownAt?: unknown; readonly checkpoint?: unknown; readonly lag?: unknown };
  const knownAt = typeof json.knownAt === 'string' ? json.knownAt : null;
  return [
    ['time zone', layout.zone],
    ...(knownAt === null ? [] : [['known at', `${formatInstant(knownAt, layout.zone)} (only events recorded by then)`] as const]),
    // Only a --catch-up never answer has them: how far the read models it read had got.
    ...('checkpoint' in json ? [['read models at', freshnessText(json.checkpoint, json.lag)] as const] : []),
  ];
};

export const renderReport = <Row>(format: OutputFormat, layout: ReportLayout<Row>): string => {
  switch (format) {
    case 'json':
      return renderJson(layout.json);
    case 'csv':
      return renderCsv(layout.rows);
    case 'table': {
      const header = [...layout.header.map(([label, value]) => [label, readableValue(label, value, layout.zone)] as const), ...contextLines(layout)];
      const rows =
        layout.table === undefined
          ? aligned(readable(layout.rows, layout.zone, false), layout.rows as RowSet<unknown>)
          : aligned(readable(layout.table, layout.zone, true), layout.table as RowSet<unknown>);
      return `${renderPairs(header)}\n${renderTable(rows)}`;
    }
    default: {
      const unknown: never = format;
      throw new Error(`unknown output format ${String(unknown)}`);
    }
  }
};

/** The exit codes every report command shares, for its --help. */
export const REPORT_EXIT_CODES = `Exit codes
  0 success
  1 an integrity failure: an event in the log does not decode, or a projection fails on one
    (the message names the event by position, stream and streamVersion)
  2 usage error (a bad option value: an instant, period, month or count; an unknown --tz;
    read models built from another event store than --store's, which are neither read nor
    changed)
  3 store cannot be reached`;
