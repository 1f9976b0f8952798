// The bench's goal verdicts: each goal of issue 9 read off one run's figures, with the right side of
// each bound, and "not measured" when a run left out what a goal needs.
import { describe, expect, it } from 'vitest';
import { besideGoals, goalsTable, judgeGoals, type Goal } from '../bench/support/goals.js';
import type { Result } from '../bench/support/figures.js';

const REPORTS = ['lifecycle', 'attrition', 'kpis', 'winback', 'segments', 'cohorts', 'complaints'];

const run = (overrides: Record<string, number> = {}): Result[] => {
  const figures: Record<string, number> = {
    'W1.rapport.memory': 90_000,
    'W1.emmett.memory': 30_000,
    'W1.rapport.sqlite': 4_000,
    'W1.ceiling.sqlite': 5_000,
    'W1.rapport.postgres': 2_000,
    'W1.emmett.postgres': 1_000,
    'W1.rapport.postgres.concurrent': 5_000,
    'W1.emmett.postgres.concurrent': 2_000,
    'W2.rapport.sqlite': 50_000,
    'W2.ceiling.sqlite': 100_000,
    'W2.rss': 300,
    'W3.rapport.sqlite': 200_000,
    'W3.ceiling.read': 400_000,
    'W3.rapport.redis': 120_000,
    'W3.rss': 400,
    ...Object.fromEntries(REPORTS.map((r) => [`W4.${r}`, 20])),
    'W5.node': 50,
    'W5.help': 150,
    ...Object.fromEntries(REPORTS.map((r) => [`W5.${r}`, 400])),
    'W5.rss': 150,
    ...overrides,
  };
  return Object.entries(figures).map(([id, value]) => ({ id, value, unit: id.endsWith('.rss') ? 'MB' : id.startsWith('W4') || id.startsWith('W5') ? 'ms' : 'per s' }));
};

const byGoal = (goals: readonly Goal[]): Record<string, Goal> => Object.fromEntries(goals.map((g) => [g.goal, g]));

describe('judgeGoals', () => {
  it('meets every goal exactly at its bound', () => {
    const goals = judgeGoals(run());
    expect(goals).toHaveLength(13);
    expect(goals.filter((g) => g.met !== true).map((g) => g.goal)).toEqual([]);
    expect(byGoal(goals)['W1 memory ≥ 3 × Emmett memory']?.value).toBe(3);
    expect(byGoal(goals)['every W5 report ≤ 8 × W5.node']?.value).toBe(8);
  });

  it('misses a goal just past its bound, on the right side of each (at least / at most)', () => {
    const missed = (overrides: Record<string, number>): string[] =>
      judgeGoals(run(overrides))
        .filter((g) => g.met === false)
        .map((g) => g.goal);
    expect(missed({ 'W1.rapport.memory': 89_999 })).toEqual(['W1 memory ≥ 3 × Emmett memory']);
    expect(missed({ 'W1.ceiling.sqlite': 5_001 })).toEqual(['W1 SQLite ≥ 0.8 × its ceiling']);
    expect(missed({ 'W2.rss': 300.1 })).toEqual(['W2.rss ≤ 300 MB']);
    expect(missed({ 'W3.rapport.redis': 119_999 })).toEqual(['W3 Redis ≥ 0.6 × W3 SQLite']);
    // The worst report decides: one slow report is enough.
    expect(missed({ 'W4.cohorts': 20.01 })).toEqual(['every W4 ≤ 20 ms']);
    expect(missed({ 'W5.kpis': 401 })).toEqual(['every W5 report ≤ 8 × W5.node']);
    expect(missed({ 'W5.help': 151 })).toEqual(['W5.help ≤ 3 × W5.node']);
  });

  it('says "not measured" for a goal whose figures a partial run (--only) left out', () => {
    const onlyW1 = run().filter((r) => r.id.startsWith('W1.'));
    const goals = judgeGoals(onlyW1);
    expect(goals.filter((g) => g.value !== null).map((g) => g.goal)).toEqual([
      'W1 memory ≥ 3 × Emmett memory',
      'W1 PostgreSQL ≥ 2 × Emmett, one at a time',
      'W1 PostgreSQL ≥ 2 × Emmett, 10 in flight',
      'W1 SQLite ≥ 0.8 × its ceiling',
    ]);
    expect(goals.filter((g) => g.value === null).every((g) => g.met === null)).toBe(true);
    const table = goalsTable(judgeGoals(run({ 'W2.rss': 350 })));
    expect(table).toMatch(/W2\.rss ≤ 300 MB\s+350 MB\s+MISSED/);
    expect(table).toMatch(/W1 memory ≥ 3 × Emmett memory\s+3\.00 ×\s+met/);
  });

  it('shows beside the goals how near each PostgreSQL side comes to the raw INSERT, judged against nothing', () => {
    const beside = besideGoals(run({ 'W1.ceiling.postgres': 4_000, 'W1.ceiling.postgres.concurrent': 10_000 }));
    expect(beside.map((g) => [g.goal, g.value, g.met])).toEqual([
      ['W1 PostgreSQL one at a time: Rapport / raw INSERT', 0.5, null],
      ['W1 PostgreSQL one at a time: Emmett / raw INSERT', 0.25, null],
      ['W1 PostgreSQL 10 in flight: Rapport / raw INSERT', 0.5, null],
      ['W1 PostgreSQL 10 in flight: Emmett / raw INSERT', 0.2, null],
    ]);
    // A run without the ceiling measures none of them; the table prints no verdict.
    expect(besideGoals(run()).every((g) => g.value === null)).toBe(true);
    expect(goalsTable(beside, 'beside the goals')).toMatch(/^beside the goals\s+this run\n.*Rapport \/ raw INSERT\s+0\.50 ×$/m);
    expect(goalsTable(beside)).not.toMatch(/\b(met|MISSED)$/m);
  });
});
