// CSV output (RFC 4180): a header row of column keys, CRLF line ends, fields quoted when they must be.
import { cellText, type RowSet } from './format.js';

const NEEDS_QUOTES = /[",\r\n]/;

/** One field, quoted (with inner quotes doubled) only when it holds a quote, comma or line break. */
export const csvField = (text: string): string => (NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

export const csvRecord = (fields: readonly string[]): string => `${fields.map(csvField).join(',')}\r\n`;

export const renderCsv = <Row>({ columns, rows }: RowSet<Row>): string => {
  const lines = [csvRecord(columns.map((column) => column.key))];
  for (const row of rows) lines.push(csvRecord(columns.map((column) => cellText(row[column.key]))));
  return lines.join('');
};
