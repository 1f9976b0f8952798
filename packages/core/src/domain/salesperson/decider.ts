import type { SalespersonCommand } from '../commands.js';
import type { Decider } from '../decider.js';
import type { SalespersonEvent } from '../events.js';
import { decideSalesperson } from './decide.js';
import { evolveSalesperson } from './evolve.js';
import { initialSalespersonState, type SalespersonState } from './state.js';

export const salespersonDecider: Decider<SalespersonCommand, SalespersonEvent, SalespersonState> = {
  initialState: initialSalespersonState,
  evolve: evolveSalesperson,
  decide: decideSalesperson,
};
