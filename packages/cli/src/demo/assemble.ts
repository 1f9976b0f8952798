// From per-stream drafts to the one list the demo executes. Each command is entered a few minutes
// after it happened, some days or weeks late (so `--known-at` shows a difference); the list is in
// entry order, which must keep every stream in occurredAt order (SPEC's OutOfOrder rule) and
// register a salesperson before any client command that names them.
import { DAY, HOUR, MINUTE, formatDay, instantOf, iso, localDay } from './calendar.js';
import type { Stream } from './plans.js';
import type { Random } from './random.js';
import type { DemoEntry } from './types.js';
import type { Draft } from './world.js';

/** Share of client commands entered days to weeks after the fact; a lost client is often admitted late. */
const lateShare = (draft: Draft): number => (draft.type === 'RecordChurn' ? 0.2 : draft.type === 'RecordContact' ? 0.02 : 0.035);

interface Entered {
  readonly recordedAt: number;
  /** Order of generation: increases along each stream, and salespeople come before clients. */
  readonly seq: number;
  readonly draft: Draft;
}

const delay = (random: Random, draft: Draft, lateable: boolean): number =>
  lateable && random.chance(lateShare(draft))
    ? random.int(1, 35) * DAY + random.int(0, 8 * HOUR)
    : random.int(MINUTE, 40 * MINUTE);

export const assemble = (streams: readonly Stream[], random: Random): { readonly entries: DemoEntry[]; readonly lastDay: string } => {
  let last = -Infinity;
  for (const stream of streams) for (const draft of stream.drafts) last = Math.max(last, draft.at);
  const lastDay = localDay(last);
  // Nothing is entered after the evening of the last day: the store then knows the whole history.
  const cap = instantOf(lastDay, 23 * 60);

  const registered = new Map<string, number>();
  const entered: Entered[] = [];
  // The firm's settings (its first stream) are entered before anything else.
  let setUp = -Infinity;
  for (const stream of streams) {
    const lateable = stream.name.startsWith('client-');
    // Array.prototype.sort is stable: drafts at the same instant keep the order they were told in.
    const drafts = [...stream.drafts].sort((a, b) => a.at - b.at);
    let previous = -Infinity;
    for (const draft of drafts) {
      const after = draft.names === undefined ? -Infinity : registered.get(draft.names) ?? Infinity;
      const recordedAt = Math.max(Math.min(draft.at + delay(random, draft, lateable), cap), previous, after, setUp);
      if (draft.type === 'RegisterSalesperson') registered.set(String(draft.fields['salespersonId']), recordedAt);
      entered.push({ recordedAt, seq: entered.length, draft });
      previous = recordedAt;
    }
    if (stream.name === 'firm') setUp = previous;
  }
  entered.sort((a, b) => a.recordedAt - b.recordedAt || a.seq - b.seq);

  const width = Math.max(6, String(entered.length).length);
  const entries = entered.map(({ recordedAt, draft }, i): DemoEntry => ({
    command: { type: draft.type, commandId: `demo-${String(i + 1).padStart(width, '0')}`, occurredAt: iso(draft.at), actor: draft.actor, ...draft.fields },
    recordedAt: iso(recordedAt),
  }));
  return { entries, lastDay: formatDay(lastDay) };
};
