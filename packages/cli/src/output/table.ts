// Table output for a terminal: a header, a rule, and columns padded to their widest cell.
import { cellText, type Column, type RowSet } from './format.js';
import { terminalWidth } from './terminal.js';
import { displayWidth, graphemesOf, printable } from './width.js';

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

/** A narrowed text column keeps at least this many cells. */
const MIN_TEXT_WIDTH = 12;

/** `text` cut to `width` terminal cells, ending in … when cut. */
export const truncate = (text: string, width: number): string => {
  if (displayWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const grapheme of graphemesOf(text)) {
    used += displayWidth(grapheme);
    if (used > width - 1) break;
    out += grapheme;
  }
  return `${out}…`;
};

/**
 * Column widths that fit `maxWidth` where they can: the widest left-aligned (text) columns give way
 * first, never below MIN_TEXT_WIDTH; numbers are never cut.
 */
const fitted = (widths: number[], aligns: readonly ('left' | 'right')[], maxWidth: number | undefined): number[] => {
  if (maxWidth === undefined) return widths;
  const total = () => widths.reduce((sum, w) => sum + w, 0) + GAP.length * Math.max(0, widths.length - 1);
  while (total() > maxWidth) {
    let widest = -1;
    widths.forEach((w, i) => {
      if (aligns[i] === 'left' && w > MIN_TEXT_WIDTH && (widest < 0 || w > (widths[widest] ?? 0))) widest = i;
    });
    if (widest < 0) break;
    widths[widest] = Math.max(MIN_TEXT_WIDTH, (widths[widest] ?? 0) - (total() - maxWidth));
  }
  return widths;
};

/**
 * The table as lines ending in a newline; trailing blanks are trimmed so copies paste cleanly. On a
 * terminal (`maxWidth`, by default the width main.ts found) long text cells are cut with … so a
 * line never wraps.
 */
export const renderTable = <Row>({ columns, rows }: RowSet<Row>, maxWidth: number | undefined = terminalWidth()): string => {
  const headers = columns.map((column) => printable(column.header ?? column.key));
  const cells = rows.map((row) => columns.map((column) => printable(cellText(row[column.key]))));
  const aligns = columns.map((column) => alignmentOf(column, rows));
  const natural = columns.map((_, i) => Math.max(displayWidth(headers[i] ?? ''), ...cells.map((line) => displayWidth(line[i] ?? ''))));
  const widths = fitted(natural, aligns, maxWidth);
  const line = (texts: readonly string[]) =>
    texts.map((text, i) => pad(truncate(text, widths[i] ?? 0), widths[i] ?? 0, aligns[i] ?? 'left')).join(GAP).trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join(GAP);
  return [line(headers), rule, ...cells.map(line)].map((text) => `${text}\n`).join('');
};

/** Label/value pairs (a summary, a report's totals) as two aligned columns without a header. */
export const renderPairs = (pairs: readonly (readonly [string, unknown])[]): string => {
  const width = Math.max(0, ...pairs.map(([label]) => displayWidth(label)));
  return pairs.map(([label, value]) => `${pad(printable(label), width, 'left')}${GAP}${printable(cellText(value))}`.trimEnd() + '\n').join('');
};
