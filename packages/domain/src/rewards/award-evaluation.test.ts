import { describe, expect, it } from 'vitest';
import { Money, type MoneyValue } from '../shared/money.js';
import { evaluateEvent, type AwardHistory, type EventFacts, type OfferToEvaluate, type ParticipantFacts, type SchemeFacts } from './award-evaluation.js';
import { emptyAwardConditions, type AwardConditionsRule } from './offer-rules.js';

const NOW = new Date('2026-11-23T10:00:00Z');
const schemes = new Map<string, SchemeFacts>([
  ['s1', { id: 's1', currency: 'EUR', timezone: 'Europe/Athens' }],
  ['s2', { id: 's2', currency: 'JPY', timezone: 'Asia/Tokyo' }],
]);
const offer = (id: string, extra: Partial<OfferToEvaluate> = {}): OfferToEvaluate => ({
  id,
  schemeId: 's1',
  typeId: 't1',
  classification: 'INCREASE_REVENUE_TRANSACTION_BASED',
  evaluationMethod: 'BATCH',
  latestEffectiveDate: new Date('2026-01-01T00:00:00Z'),
  award: { kind: 'AMOUNT', amount: '5', considerOfferTypeIds: [], considerSchemeIds: [] },
  applyIfBestAward: false,
  validity: { kind: 'FROM_LATEST_EFFECTIVE_DATE' },
  awardValidity: { kind: 'ALWAYS' },
  awardConditions: emptyAwardConditions(),
  ...extra,
});
const conditions = (c: Partial<AwardConditionsRule>): AwardConditionsRule => ({ ...emptyAwardConditions(), ...c });
const event: EventFacts = { id: 'e1', performedAt: new Date('2026-11-20T12:00:00Z'), amount: '42.50', currency: 'EUR', unitId: 'store-central', unitGroupId: 'retail' };
const participant: ParticipantFacts = {
  participantId: 'p1',
  schemeId: 's1',
  birthday: '1990-11-21',
  nameDay: null,
  addresses: [{ area: 'Attica', city: 'Athens', district: 'Plaka', active: true }, { city: 'Piraeus', district: 'Harbour', active: false }],
  segmentIds: new Set(['vip']),
};
const noHistory: AwardHistory = { hasAward: () => false, awardedWithin: () => new Money(0) };

function run(offers: OfferToEvaluate[], extra: { event?: Partial<EventFacts>; participant?: Partial<ParticipantFacts>; history?: AwardHistory } = {}) {
  return evaluateEvent({
    event: { ...event, ...extra.event },
    participants: [{ ...participant, ...extra.participant }],
    offers,
    schemes,
    history: extra.history ?? noHistory,
    now: NOW,
  });
}
const amounts = (r: ReturnType<typeof run>) => Object.fromEntries(r.awards.map((a) => [a.offerId, a.amount]));
const reasons = (r: ReturnType<typeof run>) => Object.fromEntries(r.rejections.map((a) => [a.offerId, a.reason]));

