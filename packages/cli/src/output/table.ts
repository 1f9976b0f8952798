// Table output for a terminal: a header, a rule, and columns padded to their widest cell.
import { cellText, type Column, type RowSet } from './format.js';
import { displayWidth, printable } from './width.js';

const GAP = '  ';

const alignmentOf = <Row>(column: Column<Row>, rows: readonly Row[]): 'left' | 'right' => {
  if (column.align !== undefined) return column.align;
  const values = rows.map((row) => row[column.key]).filter((value) => value !== null && value !== undefined);
  return values.length > 0 && values.every((value) => typeof value === 'number') ? 'right' : 'left';
};

const pad = (text: string, width: number, align: 'left' | 'right'): string => {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'right' ? fill + text : text + fill;
};

/** The table as lines ending in a newline; trailing blanks are trimmed so copies paste cleanly. */
export const renderTable = <Row>({ columns, rows }: RowSet<Row>): string => {
  const headers = columns.map((column) => printable(column.header ?? column.key));
  const cells = rows.map((row) => columns.map((column) => printable(cellText(row[column.key]))));
  const widths = columns.map((_, i) => Math.max(displayWidth(headers[i] ?? ''), ...cells.map((line) => displayWidth(line[i] ?? ''))));
  const aligns = columns.map((column) => alignmentOf(column, rows));
  const line = (texts: readonly string[]) =>
    texts.map((text, i) => pad(text, widths[i] ?? 0, aligns[i] ?? 'left')).join(GAP).trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join(GAP);
  return [line(headers), rule, ...cells.map(line)].map((text) => `${text}\n`).join('');
};

/** Label/value pairs (a summary, a report's totals) as two aligned columns without a header. */
export const renderPairs = (pairs: readonly (readonly [string, unknown])[]): string => {
  const width = Math.max(0, ...pairs.map(([label]) => displayWidth(label)));
  return pairs.map(([label, value]) => `${pad(printable(label), width, 'left')}${GAP}${printable(cellText(value))}`.trimEnd() + '\n').join('');
};
