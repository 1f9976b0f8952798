// CSV output (RFC 4180): a header row of column keys, CRLF line ends, fields quoted when they must be.
// Text that a spreadsheet would run as a formula is neutralised as OWASP recommends (CSV injection).
import { cellText, type RowSet } from './format.js';

const NEEDS_QUOTES = /[",\r\n]/;

/** One field, quoted (with inner quotes doubled) only when it holds a quote, comma or line break. */
export const csvField = (text: string): string => (NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

// A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets (tab and
// carriage return can hide one after them): a client named =HYPERLINK("http://…") would run.
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell: one that a spreadsheet would read as a formula gets a leading single quote and is
 * quoted, so it shows as the text it is. Numbers never come here, so -5 and -0.25 stay numbers.
 */
export const csvText = (text: string): string => (FORMULA_START.test(text) ? `"'${text.replaceAll('"', '""')}"` : csvField(text));

/** A cell of any value: strings are text (neutralised), the rest as cellText writes them. */
const csvCell = (value: unknown): string => (typeof value === 'string' ? csvText(value) : csvField(cellText(value)));

export const csvRecord = (fields: readonly string[]): string => `${fields.map(csvField).join(',')}\r\n`;

export const renderCsv = <Row>({ columns, rows }: RowSet<Row>): string => {
  const lines = [csvRecord(columns.map((column) => column.key))];
  for (const row of rows) lines.push(`${columns.map((column) => csvCell(row[column.key])).join(',')}\r\n`);
  return lines.join('');
};
