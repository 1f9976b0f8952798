import type { FirmEvent } from '../events.js';
import type { FirmState } from './state.js';

/** Each given setting replaces the earlier value; the other keeps its value (SPEC §2). */
export const evolveFirm = (state: FirmState, event: FirmEvent): FirmState => ({
  timeZone: event.data.timeZone ?? state.timeZone,
  keyAccountThreshold: event.data.keyAccountThreshold ?? state.keyAccountThreshold,
});
