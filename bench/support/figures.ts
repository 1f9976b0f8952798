// What every workload returns: one figure per id of issue 9's table, and how they are printed.

export type Unit = 'per s' | 'ms' | 'MB';

export interface Result {
  readonly id: string;
  readonly value: number;
  readonly unit: Unit;
  /** A word on how it was measured when that differs from the plain reading (shown in the table only). */
  readonly note?: string;
}

export const perSecond = (count: number, startMs: number, endMs: number): number => count / ((endMs - startMs) / 1000);

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

const format = (r: Result): string =>
  r.unit === 'per s' ? `${Math.round(r.value).toLocaleString('en-US')} /s` : r.unit === 'ms' ? `${r.value.toFixed(r.value < 100 ? 2 : 0)} ms` : `${Math.round(r.value)} MB`;

export const table = (results: readonly Result[]): string => {
  const width = Math.max(...results.map((r) => r.id.length), 2);
  const lines = results.map((r) => `${r.id.padEnd(width)}  ${format(r).padStart(14)}${r.note === undefined ? '' : `  (${r.note})`}`);
  return [`${'id'.padEnd(width)}  ${'value'.padStart(14)}`, ...lines].join('\n');
};

/** The JSON the issue asks for: exactly {"results":[{id,value,unit}…]}. */
export const json = (results: readonly Result[]): string => JSON.stringify({ results: results.map(({ id, value, unit }) => ({ id, value, unit })) });
