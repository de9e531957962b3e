/**
 * Which offers award a customer event, and how much (SPEC §4). Pure: the caller loads the event, the
 * participant's facts, the effective offers and the award history, and persists what comes back.
 */
import { Money, roundMoney, formatMoney, type MoneyValue } from '../shared/money.js';
import type { OfferClassification } from './classification.js';
import { minusPeriod, type Period } from './local-time.js';
import type { AwardConditionsRule, AwardRule, AwardValidityRule, EvaluationMethod, OfferValidityRule } from './offer-rules.js';
import { awardExpiresAt, isWithinOfferValidity } from './offer-validity.js';

export interface OfferToEvaluate {
  id: string;
  schemeId: string;
  typeId: string;
  classification: OfferClassification;
  evaluationMethod: EvaluationMethod;
  latestEffectiveDate: Date | null;
  award: AwardRule;
  applyIfBestAward: boolean;
  validity: OfferValidityRule;
  awardValidity: AwardValidityRule;
  awardConditions: AwardConditionsRule;
}

export interface SchemeFacts {
  id: string;
  currency: string;
  timezone: string;
}

export interface EventFacts {
  id: string;
  performedAt: Date;
  amount: string | null;
  currency: string | null;
  unitId: string | null;
  /** The group of the submitting unit */
  unitGroupId: string | null;
}

export interface AddressFacts {
  area?: string | null;
  city?: string | null;
  district?: string | null;
  active: boolean;
}

export interface ParticipantFacts {
  participantId: string;
  schemeId: string;
  birthday?: string | null;
  nameDay?: string | null;
  addresses: readonly AddressFacts[];
  /** The ids of the segments (among those the offers name) the customer belongs to */
  segmentIds: ReadonlySet<string>;
}

/** What the evaluation needs to know about awards already made to the customer. */
export interface AwardHistory {
  /** True when the participant already holds an award from the offer (for ONLY_ONE). */
  hasAward(offerId: string, participantId: string): boolean;
  /** The total of the customer's awards created in [from, to), optionally only from given offer types or schemes. */
  awardedWithin(query: { from: Date; to: Date; offerTypeIds: readonly string[]; schemeIds: readonly string[] }): MoneyValue;
}

export type AwardRejection =
  | 'NOT_EFFECTIVE_FOR_EVENT'
  | 'ALREADY_AWARDED'
  | 'NOT_IN_INCLUDED_SEGMENT'
  | 'IN_EXCLUDED_SEGMENT'
  | 'UNIT_NOT_ALLOWED'
  | 'LOCATION_NOT_ALLOWED'
  | 'NO_EVENT_AMOUNT'
  | 'CURRENCY_MISMATCH'
  | 'NOTHING_TO_AWARD'
  | 'NOT_BEST_AWARD';

export interface EvaluatedAward {
  offerId: string;
  participantId: string;
  evaluationMethod: EvaluationMethod;
  /** Rounded half-even to the scheme currency, e.g. "2.50" */
  amount: string;
  expiresAt: Date | null;
  onlyOne: boolean;
}

export interface EventEvaluation {
  awards: EvaluatedAward[];
  rejections: { offerId: string; reason: AwardRejection }[];
}

function lower(values: readonly string[]): Set<string> {
  return new Set(values.map((v) => v.toLowerCase()));
}

const locationCache = new WeakMap<AwardConditionsRule, { areas: Set<string>; cities: Set<string>; districts: Set<string> }>();

/** Award conditions of SPEC §4 other than the number of awards: segments, groups/units, locations. */
export function checkAwardConditionsFor(conditions: AwardConditionsRule, event: EventFacts, participant: ParticipantFacts): AwardRejection | null {
  if (conditions.includedSegmentIds.length && !conditions.includedSegmentIds.some((id) => participant.segmentIds.has(id))) return 'NOT_IN_INCLUDED_SEGMENT';
  if (conditions.excludedSegmentIds.some((id) => participant.segmentIds.has(id))) return 'IN_EXCLUDED_SEGMENT';
  if (conditions.allowedUnitIds.length || conditions.allowedGroupIds.length) {
    const unitOk = event.unitId !== null && conditions.allowedUnitIds.includes(event.unitId);
    const groupOk = event.unitGroupId !== null && conditions.allowedGroupIds.includes(event.unitGroupId);
    if (!unitOk && !groupOk) return 'UNIT_NOT_ALLOWED';
  }
  if (conditions.allowedAreas.length || conditions.allowedCities.length || conditions.allowedDistricts.length) {
    let sets = locationCache.get(conditions);
    if (!sets) {
      sets = { areas: lower(conditions.allowedAreas), cities: lower(conditions.allowedCities), districts: lower(conditions.allowedDistricts) };
      locationCache.set(conditions, sets);
    }
    const { areas, cities, districts } = sets;
    const matches = participant.addresses.some(
      (a) =>
        a.active &&
        ((a.area != null && areas.has(a.area.toLowerCase())) || (a.city != null && cities.has(a.city.toLowerCase())) || (a.district != null && districts.has(a.district.toLowerCase()))),
    );
    if (!matches) return 'LOCATION_NOT_ALLOWED';
  }
  return null;
}

