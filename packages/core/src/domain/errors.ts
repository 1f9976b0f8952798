// The closed union of domain errors. Codes are the spec's; messages name the field or the rule.
export const DOMAIN_ERROR_CODES = [
  'InvalidCommand', 'ClientNotFound', 'OutOfOrder', 'Conflict',
  'SalespersonAlreadyRegistered', 'SalespersonNotFound',
  'ClientAlreadyRegistered', 'SameOwner', 'ClientChurned', 'DuplicateEngagement', 'NotAClient',
  'DuplicateComplaint', 'UnknownComplaint', 'ComplaintAlreadyResolved', 'NotActive', 'NotChurned',
] as const;
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export interface DomainError {
  readonly code: DomainErrorCode;
  readonly message: string;
  /** The command field the error is about, where there is one. */
  readonly field?: string;
}

export const domainError = (code: DomainErrorCode, message: string, field?: string): DomainError =>
  field === undefined ? { code, message } : { code, message, field };
