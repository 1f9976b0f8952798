// Attrition report (SPEC §4.2): how many active clients the firm, and each salesperson, lost in P.
import type { ChurnReason } from '../../domain/vocabulary.js';
import type { Period } from '../../domain/time/period.js';
import { periodJson, ratio, type PeriodJson, type ReportSource } from '../report-views.js';
import { emptyTally, tallyAttrition, type AttritionTally } from './tally.js';

export interface AttritionFigures {
  readonly activeAtStart: number;
  readonly acquired: number;
  readonly reactivated: number;
  readonly churnEvents: number;
  readonly churnedByReason: Readonly<Record<ChurnReason, number>>;
  readonly lost: number;
  readonly controllableLost: number;
  readonly activeAtEnd: number;
  readonly attritionRate: number | null;
  readonly controllableAttritionRate: number | null;
}

export interface AttritionReport {
  readonly period: PeriodJson;
  readonly firm: AttritionFigures;
  readonly bySalesperson: readonly ({ readonly salespersonId: string } & AttritionFigures)[];
}

/** The spec's key order: activeAtStart, acquired, …, controllableAttritionRate. */
const figures = (t: AttritionTally): AttritionFigures => ({
  activeAtStart: t.activeAtStart,
  acquired: t.acquired,
  reactivated: t.reactivated,
  churnEvents: t.churnEvents,
  churnedByReason: { ...t.churnedByReason },
  lost: t.lost,
  controllableLost: t.controllableLost,
  activeAtEnd: t.activeAtEnd,
  attritionRate: ratio(t.lost, t.activeAtStart),
  controllableAttritionRate: ratio(t.controllableLost, t.activeAtStart),
});

export const attritionReport = async (source: ReportSource, period: Period): Promise<AttritionReport> => {
  const tally = tallyAttrition(period.start, period.end);
  for await (const page of source.clients()) for (const doc of page) tally.add(doc);
  const { firm, byOwner } = tally;
  return {
    period: periodJson(period),
    firm: figures(firm),
    bySalesperson: (await source.salespeople()).map(({ salespersonId }) => ({
      salespersonId,
      ...figures(byOwner.get(salespersonId) ?? emptyTally()),
    })),
  };
};
