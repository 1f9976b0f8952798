/** The firm's settings as the `firm` stream has them so far (SPEC §2); null where never set. */
export interface FirmSettings {
  readonly timeZone: string | null;
  readonly keyAccountThreshold: number | null;
}

export type FirmState = FirmSettings;

export const initialFirmState: FirmState = { timeZone: null, keyAccountThreshold: null };
