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

/**
 * Up to this many ids, a state's set or map is copied at each event: cheap, and most clients hold
 * a few. Beyond, copying made a busy client's stream quadratic, and it grows a shared one instead
 * (growing.ts).
 */
const COPIED_UP_TO = 32;

/** `set` and `id`. */
const withId = (set: ReadonlySet<string>, id: string): ReadonlySet<string> =>
  set instanceof GrowingSet ? set.with(id) : set.size < COPIED_UP_TO ? new Set(set).add(id) : GrowingSet.of(set).with(id);

/** `map` with `id` → `resolved`. */
const withComplaint = (map: ReadonlyMap<string, boolean>, id: string, resolved: boolean): ReadonlyMap<string, boolean> =>
  map instanceof GrowingMap ? map.with(id, resolved) : map.size < COPIED_UP_TO ? new Map(map).set(id, resolved) : GrowingMap.of(map).with(id, resolved);

export const evolveClient = (state: ClientState, event: ClientEvent): ClientState => {
  switch (event.type) {
    case 'ClientRegistered':
      return {
        clientId: event.data.clientId,
        ownerId: event.data.ownerId,
        stage: stageAfter(null, event),
        lifetime: 1,
        lifetimeValue: 0,
        engagementIds: new Set(),
        complaints: new Map(),
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
