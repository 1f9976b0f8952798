// Rows of cells shaded by a share, each cell also carrying its percentage as text, so the map reads
// without colour. Rows may differ in length (a young cohort has fewer months behind it). Long rows
// wrap into blocks of twelve columns, a year each, stacked downwards: the map then fits a page or an
// A4 sheet at a legible size however old the firm is, instead of shrinking or scrolling.
import { html, type Html } from '../html.js';
import { chartSvg, emptyBody, type ChartName } from './frame.js';
import { INK, MUTED, shade } from './palette.js';
import { fx } from './scale.js';

export interface HeatRow {
  readonly label: string;
  readonly note: string;
  readonly values: readonly number[];
}

export interface HeatMap {
  readonly name: ChartName;
  readonly title: string;
  readonly desc: string;
  readonly rows: readonly HeatRow[];
  readonly columnTitle: string;
  readonly format: (share: number) => string;
  /** Tooltip per cell, e.g. "2024-03 cohort, month 4: 50.0%". */
  readonly cellLabel: (row: HeatRow, column: number) => string;
}

const CELL_W = 46;
const CELL_H = 24;
const LABEL_W = 116;
const BLOCK = 12;
const BLOCK_HEAD = 30;
const BLOCK_GAP = 14;

interface Block {
  readonly first: number;
  readonly rows: readonly HeatRow[];
}

/** Columns first..first+11, and the rows that reach into them. */
const blocks = (rows: readonly HeatRow[], columns: number): readonly Block[] =>
  Array.from({ length: Math.ceil(columns / BLOCK) }, (_, b) => ({ first: b * BLOCK, rows: rows.filter((r) => r.values.length > b * BLOCK) }));

const drawBlock = (map: HeatMap, block: Block, top: number, columns: number): Html => {
  const count = Math.min(BLOCK, columns - block.first);
  const header = Array.from(
    { length: count },
    (_, k) => html`<text x="${fx(LABEL_W + k * CELL_W + CELL_W / 2)}" y="${top + BLOCK_HEAD - 8}" text-anchor="middle" fill="${MUTED}">${block.first + k}</text>`,
  );
  const rows = block.rows.map((row, r) => {
    const y = top + BLOCK_HEAD + r * CELL_H;
    const cells = row.values.slice(block.first, block.first + BLOCK).map((share, k) => {
      const x = LABEL_W + k * CELL_W;
      const { fill, text } = shade(share);
      return html`<g><title>${map.cellLabel(row, block.first + k)}</title><rect x="${x}" y="${y}" width="${CELL_W - 1}" height="${CELL_H - 1}" fill="${fill}"/><text x="${fx(x + CELL_W / 2)}" y="${fx(y + CELL_H / 2)}" text-anchor="middle" dominant-baseline="middle" font-size="10" fill="${text}">${map.format(share)}</text></g>`;
    });
    return html`<text x="${LABEL_W - 8}" y="${fx(y + CELL_H / 2)}" text-anchor="end" dominant-baseline="middle">${row.label} <tspan fill="${MUTED}">${row.note}</tspan></text>${cells}`;
  });
  const label = html`<text x="${LABEL_W - 8}" y="${top + BLOCK_HEAD - 8}" text-anchor="end" fill="${INK}" font-weight="600">${map.columnTitle} ${block.first}–${block.first + count - 1}</text>`;
  return html`<g>${label}${header}${rows}</g>`;
};

const blockHeight = (block: Block): number => BLOCK_HEAD + block.rows.length * CELL_H;

export const heatMap = (map: HeatMap): Html => {
  const columns = Math.max(0, ...map.rows.map((r) => r.values.length));
  if (map.rows.length === 0 || columns === 0) {
    return chartSvg({ ...map, width: 880, height: 80, body: emptyBody(880, 80, 'No cohorts yet: no client has been acquired.') });
  }
  const parts = blocks(map.rows, columns);
  let top = 0;
  const drawn = parts.map((block) => {
    const part = drawBlock(map, block, top, columns);
    top += blockHeight(block) + BLOCK_GAP;
    return part;
  });
  const width = LABEL_W + Math.min(BLOCK, columns) * CELL_W + 8;
  return chartSvg({ ...map, width, height: top, body: html`${drawn}`, natural: true });
};
