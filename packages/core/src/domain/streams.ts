// Stream naming (SPEC §1).
export const clientStream = (clientId: string): string => `client-${clientId}`;
export const salespersonStream = (salespersonId: string): string => `salesperson-${salespersonId}`;
