// Command codecs (SPEC §2–3): the one definition of every command's runtime check and static type.
import * as t from 'io-ts';
import {
  Count, Id, Instant, Money, Month, NonEmptyString, PositiveMoney, Text, TimeZone, Year, optional,
} from './primitives.js';
import { Channel, ChurnReason, ComplaintCategory, Severity, Source } from './vocabulary.js';

/** Fields every command may carry; none of them reaches an event's `data`. */
const common = {
  commandId: optional(Id),
  occurredAt: optional(Instant),
  actor: optional(NonEmptyString),
  correlationId: optional(Text),
  causationId: optional(Text),
};

const command = <T extends string, R extends t.Props, O extends t.Props>(type: T, required: R, optionals: O) =>
  t.exact(
    t.intersection([
      t.type({ type: t.literal(type), ...required }),
      t.partial({ ...common, ...optionals }),
    ]),
    type,
  );

export const RegisterSalesperson = command('RegisterSalesperson', { salespersonId: Id, name: NonEmptyString }, {});
export const SetAnnualPlan = command(
  'SetAnnualPlan',
  { salespersonId: Id, year: Year, newClientsTarget: Count, newBusinessTarget: Money },
  {},
);
export const SetVisitPlan = command('SetVisitPlan', { salespersonId: Id, month: Month, plannedVisits: Count }, {});

export const RegisterClient = command(
  'RegisterClient',
  { clientId: Id, name: NonEmptyString, ownerId: Id },
  { source: optional(Source), industry: optional(Text) },
);
export const ReassignClient = command('ReassignClient', { clientId: Id, ownerId: Id }, { reason: optional(Text) });
export const RecordContact = command(
  'RecordContact',
  { clientId: Id, channel: Channel },
  { salespersonId: optional(Id), summary: optional(Text) },
);
export const RecordEngagement = command(
  'RecordEngagement',
  { clientId: Id, engagementId: Id, fee: PositiveMoney },
  { serviceLine: optional(Text) },
);
export const FileComplaint = command(
  'FileComplaint',
  { clientId: Id, complaintId: Id, category: ComplaintCategory, severity: Severity },
  { description: optional(Text) },
);
export const ResolveComplaint = command(
  'ResolveComplaint',
  { clientId: Id, complaintId: Id },
  { outcome: optional(Text) },
);
export const RecordChurn = command('RecordChurn', { clientId: Id, reason: ChurnReason }, { note: optional(Text) });
export const ReactivateClient = command(
  'ReactivateClient',
  { clientId: Id, engagementId: Id, fee: PositiveMoney },
  { campaign: optional(Text) },
);

/** The firm's settings (SPEC §2); the decider requires at least one of the two. */
export const ConfigureFirm = command('ConfigureFirm', {}, { timeZone: optional(TimeZone), keyAccountThreshold: optional(Money) });

export const FirmCommandCodecs = { ConfigureFirm } as const;
export const SalespersonCommandCodecs = { RegisterSalesperson, SetAnnualPlan, SetVisitPlan } as const;
export const ClientCommandCodecs = {
  RegisterClient, ReassignClient, RecordContact, RecordEngagement, FileComplaint, ResolveComplaint,
  RecordChurn, ReactivateClient,
} as const;
export const CommandCodecs = { ...FirmCommandCodecs, ...SalespersonCommandCodecs, ...ClientCommandCodecs } as const;

export type CommandType = keyof typeof CommandCodecs;
export const COMMAND_TYPES = Object.keys(CommandCodecs) as CommandType[];

/** The fields each command type takes, read off its codec (its `type` included). */
const FIELDS = new Map<string, ReadonlySet<string>>(
  Object.entries(CommandCodecs).map(([type, codec]) => [type, new Set(codec.type.types.flatMap((part) => Object.keys(part.props)))]),
);

/**
 * Whether `field` is one a command of `type` takes: any other is ignored (SPEC §1). For a type no
 * command has, every field counts (the command is refused for its type anyway).
 */
export const isCommandField = (type: unknown, field: string): boolean => {
  const fields = typeof type === 'string' ? FIELDS.get(type) : undefined;
  return fields === undefined || fields.has(field);
};

export type ConfigureFirm = t.TypeOf<typeof ConfigureFirm>;
export type RegisterSalesperson = t.TypeOf<typeof RegisterSalesperson>;
export type SetAnnualPlan = t.TypeOf<typeof SetAnnualPlan>;
export type SetVisitPlan = t.TypeOf<typeof SetVisitPlan>;
export type RegisterClient = t.TypeOf<typeof RegisterClient>;
export type ReassignClient = t.TypeOf<typeof ReassignClient>;
export type RecordContact = t.TypeOf<typeof RecordContact>;
export type RecordEngagement = t.TypeOf<typeof RecordEngagement>;
export type FileComplaint = t.TypeOf<typeof FileComplaint>;
export type ResolveComplaint = t.TypeOf<typeof ResolveComplaint>;
export type RecordChurn = t.TypeOf<typeof RecordChurn>;
export type ReactivateClient = t.TypeOf<typeof ReactivateClient>;

export type SalespersonCommand = RegisterSalesperson | SetAnnualPlan | SetVisitPlan;
export type ClientCommand =
  | RegisterClient | ReassignClient | RecordContact | RecordEngagement | FileComplaint | ResolveComplaint
  | RecordChurn | ReactivateClient;
export type FirmCommand = ConfigureFirm;
export type Command = FirmCommand | SalespersonCommand | ClientCommand;

