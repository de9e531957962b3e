import { DateTime } from 'luxon';
import { currencyMinorUnits, parseDecimal } from '../shared/money.js';
import { type Result, fail, succeed } from '../shared/result.js';
import type { DiscountTerms } from './bill-preview.js';
import { inclusiveEndMs, isDefinitionValidAt, type AdditiveDiscountDefinitionData, type ApprovalMethod, type DiscountTarget, type Period } from './definition.js';

export type AdHocDiscountState = 'PENDING_APPROVAL' | 'APPROVED' | 'CANCELLED';
export type AdHocDiscountEvent = 'APPROVE' | 'CANCEL';

/** The life cycle: only a pending discount can be approved or cancelled; approved and cancelled are final. */
export const AD_HOC_DISCOUNT_TRANSITIONS: Readonly<Record<AdHocDiscountState, Partial<Record<AdHocDiscountEvent, AdHocDiscountState>>>> = {
  PENDING_APPROVAL: { APPROVE: 'APPROVED', CANCEL: 'CANCELLED' },
  APPROVED: {},
  CANCELLED: {},
};

export function transitionAdHocDiscount(
  state: AdHocDiscountState,
  event: AdHocDiscountEvent,
): Result<AdHocDiscountState, 'INVALID_TRANSITION'> {
  const next = AD_HOC_DISCOUNT_TRANSITIONS[state][event];
  return next === undefined
    ? fail('INVALID_TRANSITION', `An ad hoc discount in state ${state} cannot be ${event === 'APPROVE' ? 'approved' : 'cancelled'}`, 'state')
    : succeed(next);
}

/** Only a pending discount can be modified. */
export function canModify(state: AdHocDiscountState): boolean {
  return state === 'PENDING_APPROVAL';
}

/** AUTOMATIC approval creates the discount APPROVED; MANUAL creates it PENDING_APPROVAL. */
export function initialAdHocDiscountState(method: ApprovalMethod): AdHocDiscountState {
  return method === 'AUTOMATIC' ? 'APPROVED' : 'PENDING_APPROVAL';
}

export interface AdHocDiscountSubmission {
  targetKind: DiscountTarget;
  /** The billed target's currency (the definition's currency, when it has one, wins). */
  targetCurrency?: string | null;
  amount?: string | null;
  percentage?: string | null;
  freePeriodDays?: number | null;
  applicableProductIds?: readonly string[];
  effectiveDate?: string | null;
  expirationDate?: string | null;
}

/** What the discount gets: the value per its definition and the dates per the duration. */
export interface ResolvedAdHocDiscount extends DiscountTerms {
  onceOff: boolean;
}

export type SubmissionFailureReason =
  | 'NOT_AD_HOC'
  | 'TARGET_MISMATCH'
  | 'DEFINITION_NOT_VALID'
  | 'VALUE_OUT_OF_RANGE'
  | 'VALUE_PRECISION'
  | 'DATES_REQUIRED'
  | 'DATES_OUT_OF_VALIDITY'
  | 'DATES_NOT_ALLOWED';

/**
 * Validates a submission against its definition at `now`. Decisions: AMOUNT, PERCENTAGE and
 * FREE_PERIOD take the definition's value (a submitted value must equal it or be absent);
 * AMOUNT_RANGE needs an amount within [min, max] (per billing period); FIXED_DATE runs from now (or a
 * later effective date the agent gives) until durationUntil (refused once that date has passed; an
 * expiration, if given, must be that date); FLEXIBLE needs effective ≤ expiration, both
 * within the definition's validity (expiry inclusive, see `inclusiveEndMs`); ONCE_OFF takes no dates.
 */
