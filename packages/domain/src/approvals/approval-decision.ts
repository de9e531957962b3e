import { type Result, fail, succeed } from '../shared/result.js';

/** SPEC §7: one approval mechanism for every subject. */
export type ApprovalSubject = 'AD_HOC_DISCOUNT' | 'CAMPAIGN_EXTENSION' | 'ONE_PER_CUSTOMER_EXCEPTION' | 'BUDGET_INCREASE';
export type ApprovalState = 'PENDING' | 'APPROVED' | 'REJECTED';
export type ApprovalDecider = 'SUPERVISOR_OF_UNIT' | 'FINANCE_MANAGER';

/** Who decides a subject: an ad hoc discount, a supervisor of the definition's approval unit; the rest, finance. */
export function deciderOf(subject: ApprovalSubject): ApprovalDecider {
  return subject === 'AD_HOC_DISCOUNT' ? 'SUPERVISOR_OF_UNIT' : 'FINANCE_MANAGER';
}

/** The life cycle: a request is decided once; APPROVED and REJECTED are final. */
export const APPROVAL_TRANSITIONS: Readonly<Record<ApprovalState, Partial<Record<'APPROVE' | 'REJECT', ApprovalState>>>> = {
  PENDING: { APPROVE: 'APPROVED', REJECT: 'REJECTED' },
  APPROVED: {},
  REJECTED: {},
};

export type ApprovalDecisionRefusal = 'ALREADY_DECIDED' | 'OWN_REQUEST' | 'MISSING_UNIT';

/**
 * Whether this person may decide this request now, and the state it moves to. Whether their role and
 * unit fit the subject is the ability's question (packages/authz); this is the rest of the rule.
 */
export function decideApprovalRequest(
  request: { state: ApprovalState; requestedById: string },
  deciderId: string,
  approve: boolean,
): Result<ApprovalState, ApprovalDecisionRefusal> {
  if (request.requestedById === deciderId) {
    return fail('OWN_REQUEST', 'A request is never decided by the person who asked for it', 'id');
  }
  const next = APPROVAL_TRANSITIONS[request.state][approve ? 'APPROVE' : 'REJECT'];
  if (next === undefined) return fail('ALREADY_DECIDED', `This request was already decided (${request.state})`, 'id');
  return succeed(next);
}

/** A request that a supervisor decides must name the unit whose supervisors decide it. */
export function checkApprovalRouting(subject: ApprovalSubject, decidingUnitId: string | null | undefined): Result<ApprovalDecider, ApprovalDecisionRefusal> {
  const decider = deciderOf(subject);
  if (decider === 'SUPERVISOR_OF_UNIT' && !decidingUnitId) {
    return fail('MISSING_UNIT', `A ${subject} request needs the unit whose supervisors decide it`, 'decidingUnitId');
  }
  return succeed(decider);
}