describe('award kinds', () => {
  it.each<[string, OfferToEvaluate['award'], Partial<EventFacts>, string | undefined]>([
    ['a fixed amount', { kind: 'AMOUNT', amount: '5', considerOfferTypeIds: [], considerSchemeIds: [] }, {}, '5.00'],
    ['10 % of 42.50 = 4.25', { kind: 'PERCENTAGE', percentage: '10', considerOfferTypeIds: [], considerSchemeIds: [] }, {}, '4.25'],
    ['2.5 % of 42.50 = 1.0625 → 1.06 (half-even)', { kind: 'PERCENTAGE', percentage: '2.5', considerOfferTypeIds: [], considerSchemeIds: [] }, {}, '1.06'],
    ['5 % of 0.50 = 0.025 → 0.02 (half-even)', { kind: 'PERCENTAGE', percentage: '5', considerOfferTypeIds: [], considerSchemeIds: [] }, { amount: '0.50' }, '0.02'],
    ['5 % of 0.70 = 0.035 → 0.04 (half-even)', { kind: 'PERCENTAGE', percentage: '5', considerOfferTypeIds: [], considerSchemeIds: [] }, { amount: '0.70' }, '0.04'],
    ['a percentage of an event without amount', { kind: 'PERCENTAGE', percentage: '10', considerOfferTypeIds: [], considerSchemeIds: [] }, { amount: null }, undefined],
    ['a percentage of an event in another currency', { kind: 'PERCENTAGE', percentage: '10', considerOfferTypeIds: [], considerSchemeIds: [] }, { currency: 'USD' }, undefined],
    ['a percentage rounding to zero awards nothing', { kind: 'PERCENTAGE', percentage: '1', considerOfferTypeIds: [], considerSchemeIds: [] }, { amount: '0.40' }, undefined],
  ])('%s', (_name, award, ev, expected) => {
    expect(amounts(run([offer('o1', { award })], { event: ev })).o1).toBe(expected);
  });

  it('percentage of what was awarded within the last period, filtered by types or schemes', () => {
    const asked: unknown[] = [];
    const history: AwardHistory = {
      hasAward: () => false,
      awardedWithin(q): MoneyValue {
        asked.push({ from: q.from.toISOString(), to: q.to.toISOString(), types: q.offerTypeIds, schemes: q.schemeIds });
        return new Money('33.33');
      },
    };
    const r = run([offer('o1', { award: { kind: 'PERCENTAGE_OF_AWARDED_WITHIN', percentage: '10', within: { count: 1, unit: 'MONTH' }, considerOfferTypeIds: ['t9'], considerSchemeIds: [] } })], { history });
    expect(amounts(r).o1).toBe('3.33');
    // a calendar month back in Athens: 12:00 local, which was 09:00 UTC in summer time
    expect(asked).toEqual([{ from: '2026-10-23T09:00:00.000Z', to: NOW.toISOString(), types: ['t9'], schemes: [] }]);
  });

  it('rounds to the scheme currency (JPY has no minor unit) and sets the expiry from the award validity', () => {
    const r = evaluateEvent({
      event: { ...event, currency: 'JPY', amount: '1234' },
      participants: [{ ...participant, schemeId: 's2', participantId: 'p2' }],
      offers: [offer('o1', { schemeId: 's2', award: { kind: 'PERCENTAGE', percentage: '2.5', considerOfferTypeIds: [], considerSchemeIds: [] }, awardValidity: { kind: 'AFTER_AWARD', after: { count: 1, unit: 'DAY' } } })],
      schemes,
      history: noHistory,
      now: NOW,
    });
    // 30.85 → 31 (half-even), expires as the next Tokyo day begins (2026-11-24T00:00+09:00)
    expect(r.awards).toEqual([{ offerId: 'o1', participantId: 'p2', evaluationMethod: 'BATCH', amount: '31', expiresAt: new Date('2026-11-23T15:00:00Z'), onlyOne: false }]);
  });
});

