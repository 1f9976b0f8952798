// Linear scales and "nice" axis ends (1, 2, 2.5, 5 × 10^k), so gridlines fall on round numbers.

export type Scale = (value: number) => number;

export const linear = (domain: readonly [number, number], range: readonly [number, number]): Scale => {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 === 0 ? 1 : d1 - d0;
  return (value) => r0 + ((value - d0) / span) * (r1 - r0);
};

export const niceStep = (rough: number): number => {
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * power >= rough) ?? 10;
  return step * power;
};

export interface Axis {
  readonly max: number;
  readonly ticks: readonly number[];
}

/**
 * An axis from 0 covering `max` in about `count` steps. `integer` keeps steps whole (counts of
 * clients: an axis at 0.5 clients would be nonsense); an all-zero series still gets an axis of 1.
 */
export const axisFor = (max: number, count: number, integer: boolean): Axis => {
  const top = max > 0 && Number.isFinite(max) ? max : integer ? 1 : 0.1;
  let step = niceStep(top / count);
  if (integer) step = Math.max(1, Math.ceil(step));
  const end = Math.ceil(top / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let i = 0; i * step <= end + step / 1e6; i += 1) ticks.push(Math.round(i * step * 1e9) / 1e9);
  return { max: end, ticks };
};

/** Coordinates rounded to a tenth of a pixel: shorter markup, no visible difference. */
export const fx = (n: number): number => Math.round(n * 10) / 10;

/** A rough text width for layout (no font metrics in a pure renderer); CJK counts double. */
export const textWidth = (text: string, fontSize: number): number => {
  let units = 0;
  for (const ch of text) units += /[\u1100-\uffff]/.test(ch) ? 1.0 : 0.58;
  return units * fontSize;
};
