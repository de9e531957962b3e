import { describe, expect, it } from 'vitest';
import { checkPassword, normaliseEmail, normaliseName } from './text.js';

describe('text rules', () => {
  it.each([
    ['  Marketing  ', true, 'Marketing'],
    ['Customer   Care', true, 'Customer Care'],
    ['   ', false, undefined],
    ['x'.repeat(201), false, undefined],
  ])('normaliseName(%j)', (input, ok, value) => {
    const result = normaliseName(input);
    expect(result.ok).toBe(ok);
    if (result.ok) expect(result.value).toBe(value);
  });

  it.each([
    ['Agent@Example.com ', 'agent@example.com'],
    ['not-an-email', null],
    ['a@b', null],
  ])('normaliseEmail(%j)', (input, expected) => {
    const result = normaliseEmail(input);
    expect(result.ok ? result.value : null).toBe(expected);
  });

  it('requires passwords of 8 characters', () => {
    expect(checkPassword('short').ok).toBe(false);
    expect(checkPassword('long enough').ok).toBe(true);
  });
});
