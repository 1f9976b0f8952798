// What the client decider must remember to enforce the rules of SPEC §3, and nothing more.
import type { Stage } from '../vocabulary.js';

export interface RegisteredClient {
  readonly clientId: string;
  readonly ownerId: string;
  readonly stage: Stage;
  readonly lifetime: number;
  /** Sum of every engagement's and reactivation's fee: bounded by 2^53−1 (SPEC §3). */
  readonly lifetimeValue: number;
  readonly engagementIds: ReadonlySet<string>;
  /** complaintId → resolved? */
  readonly complaints: ReadonlyMap<string, boolean>;
}

/** null until ClientRegistered. */
export type ClientState = RegisteredClient | null;

export const initialClientState: ClientState = null;
