// Read models are read page by page while a projector (another process) may commit: an answer
// counts only if they did not move while it was read. A projector catching up a long way commits
// several times a second, so a reader waits a little longer before each new try, and in the end
// says the read models are busy (StoreUnavailable: try again) rather than failing as a bug would.
import { StoreUnavailable } from '../ports/event-store.js';

/** Reads of read models that keep moving before the answer gives up. */
export const READ_ATTEMPTS = 8;

/** Before read number `attempt + 1`: 25, 50, 100, 200 ms, then 400 ms (some 1.6 s in all). */
export const pauseBeforeReadingAgain = (attempt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.min(25 * 2 ** (attempt - 1), 400)));

/** The failure after the last attempt; `what` names the read models read. */
export const keptMoving = (what: string): StoreUnavailable =>
  new StoreUnavailable(`${what} changed under every one of ${READ_ATTEMPTS} reads: a projector or a rebuild is writing them meanwhile; ask again`);
