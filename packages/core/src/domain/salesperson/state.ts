/** A salesperson's plans do not constrain later commands, so existence is all the decider keeps. */
export type SalespersonState = { readonly salespersonId: string } | null;

export const initialSalespersonState: SalespersonState = null;
