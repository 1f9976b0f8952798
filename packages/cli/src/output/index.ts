// The output module every command prints through: one row set, three formats.
import { renderCsv } from './csv.js';
import type { OutputFormat, RowSet } from './format.js';
import { renderJson } from './json.js';
import { renderTable } from './table.js';

export * from './format.js';
export { renderCsv, csvField, csvRecord } from './csv.js';
export { renderJson } from './json.js';
export { renderTable, renderPairs } from './table.js';
export { displayWidth, printable, printableLines } from './width.js';

/**
 * Renders a list of rows in the chosen format. JSON gives the rows as an array of objects holding
 * the columns' keys in column order; a report whose JSON document has more than rows (totals, the
 * period) renders that document with `renderJson` itself and uses this for table and CSV.
 */
export const renderRows = <Row>(format: OutputFormat, rowSet: RowSet<Row>): string => {
  switch (format) {
    case 'table':
      return renderTable(rowSet);
    case 'csv':
      return renderCsv(rowSet);
    case 'json':
      return renderJson(rowSet.rows.map((row) => Object.fromEntries(rowSet.columns.map((column) => [column.key, row[column.key] ?? null]))));
    default: {
      const unknown: never = format;
      throw new Error(`unknown output format ${String(unknown)}`);
    }
  }
};
