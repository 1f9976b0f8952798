// The appends this process has under way against PostgreSQL. Until such an INSERT's transaction
// ends, readers of the log stay below it (schema.ts: readableBelow), so an event appended after it
// began is not readable yet, even by the process that appended it once its own INSERT returned.
// The store's reads of the log first wait for the writes under way, so that a process always reads
// what it has just appended, whichever of its stores (or connections) the earlier writes went by.
// Writes of other processes can hold a reader back the same way: a read of the whole log waits for
// what they hide (read-horizon.ts), and a follower reads it at its next read.

const underWay = new Set<Promise<unknown>>();

/** Registers a write under way; `endWrite` with the same promise once it has settled. */
export const startWrite = (write: Promise<unknown>): void => {
  underWay.add(write);
};

export const endWrite = (write: Promise<unknown>): void => {
  underWay.delete(write);
};

/** Settles when the writes under way now have all ended, either way; undefined when there are none. */
export const writesInFlight = (): Promise<void> | undefined =>
  underWay.size === 0 ? undefined : Promise.allSettled(underWay).then(() => undefined);
