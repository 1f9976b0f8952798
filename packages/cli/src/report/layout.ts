// How a report prints in each format. json: the report object exactly (SPEC §5). csv: only a header
// row and one row per list item, nested objects flattened into dotted columns
// (churnedByReason.dissatisfied), values unrounded. table: a few header lines (as-of, period,
// totals), a blank line, then an aligned table, fractions rounded to 4 decimals for reading.
import { renderCsv, renderJson, renderPairs, renderTable, type Column, type OutputFormat, type RowSet } from '../output/index.js';

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

const readable = <Row>({ columns, rows }: RowSet<Row>): RowSet<Cells> => ({
  columns: columns.map(({ key, header, align }): Column<Cells> => ({ key, ...(header === undefined ? {} : { header }), ...(align === undefined ? {} : { align }) })),
  rows: rows.map((row) => Object.fromEntries(columns.map(({ key }) => [key, forReading(row[key])]))),
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
}

export const renderReport = <Row>(format: OutputFormat, layout: ReportLayout<Row>): string => {
  switch (format) {
    case 'json':
      return renderJson(layout.json);
    case 'csv':
      return renderCsv(layout.rows);
    case 'table':
      return `${renderPairs(layout.header)}\n${renderTable(layout.table === undefined ? readable(layout.rows) : readable(layout.table))}`;
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
  2 usage error (a bad --as-of, --known-at, period, month or count; an unknown --tz)
  3 store cannot be reached`;
