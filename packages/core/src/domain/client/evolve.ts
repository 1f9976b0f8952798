import { match } from 'ts-pattern';
import type { ClientEvent } from '../events.js';
import type { ClientState, RegisteredClient } from './state.js';

const registered = (state: ClientState, event: ClientEvent): RegisteredClient => {
  if (state === null) throw new Error(`${event.type} before ClientRegistered in client ${event.data.clientId}`);
  return state;
};

const withId = (set: ReadonlySet<string>, id: string): ReadonlySet<string> => new Set(set).add(id);

export const evolveClient = (state: ClientState, event: ClientEvent): ClientState =>
  match(event)
    .returnType<ClientState>()
    .with({ type: 'ClientRegistered' }, ({ data }) => ({
      clientId: data.clientId,
      ownerId: data.ownerId,
      stage: 'prospect',
      lifetime: 1,
      engagementIds: new Set(),
      complaints: new Map(),
    }))
    .with({ type: 'ClientReassigned' }, (e) => ({ ...registered(state, e), ownerId: e.data.ownerId }))
    .with({ type: 'ClientContacted' }, (e) => {
      const s = registered(state, e);
      return s.stage === 'prospect' ? { ...s, stage: 'contacted' } : s;
    })
    .with({ type: 'ClientEngaged' }, (e) => {
      const s = registered(state, e);
      return { ...s, stage: 'engaged', engagementIds: withId(s.engagementIds, e.data.engagementId) };
    })
    .with({ type: 'ClientComplained' }, (e) => {
      const s = registered(state, e);
      return { ...s, complaints: new Map(s.complaints).set(e.data.complaintId, false) };
    })
    .with({ type: 'ComplaintResolved' }, (e) => {
      const s = registered(state, e);
      return { ...s, complaints: new Map(s.complaints).set(e.data.complaintId, true) };
    })
    .with({ type: 'ClientChurned' }, (e) => ({ ...registered(state, e), stage: 'churned' }))
    .with({ type: 'ClientReactivated' }, (e) => {
      const s = registered(state, e);
      return {
        ...s,
        stage: 'engaged',
        lifetime: e.data.lifetime,
        engagementIds: withId(s.engagementIds, e.data.engagementId),
      };
    })
    .exhaustive();
