// Issue 9's goals, judged on the figures of one run: each is a ratio of two figures from the same
// run (or a bound on one), so a slow or busy machine moves both sides alike. Printed next to the
// figures; nothing here fails a run.
import type { Result } from './figures.js';

export interface Goal {
  readonly goal: string;
  /** The ratio or figure the goal bounds, null when the run did not measure what it needs. */
  readonly value: number | null;
  readonly unit: '×' | 'ms' | 'MB';
  readonly met: boolean | null;
}

type Figures = ReadonlyMap<string, number>;

const REPORTS = ['lifecycle', 'attrition', 'kpis', 'winback', 'segments', 'cohorts', 'complaints'] as const;

const ratio = (figures: Figures, over: string, under: string): number | null => {
  const a = figures.get(over);
  const b = figures.get(under);
  return a === undefined || b === undefined || b === 0 ? null : a / b;
};

/** The worst (largest) of several figures, null unless every one was measured. */
const worst = (values: readonly (number | null | undefined)[]): number | null =>
  values.every((v): v is number => typeof v === 'number') && values.length > 0 ? Math.max(...values) : null;

const atLeast = (goal: string, value: number | null, bound: number): Goal => ({ goal, value, unit: '×', met: value === null ? null : value >= bound });
const atMost = (goal: string, value: number | null, bound: number, unit: Goal['unit']): Goal => ({
  goal,
  value,
  unit,
  met: value === null ? null : value <= bound,
});

export const judgeGoals = (results: readonly Result[]): Goal[] => {
  const f: Figures = new Map(results.map((r) => [r.id, r.value]));
  const w4 = worst(REPORTS.map((r) => f.get(`W4.${r}`)));
  const w5 = worst(REPORTS.map((r) => f.get(`W5.${r}`)));
  const node = f.get('W5.node');
  return [
    atLeast('W1 memory ≥ 3 × Emmett memory', ratio(f, 'W1.rapport.memory', 'W1.emmett.memory'), 3),
    atLeast('W1 PostgreSQL ≥ 2 × Emmett, one at a time', ratio(f, 'W1.rapport.postgres', 'W1.emmett.postgres'), 2),
    atLeast('W1 PostgreSQL ≥ 2 × Emmett, 10 in flight', ratio(f, 'W1.rapport.postgres.concurrent', 'W1.emmett.postgres.concurrent'), 2),
    atLeast('W1 SQLite ≥ 0.8 × its ceiling', ratio(f, 'W1.rapport.sqlite', 'W1.ceiling.sqlite'), 0.8),
    atLeast('W2 ≥ 0.5 × its ceiling', ratio(f, 'W2.rapport.sqlite', 'W2.ceiling.sqlite'), 0.5),
    atMost('W2.rss ≤ 300 MB', f.get('W2.rss') ?? null, 300, 'MB'),
    atLeast('W3 SQLite ≥ 0.5 × W3 ceiling', ratio(f, 'W3.rapport.sqlite', 'W3.ceiling.read'), 0.5),
    atLeast('W3 Redis ≥ 0.6 × W3 SQLite', ratio(f, 'W3.rapport.redis', 'W3.rapport.sqlite'), 0.6),
    atMost('W3.rss ≤ 400 MB', f.get('W3.rss') ?? null, 400, 'MB'),
    atMost('every W4 ≤ 20 ms', w4, 20, 'ms'),
    atMost('W5.help ≤ 3 × W5.node', ratio(f, 'W5.help', 'W5.node'), 3, '×'),
    atMost('every W5 report ≤ 8 × W5.node', w5 === null || node === undefined || node === 0 ? null : w5 / node, 8, '×'),
    atMost('W5.rss ≤ 150 MB', f.get('W5.rss') ?? null, 150, 'MB'),
  ];
};

const shown = (g: Goal): string =>
  g.value === null ? 'not measured' : g.unit === '×' ? `${g.value.toFixed(2)} ×` : `${g.value.toFixed(g.unit === 'ms' ? 1 : 0)} ${g.unit}`;

/** The goals as a table: the figure each bounds, and whether this run met it. */
export const goalsTable = (goals: readonly Goal[], heading = 'goal'): string => {
  const width = Math.max(heading.length, ...goals.map((g) => g.goal.length));
  const verdict = (g: Goal): string => (g.met === null ? '' : g.met ? 'met' : 'MISSED');
  return [`${heading.padEnd(width)}  ${'this run'.padStart(14)}`, ...goals.map((g) => `${g.goal.padEnd(width)}  ${shown(g).padStart(14)}  ${verdict(g)}`.trimEnd())].join('\n');
};

/**
 * Ratios that are not goals but explain some: how near each side of W1 PostgreSQL comes to the
 * raw INSERT's floor (a durable append's round trip and WAL flush, which both sides wait for).
 * Judged against nothing (`met` is null).
 */
export const besideGoals = (results: readonly Result[]): Goal[] => {
  const f: Figures = new Map(results.map((r) => [r.id, r.value]));
  const beside = (goal: string, over: string, under: string): Goal => ({ goal, value: ratio(f, over, under), unit: '×', met: null });
  return [
    beside('W1 PostgreSQL one at a time: Rapport / raw INSERT', 'W1.rapport.postgres', 'W1.ceiling.postgres'),
    beside('W1 PostgreSQL one at a time: Emmett / raw INSERT', 'W1.emmett.postgres', 'W1.ceiling.postgres'),
    beside('W1 PostgreSQL 10 in flight: Rapport / raw INSERT', 'W1.rapport.postgres.concurrent', 'W1.ceiling.postgres.concurrent'),
    beside('W1 PostgreSQL 10 in flight: Emmett / raw INSERT', 'W1.emmett.postgres.concurrent', 'W1.ceiling.postgres.concurrent'),
  ];
};
