// The progress line `rapport apply` keeps on a terminal's standard error: lines read, the rate,
// and what became of them so far. Scripts and files get nothing but the final summary.
import type { ApplyProgress } from './apply-lines.js';

export interface ProgressLine {
  readonly update: (progress: ApplyProgress) => void;
  /** Erases the line; safe to call more than once. */
  readonly stop: () => void;
}

export const progressText = (progress: ApplyProgress, seconds: number): string => {
  const rate = seconds > 0 ? Math.round(progress.lines / seconds) : 0;
  return `apply: ${progress.lines.toLocaleString('en-US')} lines, ${rate.toLocaleString('en-US')}/s · applied ${progress.applied.toLocaleString('en-US')}, duplicates ${progress.duplicates.toLocaleString('en-US')}, rejected ${progress.rejected.toLocaleString('en-US')}`;
};

export const progressLine = (stream: NodeJS.WritableStream, now: () => number = () => performance.now()): ProgressLine => {
  const started = now();
  let shown = false;
  return {
    update: (progress) => {
      stream.write(`\r\u001b[2K${progressText(progress, (now() - started) / 1000)}`);
      shown = true;
    },
    stop: () => {
      if (shown) stream.write('\r\u001b[2K');
      shown = false;
    },
  };
};
