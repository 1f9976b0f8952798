// The salesperson read model: plans (the latest in the log wins, whatever its occurredAt) and
// contacts bucketed per salesperson per UTC day, so no document grows without bound.

export interface AnnualPlan {
  readonly newClientsTarget: number;
  readonly newBusinessTarget: number;
}

export interface SalespersonDoc {
  readonly salespersonId: string;
  readonly name: string;
  /** year ('2024') → the latest AnnualPlanSet for it. */
  readonly annualPlans: Readonly<Record<string, AnnualPlan>>;
  /** month ('2024-03') → plannedVisits of the latest VisitPlanSet for it. */
  readonly visitPlans: Readonly<Record<string, number>>;
}

export interface ContactEntry {
  readonly at: number;
  readonly visit: boolean;
}

/** The contacts one salesperson made in one UTC day, sorted by `at`. */
export interface ContactBucket {
  readonly salespersonId: string;
  /** UTC day 'YYYY-MM-DD'. */
  readonly day: string;
  readonly contacts: readonly ContactEntry[];
}

export type SalespeopleCollections = { salespeople: SalespersonDoc; contacts: ContactBucket };
