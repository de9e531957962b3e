import { describe, expect, it } from 'vitest';
import { checkApprovalRouting, decideApprovalRequest, deciderOf } from './approval-decision.js';

describe('decideApprovalRequest', () => {
  it.each([
    { state: 'PENDING', approve: true, expected: 'APPROVED' },
    { state: 'PENDING', approve: false, expected: 'REJECTED' },
  ] as const)('$state + approve=$approve → $expected', ({ state, approve, expected }) => {
    expect(decideApprovalRequest({ state, requestedById: '1' }, '2', approve)).toEqual({ ok: true, value: expected });
  });

  it.each([
    { state: 'APPROVED', approve: true },
    { state: 'APPROVED', approve: false },
    { state: 'REJECTED', approve: true },
    { state: 'REJECTED', approve: false },
  ] as const)('a decided request ($state) cannot be decided again', ({ state, approve }) => {
    const result = decideApprovalRequest({ state, requestedById: '1' }, '2', approve);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toBe('ALREADY_DECIDED');
  });

  it('the requester never decides, even a pending request', () => {
    const result = decideApprovalRequest({ state: 'PENDING', requestedById: '7' }, '7', true);
    expect(result).toMatchObject({ ok: false, reason: 'OWN_REQUEST' });
  });
});

describe('routing', () => {
  it.each([
    ['AD_HOC_DISCOUNT', 'SUPERVISOR_OF_UNIT'],
    ['CAMPAIGN_EXTENSION', 'FINANCE_MANAGER'],
    ['BUDGET_INCREASE', 'FINANCE_MANAGER'],
    ['ONE_PER_CUSTOMER_EXCEPTION', 'FINANCE_MANAGER'],
  ] as const)('%s is decided by %s', (subject, decider) => {
    expect(deciderOf(subject)).toBe(decider);
  });

  it('an ad hoc discount request needs a deciding unit; finance subjects do not', () => {
    expect(checkApprovalRouting('AD_HOC_DISCOUNT', null)).toMatchObject({ ok: false, reason: 'MISSING_UNIT', field: 'decidingUnitId' });
    expect(checkApprovalRouting('AD_HOC_DISCOUNT', '3')).toEqual({ ok: true, value: 'SUPERVISOR_OF_UNIT' });
    expect(checkApprovalRouting('BUDGET_INCREASE', null)).toEqual({ ok: true, value: 'FINANCE_MANAGER' });
  });
});
