// The `firm` projection: the firm's settings (SPEC §2), so reports find the firm's time zone and
// key-account threshold without reading the event store (a fold filtered by --known-at gives the
// settings recorded by then).
import { evolveFirm } from '../../domain/firm/evolve.js';
import { initialFirmState, type FirmSettings } from '../../domain/firm/state.js';
import { isFirmEvent } from '../../domain/stream-kinds.js';
import type { Projection } from '../projection.js';

export const FIRM_SETTINGS_KEY = 'settings';

export type FirmCollections = { settings: FirmSettings };

export const firmProjection: Projection<FirmCollections> = {
  name: 'firm',
  version: 1,
  collections: ['settings'],
  handle: ({ event }, view) => {
    if (!isFirmEvent(event)) return [];
    const before = view.settings.get(FIRM_SETTINGS_KEY) ?? initialFirmState;
    return [{ collection: 'settings', key: FIRM_SETTINGS_KEY, doc: evolveFirm(before, event) }];
  },
};

/** The settings in a view of the firm projection; null fields where never set. */
export const firmSettingsOf = (view: { readonly settings: ReadonlyMap<string, FirmSettings> }): FirmSettings =>
  view.settings.get(FIRM_SETTINGS_KEY) ?? initialFirmState;
