// The result of applying a command file (SPEC §5), and how it prints in each output format.
import { renderCsv, renderJson, renderPairs, renderTable, type Column, type OutputFormat } from '../output/index.js';

export interface Rejection {
  /** 1-based physical line of the file. */
  readonly line: number;
  readonly commandId: string | null;
  readonly code: string;
  readonly message: string;
}

export interface ApplySummary {
  readonly applied: number;
  readonly duplicates: number;
  readonly rejected: readonly Rejection[];
  /** The last line read when a signal stopped the file short; absent when it was read to the end. */
  readonly stoppedAfterLine?: number;
}

export const REJECTION_COLUMNS: readonly Column<Rejection>[] = [
  { key: 'line' },
  { key: 'commandId' },
  { key: 'code' },
  { key: 'message' },
];

/** One line of counts, for a terminal (and for stderr next to CSV, which holds only rejections). */
export const countsLine = (summary: ApplySummary): string =>
  `applied ${summary.applied}, duplicates ${summary.duplicates}, rejected ${summary.rejected.length}\n`;

export interface RenderedSummary {
  readonly stdout: string;
  /** Text for stderr, so that stdout stays machine-readable. */
  readonly stderr: string;
}

/**
 * json: the spec's document. table: the counts, then an aligned table of rejections if any.
 * csv: a header row and one row per rejection on stdout, the counts line on stderr.
 */
export const renderSummary = (summary: ApplySummary, format: OutputFormat): RenderedSummary => {
  switch (format) {
    case 'json':
      return {
        stdout: renderJson({ applied: summary.applied, duplicates: summary.duplicates, rejected: summary.rejected }),
        stderr: '',
      };
    case 'csv':
      return {
        stdout: renderCsv({ columns: REJECTION_COLUMNS, rows: summary.rejected }),
        stderr: countsLine(summary),
      };
    case 'table': {
      const counts = renderPairs([
        ['applied', summary.applied],
        ['duplicates', summary.duplicates],
        ['rejected', summary.rejected.length],
      ]);
      const rejections = summary.rejected.length === 0 ? '' : `\n${renderTable({ columns: REJECTION_COLUMNS, rows: summary.rejected })}`;
      return { stdout: counts + rejections, stderr: '' };
    }
    default: {
      const unknown: never = format;
      throw new Error(`unknown output format ${String(unknown)}`);
    }
  }
};
