import { describe, expect, it } from 'vitest';
import { currencyMinorUnits, formatMoney, isCurrencyCode, isDecimalLiteral, parseDecimal } from './money.js';

describe('money', () => {
  it.each([
    ['2.345', 'EUR', '2.34'],
    ['2.355', 'EUR', '2.36'],
    ['2.5', 'JPY', '2'],
    ['3.5', 'JPY', '4'],
    ['-2.345', 'EUR', '-2.34'],
    ['1.0005', 'BHD', '1.000'],
    ['0.1', 'EUR', '0.10'],
  ])('rounds %s %s half-even to %s', (amount, currency, expected) => {
    expect(formatMoney(amount, currency)).toBe(expected);
  });

  it('adds without binary floating point error', () => {
    const sum = parseDecimal('0.1')!.plus(parseDecimal('0.2')!);
    expect(sum.toString()).toBe('0.3');
  });

  it.each([
    ['20.00', true],
    ['-3', true],
    ['1e5', false],
    ['', false],
    ['12.', false],
    ['abc', false],
  ])('isDecimalLiteral(%j) is %s', (value, expected) => {
    expect(isDecimalLiteral(value)).toBe(expected);
  });

  it('knows minor units and currency codes', () => {
    expect(currencyMinorUnits('EUR')).toBe(2);
    expect(currencyMinorUnits('JPY')).toBe(0);
    expect(isCurrencyCode('EUR')).toBe(true);
    expect(isCurrencyCode('EURO')).toBe(false);
    expect(isCurrencyCode('XQQ')).toBe(false);
  });
});