export function validateAdHocSubmission(
  def: AdditiveDiscountDefinitionData,
  sub: AdHocDiscountSubmission,
  now: string,
): Result<ResolvedAdHocDiscount, SubmissionFailureReason> {
  if (def.application !== 'AD_HOC') return fail('NOT_AD_HOC', 'Only an AD_HOC definition can be added by an agent', 'input.definitionId');
  if (def.target !== sub.targetKind) {
    return fail('TARGET_MISMATCH', `This definition is for a ${def.target.toLowerCase()}`, sub.targetKind === 'JOB' ? 'input.jobId' : 'input.subscriptionId');
  }
  if (!isDefinitionValidAt(def, now)) {
    return fail('DEFINITION_NOT_VALID', 'The definition is not valid now (outside its effective and expiration dates)', 'input.definitionId');
  }
  const resolved: ResolvedAdHocDiscount = { applicableProductIds: sub.applicableProductIds ?? [], onceOff: def.duration === 'ONCE_OFF' };
  switch (def.valueKind) {
    case 'AMOUNT_RANGE': {
      const v = parseDecimal(sub.amount ?? undefined);
      const min = parseDecimal(def.minAmount ?? '0');
      const max = parseDecimal(def.maxAmount ?? '0');
      if (v === undefined || min === undefined || max === undefined || v.lt(min) || v.gt(max)) {
        return fail('VALUE_OUT_OF_RANGE', `The amount must be between ${def.minAmount ?? '?'} and ${def.maxAmount ?? '?'} per billing period`, 'input.amount');
      }
      // Never rounded silently: the amount is exact to the currency's minor unit or refused.
      const currency = def.currency || sub.targetCurrency || 'EUR';
      const digits = currencyMinorUnits(currency);
      if (v.decimalPlaces() > digits) return fail('VALUE_PRECISION', `The amount has more than the ${digits} decimal places of ${currency}: ${sub.amount}`, 'input.amount');
      resolved.amount = sub.amount ?? undefined;
      break;
    }
    case 'AMOUNT':
      if (sub.amount != null && !parseDecimal(sub.amount)?.eq(def.amount ?? '0')) return fail('VALUE_OUT_OF_RANGE', `The amount is fixed at ${def.amount ?? '?'}`, 'input.amount');
      resolved.amount = def.amount ?? undefined;
      break;
    case 'PERCENTAGE':
      if (sub.percentage != null && !parseDecimal(sub.percentage)?.eq(def.percentage ?? '0')) return fail('VALUE_OUT_OF_RANGE', `The percentage is fixed at ${def.percentage ?? '?'}`, 'input.percentage');
      resolved.percentage = def.percentage ?? undefined;
      break;
    case 'FREE_PERIOD':
      if (sub.freePeriodDays != null && sub.freePeriodDays !== def.freePeriodDays) return fail('VALUE_OUT_OF_RANGE', `The free period is fixed at ${def.freePeriodDays ?? '?'} days`, 'input.freePeriodDays');
      resolved.freePeriodDays = def.freePeriodDays ?? undefined;
      break;
  }
  if (def.duration === 'ONCE_OFF') {
    if (sub.effectiveDate || sub.expirationDate) return fail('DATES_NOT_ALLOWED', 'A once-off discount takes no dates', 'input.effectiveDate');
  } else if (def.duration === 'FIXED_DATE') {
    if (def.durationUntil && Date.parse(now) >= inclusiveEndMs(def.durationUntil)) {
      return fail('DATES_OUT_OF_VALIDITY', 'The fixed date of this definition has passed', 'input.definitionId');
    }
    // The discount runs until the definition's fixed date; the agent may start it later than now.
    const untilEnd = def.durationUntil ? inclusiveEndMs(def.durationUntil) : Number.POSITIVE_INFINITY;
    if (sub.effectiveDate) {
      const from = Date.parse(sub.effectiveDate);
      if (Number.isNaN(from) || from < Date.parse(def.effectiveDate) || from >= untilEnd) {
        return fail('DATES_OUT_OF_VALIDITY', 'The effective date must fall between the definition\'s effective date and its fixed date', 'input.effectiveDate');
      }
    }
    if (sub.expirationDate && (Number.isNaN(Date.parse(sub.expirationDate)) || inclusiveEndMs(sub.expirationDate) !== untilEnd)) {
      return fail('DATES_NOT_ALLOWED', `A fixed-date discount runs until the definition's date ${def.durationUntil ?? ''}`, 'input.expirationDate');
    }
    resolved.effectiveDate = sub.effectiveDate ?? now;
    resolved.expirationDate = def.durationUntil ?? undefined;
  } else {
    if (!sub.effectiveDate) return fail('DATES_REQUIRED', 'A flexible discount needs an effective date', 'input.effectiveDate');
    if (!sub.expirationDate) return fail('DATES_REQUIRED', 'A flexible discount needs an expiration date', 'input.expirationDate');
    const from = Date.parse(sub.effectiveDate);
    const until = Date.parse(sub.expirationDate);
    if (Number.isNaN(from) || from < Date.parse(def.effectiveDate)) return fail('DATES_OUT_OF_VALIDITY', 'The effective date must fall within the definition\'s validity', 'input.effectiveDate');
    if (Number.isNaN(until) || until < from || (def.expirationDate && inclusiveEndMs(sub.expirationDate) > inclusiveEndMs(def.expirationDate))) {
      return fail('DATES_OUT_OF_VALIDITY', 'The expiration date must be after the effective date and within the definition\'s validity', 'input.expirationDate');
    }
    resolved.effectiveDate = sub.effectiveDate;
    resolved.expirationDate = sub.expirationDate;
  }
  return succeed(resolved);
}

