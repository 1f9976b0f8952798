// What the client decider must remember to enforce the rules of SPEC §3, and nothing more.
import type { Stage } from '../vocabulary.js';

export interface RegisteredClient {
  readonly clientId: string;
  readonly ownerId: string;
  readonly stage: Stage;
  readonly lifetime: number;
  readonly engagementIds: ReadonlySet<string>;
  /** complaintId → resolved? */
  readonly complaints: ReadonlyMap<string, boolean>;
}

/** null until ClientRegistered. */
export type ClientState = RegisteredClient | null;

export const initialClientState: ClientState = null;
