import { describe, expect, it } from 'vitest';
import { customerFacts, isSegmentMember, jobFacts, subscriptionFacts, validateSegmentRule, checkSegmentShape, type SegmentEntityKind } from './segment-rule.js';

const LATE_JOB = { '>': [{ var: 'actualCompletionDate' }, { var: 'expectedCompletionDate' }] };

function job(actualCompletionDate: string | null) {
  return jobFacts({
    id: '7',
    customerId: '3',
    orderDate: '2026-01-05',
    expectedCompletionDate: '2026-01-19',
    actualCompletionDate,
    currency: 'EUR',
    lines: [{ productId: '1', productCode: 'INSTALL', price: '40' }],
  });
}

const customer = customerFacts({
  id: '3',
  name: 'Nora North',
  email: 'nora@example.com',
  birthday: '1990-03-14',
  nameDay: '2026-01-17',
  signedUpAt: new Date('2025-06-01T10:00:00Z'),
  region: 'North',
  blacklisted: false,
  addresses: [{ city: 'Harbour Town', district: 'Docks', active: true }, { city: 'Old Town', active: false }],
});

const subscription = subscriptionFacts({
  id: '9',
  customerId: '3',
  billingFrequency: 'MONTHLY',
  effectiveDate: '2026-01-01',
  currency: 'EUR',
  services: [
    { productId: '1', productCode: 'FIBRE-100', price: '29.9', isMain: true },
    { productId: '2', productCode: 'STATIC-IP', price: '5', isMain: false },
  ],
});

describe('fact builders', () => {
  it('expose contract field names, ISO dates and instants, decimal strings', () => {
    expect(customer).toEqual({
      id: '3',
      name: 'Nora North',
      email: 'nora@example.com',
      birthday: '1990-03-14',
      nameDay: '2026-01-17',
      signedUpAt: '2025-06-01T10:00:00.000Z',
      region: 'North',
      blacklisted: false,
      addresses: [
        { area: null, city: 'Harbour Town', district: 'Docks', active: true },
        { area: null, city: 'Old Town', district: null, active: false },
      ],
    });
    expect(subscription.services.map((s) => s.price)).toEqual(['29.90', '5.00']);
    expect(job(null)).toMatchObject({ orderDate: '2026-01-05', actualCompletionDate: null, lines: [{ price: '40.00' }] });
  });
});

describe('isSegmentMember', () => {
  it.each([
    ['late (completed after expected)', job('2026-01-26'), true],
    ['on time (same day)', job('2026-01-19'), false],
    ['early', job('2026-01-12'), false],
    ['not completed yet', job(null), false],
    ['late across a month boundary', job('2026-02-01'), true],
  ])('late-job rule: %s', (_name, facts, expected) => {
    expect(isSegmentMember({ rule: LATE_JOB, memberIds: [] }, facts)).toBe(expected);
  });

  it.each([
    ['region', { '==': [{ var: 'region' }, 'North'] }, true],
    ['active address in a city', { some: [{ var: 'addresses' }, { and: [{ var: 'active' }, { '==': [{ var: 'city' }, 'Harbour Town'] }] }] }, true],
    ['inactive address does not count', { some: [{ var: 'addresses' }, { and: [{ var: 'active' }, { '==': [{ var: 'city' }, 'Old Town'] }] }] }, false],
    ['signed up before', { '<': [{ var: 'signedUpAt' }, '2026-01-01'] }, true],
    ['blacklisted', { var: 'blacklisted' }, false],
  ])('customer rule: %s', (_name, rule, expected) => {
    expect(isSegmentMember({ rule, memberIds: [] }, customer)).toBe(expected);
  });

  it.each([
    ['monthly', { '==': [{ var: 'billingFrequency' }, 'MONTHLY'] }, true],
    ['has a static IP', { some: [{ var: 'services' }, { '==': [{ var: 'productCode' }, 'STATIC-IP'] }] }, true],
    ['effective this year', { '>=': [{ var: 'effectiveDate' }, '2026-01-01'] }, true],
  ])('subscription rule: %s', (_name, rule, expected) => {
    expect(isSegmentMember({ rule, memberIds: [] }, subscription)).toBe(expected);
  });

  it.each([
    [['3', '4'], true],
    [['4'], false],
    [[], false],
  ])('a static segment with members %j includes customer 3: %s', (memberIds, expected) => {
    expect(isSegmentMember({ rule: null, memberIds }, customer)).toBe(expected);
  });
});

