import { match } from 'ts-pattern';
import type { ClientEvent } from '../events.js';
import { stageAfter } from './stage.js';
import type { ClientState, RegisteredClient } from './state.js';

const registered = (state: ClientState, event: ClientEvent): RegisteredClient => {
  if (state === null) throw new Error(`${event.type} before ClientRegistered in client ${event.data.clientId}`);
  return state;
};

const withId = (set: ReadonlySet<string>, id: string): ReadonlySet<string> => new Set(set).add(id);

export const evolveClient = (state: ClientState, event: ClientEvent): ClientState =>
  match(event)
    .returnType<ClientState>()
    .with({ type: 'ClientRegistered' }, (e) => ({
      clientId: e.data.clientId,
      ownerId: e.data.ownerId,
      stage: stageAfter(null, e),
      lifetime: 1,
      lifetimeValue: 0,
      engagementIds: new Set(),
      complaints: new Map(),
    }))
    .with({ type: 'ClientReassigned' }, (e) => ({ ...registered(state, e), ownerId: e.data.ownerId }))
    .with({ type: 'ClientContacted' }, (e) => {
      const s = registered(state, e);
      const stage = stageAfter(s.stage, e);
      return stage === s.stage ? s : { ...s, stage };
    })
    .with({ type: 'ClientEngaged' }, (e) => {
      const s = registered(state, e);
      return {
        ...s,
        stage: stageAfter(s.stage, e),
        lifetimeValue: s.lifetimeValue + e.data.fee,
        engagementIds: withId(s.engagementIds, e.data.engagementId),
      };
    })
    .with({ type: 'ClientComplained' }, (e) => {
      const s = registered(state, e);
      return { ...s, complaints: new Map(s.complaints).set(e.data.complaintId, false) };
    })
    .with({ type: 'ComplaintResolved' }, (e) => {
      const s = registered(state, e);
      return { ...s, complaints: new Map(s.complaints).set(e.data.complaintId, true) };
    })
    .with({ type: 'ClientChurned' }, (e) => {
      const s = registered(state, e);
      return { ...s, stage: stageAfter(s.stage, e) };
    })
    .with({ type: 'ClientReactivated' }, (e) => {
      const s = registered(state, e);
      return {
        ...s,
        stage: stageAfter(s.stage, e),
        lifetime: e.data.lifetime,
        lifetimeValue: s.lifetimeValue + e.data.fee,
        engagementIds: withId(s.engagementIds, e.data.engagementId),
      };
    })
    .exhaustive();
