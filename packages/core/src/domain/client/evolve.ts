// The client decider's state after each event. A `switch` with a `never` check (STYLE.md): it runs
// on every command and every loaded event, where a ts-pattern match costs ~3× as much.
import type { ClientEvent } from '../events.js';
import { GrowingMap, GrowingSet } from './growing.js';
import { stageAfter } from './stage.js';
import type { ClientState, RegisteredClient } from './state.js';

const registered = (state: ClientState, event: ClientEvent): RegisteredClient => {
  if (state === null) throw new Error(`${event.type} before ClientRegistered in client ${event.data.clientId}`);
  return state;
};

/** `set` and `id`: a state's own sets grow in place on their shared log (growing.ts); any other is copied. */
const withId = (set: ReadonlySet<string>, id: string): ReadonlySet<string> => (set instanceof GrowingSet ? set.with(id) : new Set(set).add(id));

/** `map` with `id` → `resolved`, as withId grows a set. */
const withComplaint = (map: ReadonlyMap<string, boolean>, id: string, resolved: boolean): ReadonlyMap<string, boolean> =>
  map instanceof GrowingMap ? map.with(id, resolved) : new Map(map).set(id, resolved);

export const evolveClient = (state: ClientState, event: ClientEvent): ClientState => {
  switch (event.type) {
    case 'ClientRegistered':
      return {
        clientId: event.data.clientId,
        ownerId: event.data.ownerId,
        stage: stageAfter(null, event),
        lifetime: 1,
        lifetimeValue: 0,
        engagementIds: GrowingSet.empty(),
        complaints: GrowingMap.empty<boolean>(),
      };
    case 'ClientReassigned':
      return { ...registered(state, event), ownerId: event.data.ownerId };
    case 'ClientContacted': {
      const s = registered(state, event);
      const stage = stageAfter(s.stage, event);
      return stage === s.stage ? s : { ...s, stage };
    }
    case 'ClientEngaged': {
      const s = registered(state, event);
      return {
        ...s,
        stage: stageAfter(s.stage, event),
        lifetimeValue: s.lifetimeValue + event.data.fee,
        engagementIds: withId(s.engagementIds, event.data.engagementId),
      };
    }
    case 'ClientComplained': {
      const s = registered(state, event);
      return { ...s, complaints: withComplaint(s.complaints, event.data.complaintId, false) };
    }
    case 'ComplaintResolved': {
      const s = registered(state, event);
      return { ...s, complaints: withComplaint(s.complaints, event.data.complaintId, true) };
    }
    case 'ClientChurned': {
      const s = registered(state, event);
      return { ...s, stage: stageAfter(s.stage, event) };
    }
    case 'ClientReactivated': {
      const s = registered(state, event);
      return {
        ...s,
        stage: stageAfter(s.stage, event),
        lifetime: event.data.lifetime,
        lifetimeValue: s.lifetimeValue + event.data.fee,
        engagementIds: withId(s.engagementIds, event.data.engagementId),
      };
    }
    default: {
      const unhandled: never = event;
      throw new Error(`unhandled client event ${(unhandled as ClientEvent).type}`);
    }
  }
};
