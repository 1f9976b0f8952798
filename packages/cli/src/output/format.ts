// The output formats every command offers, and the value a user writes for each.
export const OUTPUT_FORMATS = ['table', 'json', 'csv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export const isOutputFormat = (value: string): value is OutputFormat =>
  (OUTPUT_FORMATS as readonly string[]).includes(value);

/** One column of a row-shaped result: which key of the row it shows, in which order, under what header. */
export interface Column<Row> {
  readonly key: keyof Row & string;
  /** Header text; the key when absent (CSV headers are always the key, so scripts can rely on them). */
  readonly header?: string;
  /** Table alignment; numbers are right-aligned unless a column says otherwise. */
  readonly align?: 'left' | 'right';
}

/** Rows plus the column order to show them in: what a report hands to the output module. */
export interface RowSet<Row> {
  readonly columns: readonly Column<Row>[];
  readonly rows: readonly Row[];
}

/**
 * The text of one cell, shared by table and CSV so both show a value the same way: absent values are
 * empty, numbers and booleans as JavaScript writes them, structured values as compact JSON.
 */
export const cellText = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value) ?? '';
};
