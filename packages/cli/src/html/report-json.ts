// The JSON the CLI prints for each report (SPEC §4, §5), key for key. Declared here rather than
// imported so the page depends only on the published output format, not on library internals.
// `knownAt` is in the SPEC's shape for every report; the CLI of today does not print it yet.

export interface PeriodJson {
  readonly label: string;
  readonly start: string;
  readonly end: string;
}

export type ChurnReason = 'dissatisfied' | 'competitor' | 'negative-value' | 'involuntary' | 'other';
export type Stage = 'prospect' | 'contacted' | 'engaged' | 'churned';
export type ComplaintCategory = 'quality' | 'service' | 'price' | 'staff' | 'other';
export type ComplaintSeverity = 'low' | 'medium' | 'high';
export type WinbackAction = 'apologise-and-fix' | 'differentiated-offer' | 'call-to-learn-reason' | 'let-go';

/** §4.2: the same keys for the firm and for each salesperson. */
export interface AttritionFiguresJson {
  readonly activeAtStart: number;
  readonly acquired: number;
  readonly reactivated: number;
  readonly churnEvents: number;
  readonly churnedByReason: Readonly<Record<ChurnReason, number>>;
  readonly lost: number;
  readonly controllableLost: number;
  readonly activeAtEnd: number;
  readonly attritionRate: number | null;
  readonly controllableAttritionRate: number | null;
}

export interface AttritionJson {
  readonly period: PeriodJson;
  readonly knownAt?: string | null;
  readonly firm: AttritionFiguresJson;
  readonly bySalesperson: readonly (AttritionFiguresJson & { readonly salespersonId: string })[];
}

/** §4.3 */
export interface SalespersonKpisJson {
  readonly salespersonId: string;
  readonly contacts: number;
  readonly visits: number;
  readonly plannedVisits: number;
  readonly visitPlanCompletion: number | null;
  readonly newClients: number;
  readonly newClientsTarget: number | null;
  readonly newClientsAttainment: number | null;
  readonly newBusiness: number;
  readonly newBusinessTarget: number | null;
  readonly newBusinessAttainment: number | null;
  readonly complaints: number;
  readonly complaintsResolved: number;
  readonly meanResolutionHours: number | null;
  readonly winBacks: number;
  readonly activeAtStart: number;
  readonly lost: number;
  readonly controllableLost: number;
  readonly attritionRate: number | null;
  readonly controllableAttritionRate: number | null;
  readonly activeAtEnd: number;
}

export interface KpisJson {
  readonly period: PeriodJson;
  readonly knownAt?: string | null;
  readonly salespeople: readonly SalespersonKpisJson[];
}

/** §4.8 */
export interface ComplaintsJson {
  readonly period: PeriodJson;
  readonly knownAt?: string | null;
  readonly firm: {
    readonly filed: number;
    readonly byCategory: Readonly<Record<ComplaintCategory, number>>;
    readonly bySeverity: Readonly<Record<ComplaintSeverity, number>>;
    readonly resolved: number;
    readonly meanResolutionHours: number | null;
    readonly openAtEnd: number;
    readonly overdueAtEnd: number;
    readonly churnedAfterComplaint: number;
  };
  readonly bySalesperson: readonly {
    readonly salespersonId: string;
    readonly filed: number;
    readonly resolved: number;
    readonly meanResolutionHours: number | null;
    readonly openAtEnd: number;
    readonly overdueAtEnd: number;
  }[];
}

/** §4.1 */
export interface LifecycleJson {
  readonly asOf: string;
  readonly knownAt?: string | null;
  readonly counts: Readonly<Record<Stage, number>>;
  readonly clients: readonly {
    readonly clientId: string;
    readonly name: string;
    readonly stage: Stage;
    readonly stageSince: string;
    readonly ownerId: string;
    readonly lifetime: number;
    readonly lifetimeValue: number;
  }[];
}

/** §4.4 */
export interface WinbackClientJson {
  readonly clientId: string;
  readonly name: string;
  readonly ownerId: string;
  readonly churnedAt: string;
  readonly reason: ChurnReason;
  readonly daysSinceChurn: number;
  readonly lifetimeValue: number;
  readonly openComplaints: number;
  readonly score: number;
  readonly action: WinbackAction;
}

export interface WinbackJson {
  readonly asOf: string;
  readonly knownAt?: string | null;
  readonly clients: readonly WinbackClientJson[];
}

/** §4.5 */
export interface SegmentClientJson {
  readonly clientId: string;
  readonly name: string;
  readonly ownerId: string;
  readonly revenue12m: number;
  readonly share: number;
  readonly cumulativeShare: number;
  readonly tier: 'key' | 'general';
  readonly keyAccount: boolean;
}

export interface SegmentsJson {
  readonly asOf: string;
  readonly knownAt?: string | null;
  readonly totalRevenue12m: number;
  readonly clients: readonly SegmentClientJson[];
}

/** §4.6 */
export interface CohortsJson {
  readonly knownAt?: string | null;
  readonly cohorts: readonly {
    readonly cohort: string;
    readonly size: number;
    readonly retention: readonly number[];
  }[];
}