const HUNDRED = new Money(100);

/** The award's amount before rounding, or a rejection. */
export function computeAwardAmount(
  award: AwardRule,
  event: EventFacts,
  scheme: SchemeFacts,
  awardedWithin: (within: Period) => MoneyValue,
): MoneyValue | AwardRejection {
  switch (award.kind) {
    case 'AMOUNT':
      return new Money(award.amount!);
    case 'PERCENTAGE':
      if (event.amount === null) return 'NO_EVENT_AMOUNT';
      if (event.currency !== null && event.currency !== scheme.currency) return 'CURRENCY_MISMATCH';
      return new Money(event.amount).times(award.percentage!).div(HUNDRED);
    case 'PERCENTAGE_OF_AWARDED_WITHIN':
      return awardedWithin(award.within!).times(award.percentage!).div(HUNDRED);
  }
}

/**
 * Evaluates one event against the effective offers of the schemes the customer takes part in.
 * Returns every award the event earns (of both evaluation methods: the caller keeps the ones it
 * applies, IMMEDIATE on arrival, BATCH in a reward run) and why each other offer did not award.
 * "Apply only if best award": such an offer awards only when no other matching offer awards more.
 */
export function evaluateEvent(input: {
  event: EventFacts;
  participants: readonly ParticipantFacts[];
  offers: readonly OfferToEvaluate[];
  schemes: ReadonlyMap<string, SchemeFacts>;
  history: AwardHistory;
  /** When the awards are created (the run's or the arrival's instant). */
  now: Date;
}): EventEvaluation {
  const { event, now } = input;
  const awards: (EvaluatedAward & { value: MoneyValue; best: boolean })[] = [];
  const rejections: EventEvaluation['rejections'] = [];
  for (const participant of input.participants) {
    const scheme = input.schemes.get(participant.schemeId);
    if (!scheme) continue;
    for (const offer of input.offers) {
      if (offer.schemeId !== participant.schemeId) continue;
      const reject = (reason: AwardRejection) => rejections.push({ offerId: offer.id, reason });
      const valid = isWithinOfferValidity(offer.validity, {
        performedAt: event.performedAt,
        timezone: scheme.timezone,
        latestEffectiveDate: offer.latestEffectiveDate,
        birthday: participant.birthday,
        nameDay: participant.nameDay,
      });
      if (!valid) {
        reject('NOT_EFFECTIVE_FOR_EVENT');
        continue;
      }
      const onlyOne = offer.awardConditions.numberOfAwards === 'ONLY_ONE';
      if (onlyOne && input.history.hasAward(offer.id, participant.participantId)) {
        reject('ALREADY_AWARDED');
        continue;
      }
      const refused = checkAwardConditionsFor(offer.awardConditions, event, participant);
      if (refused) {
        reject(refused);
        continue;
      }
      const raw = computeAwardAmount(offer.award, event, scheme, (within) =>
        input.history.awardedWithin({
          from: minusPeriod(now, within, scheme.timezone),
          to: now,
          offerTypeIds: offer.award.considerOfferTypeIds,
          schemeIds: offer.award.considerSchemeIds,
        }),
      );
      if (typeof raw === 'string') {
        reject(raw);
        continue;
      }
      const value = roundMoney(raw, scheme.currency);
      if (value.lte(0)) {
        reject('NOTHING_TO_AWARD');
        continue;
      }
      awards.push({
        offerId: offer.id,
        participantId: participant.participantId,
        evaluationMethod: offer.evaluationMethod,
        amount: formatMoney(value, scheme.currency),
        expiresAt: awardExpiresAt(offer.awardValidity, now, scheme.timezone),
        onlyOne,
        value,
        best: offer.applyIfBestAward,
      });
    }
  }
  const kept: EvaluatedAward[] = [];
  for (const award of awards) {
    if (award.best && awards.some((other) => other !== award && other.value.gt(award.value))) {
      rejections.push({ offerId: award.offerId, reason: 'NOT_BEST_AWARD' });
      continue;
    }
    const { value: _value, best: _best, ...plain } = award;
    kept.push(plain);
  }
  return { awards: kept, rejections };
}
