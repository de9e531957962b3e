import { describe, expect, it } from 'vitest';
import { awardExpiresAt, isInRecurringPeriod, isWithinOfferValidity, type ValidityFacts } from './offer-validity.js';
import type { AwardValidityRule, OfferValidityRule } from './offer-rules.js';

const at = (iso: string): Date => new Date(iso);
const facts = (performedAt: string, extra: Partial<ValidityFacts> = {}): ValidityFacts => ({
  performedAt: at(performedAt),
  timezone: 'Europe/Athens',
  latestEffectiveDate: at('2026-03-01T10:00:00Z'),
  birthday: '1990-03-14',
  nameDay: '2000-12-30',
  ...extra,
});

describe('offer validity (checked against the performed date)', () => {
  const period: OfferValidityRule = { kind: 'SPECIFIC_PERIOD', validFrom: '2026-03-01T00:00:00.000Z', validTo: '2026-04-01T00:00:00.000Z' };
  const birthday: OfferValidityRule = { kind: 'BIRTHDAY_PERIOD', daysBefore: 3, daysAfter: 2 };
  const nameDay: OfferValidityRule = { kind: 'NAME_DAY_PERIOD', daysBefore: 1, daysAfter: 3 };
  const winter: OfferValidityRule = { kind: 'RECURRING_PERIOD', fromDay: 15, fromMonth: 12, toDay: 15, toMonth: 1 };
  const spring: OfferValidityRule = { kind: 'RECURRING_PERIOD', fromDay: 1, fromMonth: 3, toDay: 31, toMonth: 5 };
  it.each<[string, OfferValidityRule, ValidityFacts, boolean]>([
    ['latest effective date: at it (inclusive)', { kind: 'FROM_LATEST_EFFECTIVE_DATE' }, facts('2026-03-01T10:00:00Z'), true],
    ['latest effective date: a millisecond before', { kind: 'FROM_LATEST_EFFECTIVE_DATE' }, facts('2026-03-01T09:59:59.999Z'), false],
    ['latest effective date: never effective', { kind: 'FROM_LATEST_EFFECTIVE_DATE' }, facts('2026-03-01T10:00:00Z', { latestEffectiveDate: null }), false],
    ['specific period: from is inclusive', period, facts('2026-03-01T00:00:00Z'), true],
    ['specific period: to is exclusive', period, facts('2026-04-01T00:00:00Z'), false],
    ['specific period: just before to', period, facts('2026-03-31T23:59:59.999Z'), true],
    ['specific period: before from', period, facts('2026-02-28T23:59:59.999Z'), false],
    ['specific period: regardless of the latest effective date', period, facts('2026-03-01T00:00:00Z', { latestEffectiveDate: at('2026-03-20T00:00:00Z') }), true],
    ['birthday: 3 days before (first day)', birthday, facts('2026-03-10T22:00:00Z'), true], // 00:00 on 11 March in Athens
    ['birthday: 4 days before (UTC 10 March, Athens too)', birthday, facts('2026-03-10T21:59:00Z'), false],
    ['birthday: the day itself', birthday, facts('2026-03-14T12:00:00Z'), true],
    ['birthday: 2 days after (last day, 23:59 Athens)', birthday, facts('2026-03-16T21:59:00Z'), true],
    ['birthday: 3 days after', birthday, facts('2026-03-16T22:00:00Z'), false],
    ['birthday: no birthday known', birthday, facts('2026-03-14T12:00:00Z', { birthday: null }), false],
    ['name day window wraps the year end: 2 Jan', nameDay, facts('2027-01-02T10:00:00Z'), true],
    ['name day window wraps the year end: 29 Dec', nameDay, facts('2026-12-29T10:00:00Z'), true],
    ['name day window: 28 Dec', nameDay, facts('2026-12-28T10:00:00Z'), false],
    ['name day window: 3 Jan', nameDay, facts('2027-01-03T10:00:00Z'), false],
    ['birthday on 29 Feb read as 28 Feb in a common year', { kind: 'BIRTHDAY_PERIOD', daysBefore: 0, daysAfter: 0 }, facts('2027-02-28T10:00:00Z', { birthday: '2000-02-29' }), true],
    ['recurring, wrapping: 15 Dec (first day)', winter, facts('2026-12-14T22:00:00Z'), true],
    ['recurring, wrapping: 14 Dec', winter, facts('2026-12-14T21:59:00Z'), false],
    ['recurring, wrapping: 1 Jan', winter, facts('2027-01-01T10:00:00Z'), true],
    ['recurring, wrapping: 15 Jan (last day, inclusive)', winter, facts('2027-01-15T21:59:00Z'), true],
    ['recurring, wrapping: 16 Jan', winter, facts('2027-01-15T22:00:00Z'), false],
    ['recurring, wrapping: June', winter, facts('2027-06-15T10:00:00Z'), false],
    ['recurring within a year: 31 May inclusive', spring, facts('2026-05-31T20:00:00Z'), true],
    ['recurring within a year: 1 June', spring, facts('2026-05-31T21:00:00Z'), false],
  ])('%s', (_name, validity, f, expected) => {
    expect(isWithinOfferValidity(validity, f)).toBe(expected);
  });

  it('recurring periods compare month and day', () => {
    expect(isInRecurringPeriod(2, 29, { month: 2, day: 1 }, { month: 2, day: 28 })).toBe(false);
    expect(isInRecurringPeriod(12, 31, { month: 12, day: 31 }, { month: 12, day: 31 })).toBe(true);
  });
});

describe('award validity (the end is exclusive)', () => {
  const created = at('2016-12-01T15:30:00Z');
  it.each<[string, AwardValidityRule, string, string | null]>([
    ['always valid', { kind: 'ALWAYS' }, 'UTC', null],
    ['until a date: that instant, exclusive', { kind: 'UNTIL_DATE', until: '2017-01-01T00:00:00.000Z' }, 'UTC', '2017-01-01T00:00:00.000Z'],
    ['1 month after: spendable through 31/12/2016', { kind: 'AFTER_AWARD', after: { count: 1, unit: 'MONTH' } }, 'UTC', '2017-01-01T00:00:00.000Z'],
    ['31 days after, in Athens', { kind: 'AFTER_AWARD', after: { count: 31, unit: 'DAY' } }, 'Europe/Athens', '2016-12-31T22:00:00.000Z'],
    ['2 weeks after', { kind: 'AFTER_AWARD', after: { count: 2, unit: 'WEEK' } }, 'UTC', '2016-12-15T00:00:00.000Z'],
    ['1 year after', { kind: 'AFTER_AWARD', after: { count: 1, unit: 'YEAR' } }, 'UTC', '2017-12-01T00:00:00.000Z'],
  ])('%s', (_name, validity, zone, expected) => {
    expect(awardExpiresAt(validity, created, zone)?.toISOString() ?? null).toBe(expected);
  });
});
