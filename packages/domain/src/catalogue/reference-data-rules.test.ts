import { describe, expect, it } from 'vitest';
import { checkJobCompletion, checkJobSchedule, checkProductPrice, checkSubscriptionServices, normaliseCurrency, normalisePrice } from './reference-data-rules.js';

describe('prices and currencies', () => {
  it.each([
    ['eur', { ok: true, value: 'EUR' }],
    [' usd ', { ok: true, value: 'USD' }],
    ['EURO', { ok: false }],
    ['XXY', { ok: false }],
  ])('normaliseCurrency(%j)', (value, expected) => {
    expect(normaliseCurrency(value)).toMatchObject(expected);
  });

  it.each([
    ['20', 'EUR', { ok: true, value: '20.00' }],
    ['0', 'EUR', { ok: true, value: '0.00' }],
    ['2.345', 'EUR', { ok: true, value: '2.34' }],
    ['1500.5', 'JPY', { ok: true, value: '1500' }],
    ['-1', 'EUR', { ok: false, explanation: 'must not be negative' }],
    ['1e3', 'EUR', { ok: false }],
  ])('normalisePrice(%j, %s)', (value, currency, expected) => {
    expect(normalisePrice(value, currency)).toMatchObject(expected);
  });

  it.each([
    [null, null, { ok: true, value: null }],
    ['40', 'eur', { ok: true, value: { price: '40.00', currency: 'EUR' } }],
    ['40', null, { ok: false, field: 'currency' }],
    [null, 'EUR', { ok: false, field: 'price' }],
    ['40', 'EURO', { ok: false, field: 'currency' }],
    ['-40', 'EUR', { ok: false, field: 'price' }],
  ])('checkProductPrice(%j, %j)', (price, currency, expected) => {
    expect(checkProductPrice(price, currency)).toMatchObject(expected);
  });
});

describe('checkSubscriptionServices', () => {
  const main = { productId: '1', price: '29.9', isMain: true };
  const addOn = { productId: '2', price: '5', isMain: false };
  it.each([
    ['one main and an add-on', [main, addOn], { ok: true, value: [{ ...main, price: '29.90' }, { ...addOn, price: '5.00' }] }],
    ['no services', [], { ok: false, field: 'services' }],
    ['no main service', [addOn], { ok: false, field: 'services', explanation: expect.stringContaining('got 0') }],
    ['two main services', [main, { ...addOn, isMain: true }], { ok: false, field: 'services', explanation: expect.stringContaining('got 2') }],
    ['a negative price', [main, { ...addOn, price: '-5' }], { ok: false, field: 'services.1.price' }],
  ])('%s', (_name, services, expected) => {
    expect(checkSubscriptionServices(services, 'EUR')).toMatchObject(expected);
  });
});

describe('jobs', () => {
  it.each([
    ['2026-01-05', '2026-01-19', { ok: true }],
    ['2026-01-05', '2026-01-05', { ok: true }],
    ['2026-01-05', '2026-01-04', { ok: false, field: 'expectedCompletionDate' }],
    ['2026-02-30', '2026-03-04', { ok: false, field: 'orderDate' }],
  ])('schedule ordered %s, expected %s', (orderDate, expected, result) => {
    expect(checkJobSchedule(orderDate, expected)).toMatchObject(result);
  });

  it.each([
    [null, '2026-01-26', { ok: true, value: '2026-01-26' }],
    [null, '2026-01-05', { ok: true, value: '2026-01-05' }],
    [null, '2026-01-04', { ok: false, reason: 'INVALID', field: 'actualCompletionDate' }],
    ['2026-01-10', '2026-01-26', { ok: false, reason: 'ALREADY_COMPLETED' }],
  ])('completing a job (completed: %j) on %s', (actualCompletionDate, date, expected) => {
    expect(checkJobCompletion({ orderDate: '2026-01-05', actualCompletionDate }, date)).toMatchObject(expected);
  });
});