describe('validateSegmentRule', () => {
  it.each<[SegmentEntityKind, unknown]>([
    ['JOB', LATE_JOB],
    ['JOB', { some: [{ var: 'lines' }, { '==': [{ var: 'productCode' }, 'INSTALL'] }] }],
    ['CUSTOMER', { in: [{ var: 'addresses.0.city' }, ['Harbour Town', 'Old Town']] }],
    ['CUSTOMER', { and: [{ '!': { var: 'blacklisted' } }, { '==': [{ var: ['region', 'none'] }, 'North'] }] }],
    ['SUBSCRIPTION', { reduce: [{ var: 'services' }, { '+': [{ var: 'accumulator' }, 1] }, 0] }],
    ['SUBSCRIPTION', { filter: [{ var: 'services' }, { var: 'isMain' }] }],
  ])('accepts a %s rule %j', (entity, rule) => {
    expect(validateSegmentRule(entity, rule)).toEqual({ ok: true, value: rule });
  });

  it.each<[string, SegmentEntityKind, unknown, string]>([
    ['not an object', 'JOB', [1, 2], 'JsonLogic object'],
    ['a literal', 'JOB', 'true', 'JsonLogic object'],
    ['an empty object', 'JOB', {}, 'exactly one operator'],
    ['two operators', 'JOB', { '==': [1, 1], '!=': [1, 2] }, 'exactly one operator'],
    ['an unknown operator', 'JOB', { regex: [{ var: 'orderDate' }, '^2026'] }, '"regex" is not a supported'],
    ['log', 'JOB', { log: 1 }, '"log" is not allowed'],
    ['a fact of another entity', 'JOB', { '==': [{ var: 'region' }, 'North'] }, '"region" is not a fact'],
    ['a typo', 'CUSTOMER', { '==': [{ var: 'birthDay' }, '2000-01-01'] }, '"birthDay" is not a fact'],
    ['an unknown element field', 'CUSTOMER', { some: [{ var: 'addresses' }, { var: 'street' }] }, '"street" is not a fact'],
    ['a computed var name', 'JOB', { var: [{ cat: ['order', 'Date'] }] }, 'must name a fact'],
    ['the whole entity', 'JOB', { '==': [{ var: '' }, 1] }, 'must name a fact'],
  ])('refuses %s', (_name, entity, rule, explanation) => {
    const result = validateSegmentRule(entity, rule);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.explanation).toContain(explanation);
  });

  it('refuses rules nested too deeply', () => {
    let rule: unknown = { var: 'orderDate' };
    for (let i = 0; i < 40; i += 1) rule = { '!': [rule] };
    expect(validateSegmentRule('JOB', rule)).toMatchObject({ ok: false, explanation: expect.stringContaining('nested at most 32 levels') });
  });
});

describe('checkSegmentShape', () => {
  it.each([
    [null, [], 'STATIC'],
    [null, ['1'], 'STATIC'],
    [LATE_JOB, [], 'DYNAMIC'],
  ] as const)('rule %j with members %j is %s', (rule, memberIds, kind) => {
    expect(checkSegmentShape(rule, memberIds)).toEqual({ ok: true, value: kind });
  });

  it('refuses a rule with explicit members', () => {
    expect(checkSegmentShape(LATE_JOB, ['1'])).toMatchObject({ ok: false, field: 'memberIds' });
  });
});
