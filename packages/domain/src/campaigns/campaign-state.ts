import { fail, succeed, type Result } from '../shared/result.js';

/** Campaign lifecycle (contract enum CampaignState): DRAFT → ACTIVE ⇄ PAUSED → ENDED; ENDED is final. */
export type CampaignState = 'DRAFT' | 'ACTIVE' | 'PAUSED' | 'ENDED';

/** Why a campaign was paused; BUDGET_EXHAUSTED is set by the system when the period budget runs out. */
export type PauseReason = 'MANUAL' | 'BUDGET_EXHAUSTED';

export type CampaignEvent =
  | { type: 'activate' }
  | { type: 'pause'; reason: PauseReason }
  | { type: 'resume' }
  | { type: 'end' };

export type CampaignEventType = CampaignEvent['type'];

/** The transition table: for each state, the events it accepts and the state they lead to. */
export const CAMPAIGN_TRANSITIONS: Readonly<Record<CampaignState, Partial<Record<CampaignEventType, CampaignState>>>> = {
  DRAFT: { activate: 'ACTIVE', end: 'ENDED' },
  ACTIVE: { pause: 'PAUSED', end: 'ENDED' },
  PAUSED: { resume: 'ACTIVE', end: 'ENDED' },
  ENDED: {},
};

export type CampaignTransitionRefusal = 'INVALID_TRANSITION';

export interface CampaignTransition {
  state: CampaignState;
  /** Set when the new state is PAUSED. */
  pauseReason?: PauseReason;
}

/** Applies an event; refusals (the API maps them to CONFLICT) explain which state refused which event. */
export function transitionCampaign(
  state: CampaignState,
  event: CampaignEvent,
): Result<CampaignTransition, CampaignTransitionRefusal> {
  const next = CAMPAIGN_TRANSITIONS[state][event.type];
  if (next === undefined) {
    const allowed = Object.keys(CAMPAIGN_TRANSITIONS[state]);
    const tail = allowed.length === 0 ? `${state} is final` : `a ${state} campaign accepts only: ${allowed.join(', ')}`;
    return fail('INVALID_TRANSITION', `Cannot ${event.type} a campaign that is ${state}; ${tail}`);
  }
  return succeed(event.type === 'pause' ? { state: next, pauseReason: event.reason } : { state: next });
}
