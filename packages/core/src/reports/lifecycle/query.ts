// Lifecycle report (SPEC §4.1): where each registered client stood in at(T).
import { STAGES, type Stage } from '../../domain/vocabulary.js';
import { lifetimeOf, lifetimeValueAt, ownerAt, stageIndexAt, stageOf, stageSince } from '../../projections/clients/timeline.js';
import type { ClientDoc } from '../../projections/clients/documents.js';
import { iso, type ReportSource } from '../report-views.js';

export interface LifecycleRow {
  readonly clientId: string;
  readonly name: string;
  readonly stage: Stage;
  readonly stageSince: string;
  readonly ownerId: string;
  readonly lifetime: number;
  readonly lifetimeValue: number;
}

export interface LifecycleReport {
  readonly asOf: string;
  readonly counts: Readonly<Record<Stage, number>>;
  readonly clients: readonly LifecycleRow[];
}

/** A client's row in at(T); null when it registers after T. */
export const lifecycleRowAt = (doc: ClientDoc, asOf: number): LifecycleRow | null => {
  const stage = stageIndexAt(doc, asOf);
  const ownerId = ownerAt(doc, asOf);
  // Neither exists exactly when the client registers after T.
  if (stage < 0 || ownerId === undefined) return null;
  return {
    clientId: doc.clientId,
    name: doc.name,
    stage: stageOf(doc, stage),
    stageSince: iso(stageSince(doc, stage)),
    ownerId,
    lifetime: lifetimeOf(doc, stage),
    lifetimeValue: lifetimeValueAt(doc, asOf),
  };
};

export const lifecycleReport = async (source: Pick<ReportSource, 'clients'>, asOf: number): Promise<LifecycleReport> => {
  const counts = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
  const clients: LifecycleRow[] = [];
  for await (const page of source.clients()) for (const doc of page) {
    const row = lifecycleRowAt(doc, asOf);
    if (row === null) continue;
    counts[row.stage]++;
    clients.push(row);
  }
  return { asOf: iso(asOf), counts, clients };
};
