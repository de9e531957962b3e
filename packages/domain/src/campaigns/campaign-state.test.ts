import { describe, expect, it } from 'vitest';
import { transitionCampaign, type CampaignEvent, type CampaignState } from './campaign-state.js';

const activate: CampaignEvent = { type: 'activate' };
const pause: CampaignEvent = { type: 'pause', reason: 'MANUAL' };
const resume: CampaignEvent = { type: 'resume' };
const end: CampaignEvent = { type: 'end' };

describe('transitionCampaign', () => {
  it.each<[CampaignState, CampaignEvent, CampaignState]>([
    ['DRAFT', activate, 'ACTIVE'],
    ['DRAFT', end, 'ENDED'],
    ['ACTIVE', pause, 'PAUSED'],
    ['ACTIVE', end, 'ENDED'],
    ['PAUSED', resume, 'ACTIVE'],
    ['PAUSED', end, 'ENDED'],
  ])('%s --%o--> %s', (from, event, to) => {
    const result = transitionCampaign(from, event);
    expect(result.ok && result.value.state).toBe(to);
  });

  it.each<[CampaignState, CampaignEvent]>([
    ['DRAFT', pause],
    ['DRAFT', resume],
    ['ACTIVE', activate],
    ['ACTIVE', resume],
    ['PAUSED', pause],
    ['PAUSED', activate],
    ['ENDED', activate],
    ['ENDED', pause],
    ['ENDED', resume],
    ['ENDED', end],
  ])('refuses %s + %o', (from, event) => {
    const result = transitionCampaign(from, event);
    expect(result).toMatchObject({ ok: false, reason: 'INVALID_TRANSITION' });
    if (!result.ok) expect(result.explanation).toContain(from);
  });

  it('records the pause reason', () => {
    expect(transitionCampaign('ACTIVE', { type: 'pause', reason: 'BUDGET_EXHAUSTED' })).toEqual({
      ok: true,
      value: { state: 'PAUSED', pauseReason: 'BUDGET_EXHAUSTED' },
    });
  });

  it('explains that ENDED is final', () => {
    const result = transitionCampaign('ENDED', resume);
    expect(!result.ok && result.explanation).toContain('ENDED is final');
  });
});