describe('award conditions', () => {
  it.each<[string, Partial<OfferToEvaluate>, { event?: Partial<EventFacts>; participant?: Partial<ParticipantFacts>; history?: AwardHistory }, string]>([
    ['no conditions', {}, {}, 'awarded'],
    ['event before the latest effective date', { latestEffectiveDate: new Date('2026-11-21T00:00:00Z') }, {}, 'NOT_EFFECTIVE_FOR_EVENT'],
    ['birthday period (2 days before 21 Nov … on it)', { validity: { kind: 'BIRTHDAY_PERIOD', daysBefore: 2, daysAfter: 0 } }, {}, 'awarded'],
    ['only one, none yet', { awardConditions: conditions({ numberOfAwards: 'ONLY_ONE' }) }, {}, 'awarded'],
    ['only one, already awarded', { awardConditions: conditions({ numberOfAwards: 'ONLY_ONE' }) }, { history: { ...noHistory, hasAward: (o, p) => o === 'o1' && p === 'p1' } }, 'ALREADY_AWARDED'],
    ['multiple, already awarded', {}, { history: { ...noHistory, hasAward: () => true } }, 'awarded'],
    ['in an included segment', { awardConditions: conditions({ includedSegmentIds: ['gold', 'vip'] }) }, {}, 'awarded'],
    ['in no included segment', { awardConditions: conditions({ includedSegmentIds: ['gold'] }) }, {}, 'NOT_IN_INCLUDED_SEGMENT'],
    ['in an excluded segment', { awardConditions: conditions({ excludedSegmentIds: ['vip'] }) }, {}, 'IN_EXCLUDED_SEGMENT'],
    ['allowed unit', { awardConditions: conditions({ allowedUnitIds: ['store-central'] }) }, {}, 'awarded'],
    ['allowed group of the unit', { awardConditions: conditions({ allowedGroupIds: ['retail'] }) }, {}, 'awarded'],
    ['unit not allowed', { awardConditions: conditions({ allowedUnitIds: ['store-harbour'], allowedGroupIds: ['marketing'] }) }, {}, 'UNIT_NOT_ALLOWED'],
    ['event without a unit', { awardConditions: conditions({ allowedGroupIds: ['retail'] }) }, { event: { unitId: null, unitGroupId: null } }, 'UNIT_NOT_ALLOWED'],
    ['city of an active address (any case)', { awardConditions: conditions({ allowedCities: ['athens'] }) }, {}, 'awarded'],
    ['district of an inactive address only', { awardConditions: conditions({ allowedDistricts: ['Harbour'] }) }, {}, 'LOCATION_NOT_ALLOWED'],
    ['area or city: one matching suffices', { awardConditions: conditions({ allowedAreas: ['Crete'], allowedCities: ['Athens'] }) }, {}, 'awarded'],
    ['no addresses', { awardConditions: conditions({ allowedAreas: ['Attica'] }) }, { participant: { addresses: [] } }, 'LOCATION_NOT_ALLOWED'],
  ])('%s → %s', (_name, o, extra, expected) => {
    const r = run([offer('o1', o)], extra);
    expect(r.awards.length ? 'awarded' : reasons(r).o1).toBe(expected);
  });

  it('only evaluates offers of the schemes the customer takes part in', () => {
    const r = run([offer('o1'), offer('o2', { schemeId: 's2' })]);
    expect(amounts(r)).toEqual({ o1: '5.00' });
    expect(r.awards[0]!.participantId).toBe('p1');
  });
});

describe('apply only if best award', () => {
  const amount = (a: string) => ({ kind: 'AMOUNT' as const, amount: a, considerOfferTypeIds: [], considerSchemeIds: [] });
  it.each<[string, OfferToEvaluate[], Record<string, string>]>([
    ['best and highest: both award', [offer('best', { award: amount('10'), applyIfBestAward: true }), offer('other', { award: amount('5') })], { best: '10.00', other: '5.00' }],
    ['best but lower: only the other awards', [offer('best', { award: amount('4'), applyIfBestAward: true }), offer('other', { award: amount('5') })], { other: '5.00' }],
    ['a tie counts as best', [offer('best', { award: amount('5'), applyIfBestAward: true }), offer('other', { award: amount('5') })], { best: '5.00', other: '5.00' }],
    ['two best-only offers: the higher wins', [offer('a', { award: amount('3'), applyIfBestAward: true }), offer('b', { award: amount('7'), applyIfBestAward: true })], { b: '7.00' }],
    [
      'a non-matching higher offer does not count',
      [offer('best', { award: amount('4'), applyIfBestAward: true }), offer('other', { award: amount('50'), awardConditions: conditions({ allowedUnitIds: ['nowhere'] }) })],
      { best: '4.00' },
    ],
    [
      'compares percentage awards by their amount',
      [offer('best', { award: amount('4'), applyIfBestAward: true }), offer('pct', { award: { kind: 'PERCENTAGE', percentage: '10', considerOfferTypeIds: [], considerSchemeIds: [] } })],
      { pct: '4.25' },
    ],
  ])('%s', (_name, offers, expected) => {
    const r = run(offers);
    expect(amounts(r)).toEqual(expected);
  });

  it('compares across evaluation methods (the caller applies each method at its time)', () => {
    const r = run([offer('imm', { evaluationMethod: 'IMMEDIATE', award: amount('2'), applyIfBestAward: true }), offer('batch', { award: amount('3') })]);
    expect(r.awards.map((a) => [a.offerId, a.evaluationMethod])).toEqual([['batch', 'BATCH']]);
    expect(reasons(r).imm).toBe('NOT_BEST_AWARD');
  });
});
