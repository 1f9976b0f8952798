// An independent check that a generated firm would be executed without a single rejection: the
// entry order (recordedAt), every stream's occurredAt order, and each rule of SPEC §2–§3, replayed
// on a minimal model of the streams. Returns the problems found (empty when the firm is sound).
import type { DemoFirm } from './types.js';

const ID = /^[A-Za-z0-9._:-]{1,64}$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{3})?Z$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DAY_MS = 86_400_000;
const OFFSET_MS = 8 * 3_600_000;

const ENUMS: Readonly<Record<string, readonly string[]>> = {
  source: ['exhibition', 'referral', 'b2b-platform', 'search', 'other'],
  channel: ['visit', 'call', 'email', 'meeting', 'other'],
  category: ['quality', 'service', 'price', 'staff', 'other'],
  severity: ['low', 'medium', 'high'],
  reason: ['dissatisfied', 'competitor', 'negative-value', 'involuntary', 'other'],
};

interface ClientModel {
  stage: 'prospect' | 'contacted' | 'engaged' | 'churned';
  ownerId: string;
  lifetimeValue: number;
  readonly engagements: Set<string>;
  /** complaintId → resolved */
  readonly complaints: Map<string, boolean>;
}

const instantOf = (text: unknown): number | null => {
  if (typeof text !== 'string') return null;
  const m = INSTANT.exec(text);
  if (m === null) return null;
  const ms = Date.parse(text);
  // A real calendar date: 2023-02-30 parses to March, so the round trip must give the same day.
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text.slice(0, 10) ? null : ms;
};

const streamOf = (command: Readonly<Record<string, unknown>>): string => {
  const type = command['type'];
  if (type === 'ConfigureFirm') return 'firm';
  if (type === 'RegisterSalesperson' || type === 'SetAnnualPlan' || type === 'SetVisitPlan') return `salesperson-${String(command['salespersonId'])}`;
  return `client-${String(command['clientId'])}`;
};

const isMoney = (value: unknown, min: number): boolean => typeof value === 'number' && Number.isSafeInteger(value) && value >= min;

/** Checks one command against the model, updating it; returns the rule broken, or null. */
const decide = (command: Readonly<Record<string, unknown>>, salespeople: Set<string>, clients: Map<string, ClientModel>): string | null => {
  const type = command['type'];
  const str = (field: string): string => String(command[field]);
  for (const field of ['clientId', 'salespersonId', 'ownerId', 'engagementId', 'complaintId']) {
    if (command[field] !== undefined && (typeof command[field] !== 'string' || !ID.test(str(field)))) return `InvalidCommand: ${field}`;
  }
  for (const [field, values] of Object.entries(ENUMS)) {
    // ReassignClient's reason is free text; RecordChurn's is one of five.
    if (field === 'reason' && type !== 'RecordChurn') continue;
    if (command[field] !== undefined && !values.includes(str(field))) return `InvalidCommand: ${field}`;
  }
  switch (type) {
    case 'ConfigureFirm':
      return command['timeZone'] === undefined && command['keyAccountThreshold'] === undefined ? 'InvalidCommand: empty ConfigureFirm' : null;
    case 'RegisterSalesperson':
      if (salespeople.has(str('salespersonId'))) return 'SalespersonAlreadyRegistered';
      if (typeof command['name'] !== 'string' || command['name'] === '') return 'InvalidCommand: name';
      salespeople.add(str('salespersonId'));
      return null;
    case 'SetAnnualPlan': {
      if (!salespeople.has(str('salespersonId'))) return 'SalespersonNotFound';
      const year = command['year'];
      if (typeof year !== 'number' || !Number.isInteger(year) || year < 2000 || year > 2100) return 'InvalidCommand: year';
      return isMoney(command['newClientsTarget'], 0) && isMoney(command['newBusinessTarget'], 0) ? null : 'InvalidCommand: target';
    }
    case 'SetVisitPlan':
      if (!salespeople.has(str('salespersonId'))) return 'SalespersonNotFound';
      if (!MONTH.test(str('month'))) return 'InvalidCommand: month';
      return isMoney(command['plannedVisits'], 0) ? null : 'InvalidCommand: plannedVisits';
  }
  const clientId = str('clientId');
  const client = clients.get(clientId);
  if (type === 'RegisterClient') {
    if (client !== undefined) return 'ClientAlreadyRegistered';
    if (!salespeople.has(str('ownerId'))) return 'SalespersonNotFound';
    clients.set(clientId, { stage: 'prospect', ownerId: str('ownerId'), lifetimeValue: 0, engagements: new Set(), complaints: new Map() });
    return null;
  }
  if (client === undefined) return 'ClientNotFound';
  switch (type) {
    case 'ReassignClient':
      if (!salespeople.has(str('ownerId'))) return 'SalespersonNotFound';
      if (client.ownerId === str('ownerId')) return 'SameOwner';
      client.ownerId = str('ownerId');
      return null;
    case 'RecordContact':
      if (command['channel'] === undefined) return 'InvalidCommand: channel';
      if (command['salespersonId'] !== undefined && !salespeople.has(str('salespersonId'))) return 'SalespersonNotFound';
      if (client.stage === 'prospect') client.stage = 'contacted';
      return null;
    case 'RecordEngagement':
    case 'ReactivateClient': {
      if (type === 'RecordEngagement' && client.stage === 'churned') return 'ClientChurned';
      if (type === 'ReactivateClient' && client.stage !== 'churned') return 'NotChurned';
      if (client.engagements.has(str('engagementId'))) return 'DuplicateEngagement';
      const fee = command['fee'];
      if (typeof fee !== 'number' || !isMoney(fee, 1) || !Number.isSafeInteger(client.lifetimeValue + fee)) return 'InvalidCommand: fee';
      client.engagements.add(str('engagementId'));
      client.lifetimeValue += fee;
      client.stage = 'engaged';
      return null;
    }
    case 'FileComplaint':
      if (client.stage !== 'engaged' && client.stage !== 'churned') return 'NotAClient';
      if (client.complaints.has(str('complaintId'))) return 'DuplicateComplaint';
      if (command['category'] === undefined || command['severity'] === undefined) return 'InvalidCommand: category/severity';
      client.complaints.set(str('complaintId'), false);
      return null;
    case 'ResolveComplaint': {
      const resolved = client.complaints.get(str('complaintId'));
      if (resolved === undefined) return 'UnknownComplaint';
      if (resolved) return 'ComplaintAlreadyResolved';
      client.complaints.set(str('complaintId'), true);
      return null;
    }
    case 'RecordChurn':
      if (client.stage !== 'engaged') return 'NotActive';
      if (command['reason'] === undefined) return 'InvalidCommand: reason';
      client.stage = 'churned';
      return null;
    default:
      return `InvalidCommand: unknown type ${String(type)}`;
  }
};

