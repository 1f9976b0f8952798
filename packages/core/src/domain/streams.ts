// Stream naming (SPEC §1).
export const clientStream = (clientId: string): string => `client-${clientId}`;
export const salespersonStream = (salespersonId: string): string => `salesperson-${salespersonId}`;
/** The firm's settings (SPEC §2): one stream for the whole firm. */
export const FIRM_STREAM = 'firm';
