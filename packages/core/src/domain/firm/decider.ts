import type { FirmCommand } from '../commands.js';
import type { Decider } from '../decider.js';
import type { FirmEvent } from '../events.js';
import { decideFirm } from './decide.js';
import { evolveFirm } from './evolve.js';
import { initialFirmState, type FirmState } from './state.js';

export const firmDecider: Decider<FirmCommand, FirmEvent, FirmState> = {
  initialState: initialFirmState,
  evolve: evolveFirm,
  decide: decideFirm,
};
