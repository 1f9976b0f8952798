// The lifecycle's one home (SPEC §3): which stage a client is in after an event. The decider's
// state and the `clients` projection both take their stage from here.
import type { ClientEvent } from '../events.js';
import type { Stage } from '../vocabulary.js';

/** The stage after `event`, given the stage before it (null before ClientRegistered). */
export const stageAfter = (stage: Stage | null, event: ClientEvent): Stage => {
  switch (event.type) {
    case 'ClientRegistered':
      return 'prospect';
    case 'ClientContacted':
      return stage === 'prospect' ? 'contacted' : (stage ?? 'prospect');
    case 'ClientEngaged':
    case 'ClientReactivated':
      return 'engaged';
    case 'ClientChurned':
      return 'churned';
    case 'ClientReassigned':
    case 'ClientComplained':
    case 'ComplaintResolved':
      return stage ?? 'prospect';
    default: {
      const unhandled: never = event;
      throw new Error(`unhandled client event ${(unhandled as ClientEvent).type}`);
    }
  }
};

/** An acquisition: the engagement that makes a prospect or contacted client active (SPEC §4.2). */
export const isAcquisition = (stage: Stage | null, event: ClientEvent): boolean =>
  event.type === 'ClientEngaged' && (stage === 'prospect' || stage === 'contacted');
