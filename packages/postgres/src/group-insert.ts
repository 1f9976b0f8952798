// Appends that arrive while others are being written go to the server together, as one INSERT:
// one statement, one commit and one WAL flush for all of them, instead of one each. The first
// appends go at once (a lone writer never waits); only when `maxInFlight` INSERTs are already
// under way do new ones queue, and the next to finish sends everything queued. If a combined
// INSERT collides, nobody can tell whose rows did, so each append is told to try again alone.
import type { SealedEvent } from '@rapport/core/store-kit';

export interface InsertedRow {
  readonly transaction_id: string;
  readonly position: string;
  readonly stream: string;
  readonly stream_version: number;
}

/** What the INSERT gave (every member's rows), or null: written with others, collided, try again alone. */
export type GroupInsert<R> = (sealed: readonly SealedEvent[]) => Promise<R | null>;

interface Waiting<R> {
  readonly sealed: readonly SealedEvent[];
  resolve(result: R | null): void;
  reject(cause: unknown): void;
}

export const createGroupInsert = <R>(
  insert: (sealed: readonly SealedEvent[]) => Promise<R>,
  isCollision: (cause: unknown) => boolean,
  maxInFlight: number,
): GroupInsert<R> => {
  let inFlight = 0;
  let queue: Waiting<R>[] = [];

  const send = async (members: readonly Waiting<R>[]): Promise<void> => {
    inFlight += 1;
    try {
      const result = await insert(members.length === 1 ? members[0]!.sealed : members.flatMap((m) => m.sealed));
      // Every member gets all rows and picks its own by (stream, version), which are unique.
      for (const m of members) m.resolve(result);
    } catch (cause) {
      for (const m of members) {
        if (members.length > 1 && isCollision(cause)) m.resolve(null);
        else m.reject(cause);
      }
    } finally {
      inFlight -= 1;
      sendQueued();
    }
  };

  const sendQueued = (): void => {
    if (queue.length === 0 || inFlight >= maxInFlight) return;
    const members = queue;
    queue = [];
    void send(members);
  };

  return async (sealed) => {
    // A lone writer's append, with nothing queued and room in flight, goes straight to the server:
    // the same INSERT as a group of one, without the promise and the queue around it, which cost a
    // one-at-a-time writer some 10 µs a command (cold after every wait on the server).
    if (queue.length === 0 && inFlight < maxInFlight) {
      inFlight += 1;
      try {
        return await insert(sealed);
      } finally {
        inFlight -= 1;
        sendQueued();
      }
    }
    return new Promise((resolve, reject) => {
      queue.push({ sealed, resolve, reject });
      sendQueued();
    });
  };
};