const UNIT: Record<Period['unit'], 'days' | 'weeks' | 'months' | 'years'> = { DAY: 'days', WEEK: 'weeks', MONTH: 'months', YEAR: 'years' };

/**
 * Rolling limit ("N per period per customer"): `existing` are the provided-on instants and states
 * of this customer's discounts of this definition. Pending and approved count, cancelled do not;
 * the window starts at now − period (inclusive). A discount provided after `now` counts too: a
 * submission that waited for the limit lock must see the ones committed meanwhile, even though they
 * carry a later instant than the one it read at its start.
 */
export function checkApplicationLimit(
  def: Pick<AdditiveDiscountDefinitionData, 'maxApplications' | 'applicationPeriod'>,
  existing: readonly { providedOn: string; state: AdHocDiscountState }[],
  now: string,
): Result<{ used: number; remaining: number | null }, 'LIMIT_REACHED'> {
  if (!def.maxApplications || !def.applicationPeriod) return succeed({ used: 0, remaining: null });
  const end = DateTime.fromISO(now, { zone: 'UTC' });
  const start = end.minus({ [UNIT[def.applicationPeriod.unit]]: def.applicationPeriod.count });
  const used = existing.filter((e) => {
    if (e.state === 'CANCELLED') return false;
    const at = DateTime.fromISO(e.providedOn, { zone: 'UTC' });
    return at >= start;
  }).length;
  if (used >= def.maxApplications) {
    return fail('LIMIT_REACHED', `This customer already has ${used} of at most ${def.maxApplications} in ${def.applicationPeriod.count} ${def.applicationPeriod.unit.toLowerCase()}(s)`, 'input.definitionId');
  }
  return succeed({ used, remaining: def.maxApplications - used - 1 });
}

export type ApprovalRefusal = 'NOT_PENDING' | 'SELF_APPROVAL' | 'NOT_SUPERVISOR' | 'NOT_IN_APPROVAL_UNIT';

/** Maker-checker: the approver is not the submitter and is a SUPERVISOR of the approval unit. */
export function canApproveAdHocDiscount(input: {
  state: AdHocDiscountState;
  submitterId: string;
  approverId: string;
  approvalUnitId: string | null | undefined;
  /** The approver's memberships: unit id and role in that unit. */
  approverMemberships: readonly { unitId: string; role: string }[];
}): Result<true, ApprovalRefusal> {
  if (input.state !== 'PENDING_APPROVAL') return fail('NOT_PENDING', `An ad hoc discount in state ${input.state} cannot be decided`);
  if (input.approverId === input.submitterId) return fail('SELF_APPROVAL', 'The submitter cannot approve their own discount');
  const inUnit = input.approverMemberships.filter((m) => m.unitId === input.approvalUnitId);
  if (inUnit.length === 0) return fail('NOT_IN_APPROVAL_UNIT', 'The approver does not belong to the definition\'s approval unit');
  if (!inUnit.some((m) => m.role === 'SUPERVISOR')) return fail('NOT_SUPERVISOR', 'Only a SUPERVISOR of the approval unit can approve');
  return succeed(true);
}

/**
 * The products an ad hoc discount applies to. `matching` are the target's products that meet the
 * definition's product criteria (every product of the target when it has none; see `meetsCriteria`).
 * Requested products must be among them (failure names `input.applicableProductIds.<i>`). Nothing
 * requested: the matching products when the definition restricts products, else [] (= every billed
 * product, SPEC §3).
 */
export function resolveApplicableProducts(
  requested: readonly string[] | null | undefined,
  matching: readonly string[],
  restricted: boolean,
): Result<string[], 'PRODUCT_NOT_APPLICABLE'> {
  const wanted = [...new Set(requested ?? [])];
  const bad = (requested ?? []).findIndex((id) => !matching.includes(id));
  if (bad >= 0) {
    return fail('PRODUCT_NOT_APPLICABLE', `Product ${requested?.[bad] ?? ''} is not a product of this target that the definition applies to`, `input.applicableProductIds.${bad}`);
  }
  if (wanted.length > 0) return succeed(wanted);
  return succeed(restricted ? [...matching] : []);
}
