// The firm every fault scenario works on: the demo generator's commands (each with a commandId,
// so re-applying a file after a crash is idempotent), and what a firm's state is made of for
// comparing two runs: its log without the run's own clock and numbering, and every report.
import fs from 'node:fs';
import { createRapport, type EventStore, type ReadModelStore } from '@rapport/core';
import { generateDemoFirm } from '../../../packages/cli/src/demo/generate.js';

/** Writes the firm's commands as a command file; returns how many lines it has. */
export const writeCommandFile = (file: string, clients: number): number => {
  const { entries } = generateDemoFirm({ clients, years: 2, seed: 8 });
  fs.writeFileSync(file, entries.map((entry) => JSON.stringify(entry.command)).join('\n') + '\n');
  return entries.length;
};

/** An event as the firm's history has it: what a re-run must reproduce exactly once. */
interface HistoryEvent {
  readonly stream: string;
  readonly streamVersion: number;
  readonly type: string;
  readonly data: unknown;
  readonly occurredAt: string;
  readonly commandId: string | null;
  readonly actor: string;
}

export interface FirmState {
  /** Every event in stream order (recordedAt, positions and hashes are the run's own). */
  readonly history: readonly HistoryEvent[];
  /** Every report, each as the API returns it (the objects the CLI prints as JSON). */
  readonly reports: Readonly<Record<string, unknown>>;
}

/**
 * Reads the log, then asks every report through the API over these stores (bringing their read
 * models up to the end of the log, as a CLI report would), and closes both stores.
 */
export const firmState = async (eventStore: EventStore, readModelStore: ReadModelStore): Promise<FirmState> => {
  const history: HistoryEvent[] = [];
  for await (const batch of eventStore.readAll()) {
    for (const e of batch) {
      const { occurredAt, commandId, actor } = e.metadata;
      history.push({ stream: e.stream, streamVersion: e.streamVersion, type: e.type, data: e.data, occurredAt, commandId, actor });
    }
  }
  history.sort((a, b) => (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : a.streamVersion - b.streamVersion));
  const rapport = createRapport({ eventStore, readModelStore });
  try {
    const asOf = '2026-06-30';
    const reports = {
      lifecycle: await rapport.lifecycle({ asOf }),
      attrition: await rapport.attrition({ period: '2025' }),
      kpis: await rapport.kpis({ period: '2026-Q2' }),
      winback: await rapport.winback({ asOf, all: true }),
      segments: await rapport.segments({ asOf }),
      cohorts: await rapport.cohorts(),
      complaints: await rapport.complaints({ period: '2025' }),
    };
    return { history, reports };
  } finally {
    await rapport.close();
  }
};