export const checkDemoFirm = (firm: DemoFirm): string[] => {
  const problems: string[] = [];
  // Local days below are read at UTC+8.
  if (firm.timeZone !== 'Asia/Shanghai') problems.push(`timeZone ${firm.timeZone} is not Asia/Shanghai`);
  const report = (index: number, message: string): void => {
    if (problems.length < 20) problems.push(`entry ${index}: ${message}`);
  };
  const commandIds = new Set<string>();
  const lastInStream = new Map<string, number>();
  const salespeople = new Set<string>();
  const clients = new Map<string, ClientModel>();
  let previousRecorded = -Infinity;
  let lastOccurred = -Infinity;
  firm.entries.forEach((entry, index) => {
    const { command } = entry;
    if (index === 0 && command['type'] !== 'ConfigureFirm') report(index, 'the first entry is not ConfigureFirm');
    const commandId = command['commandId'];
    if (typeof commandId !== 'string' || !ID.test(commandId) || commandIds.has(commandId)) report(index, `commandId ${String(commandId)} missing, malformed or repeated`);
    else commandIds.add(commandId);
    if (typeof command['actor'] !== 'string' || command['actor'] === '') report(index, 'actor missing');
    const occurred = instantOf(command['occurredAt']);
    const recorded = Date.parse(entry.recordedAt);
    if (occurred === null) return report(index, `occurredAt ${String(command['occurredAt'])} malformed`);
    if (Number.isNaN(recorded) || new Date(recorded).toISOString() !== entry.recordedAt) return report(index, `recordedAt ${entry.recordedAt} not in toISOString form`);
    if (recorded < previousRecorded) report(index, 'recordedAt goes backwards');
    if (recorded < occurred) report(index, 'recordedAt before occurredAt');
    previousRecorded = Math.max(previousRecorded, recorded);
    lastOccurred = Math.max(lastOccurred, occurred);
    const stream = streamOf(command);
    if (occurred < (lastInStream.get(stream) ?? -Infinity)) report(index, `OutOfOrder in ${stream}`);
    lastInStream.set(stream, occurred);
    const broken = decide(command, salespeople, clients);
    if (broken !== null) report(index, `${String(command['type'])} on ${stream}: ${broken}`);
  });
  const lastDay = new Date(Math.floor((lastOccurred + OFFSET_MS) / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
  if (firm.entries.length > 0 && lastDay !== firm.lastDay) problems.push(`lastDay ${firm.lastDay} is not the local day of the last occurredAt (${lastDay})`);
  return problems;
};
