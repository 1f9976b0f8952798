import type { ClientCommand } from '../commands.js';
import type { Decider } from '../decider.js';
import type { ClientEvent } from '../events.js';
import { decideClient } from './decide.js';
import { evolveClient } from './evolve.js';
import { initialClientState, type ClientState } from './state.js';

export const clientDecider: Decider<ClientCommand, ClientEvent, ClientState> = {
  initialState: initialClientState,
  evolve: evolveClient,
  decide: decideClient,
};
