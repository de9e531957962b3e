import { describe, expect, it } from 'vitest';
import {
  checkCodeCount,
  codeSpaceSize,
  DEFAULT_CODE_CHARSET,
  generateCode,
  generateCodes,
  normaliseCode,
  resolveCodePattern,
  type CodePattern,
  type RandomInt,
} from './code-pattern.js';

/** A deterministic random source: 0, 1, 2, … modulo the range. */
function counter(): RandomInt {
  let n = 0;
  return (max) => n++ % max;
}

describe('normaliseCode', () => {
  it.each([
    ['  jazz-2026 ', 'JAZZ2026'],
    ['ab cd-ef', 'ABCDEF'],
    ['ABC', 'ABC'],
    ['a--b  c', 'ABC'],
  ])('%j → %j', (input, expected) => expect(normaliseCode(input)).toBe(expected));
});

describe('resolveCodePattern', () => {
  it('fills the defaults', () => {
    expect(resolveCodePattern({})).toEqual({
      ok: true,
      value: { prefix: '', postfix: '', length: 8, charset: DEFAULT_CODE_CHARSET },
    });
  });

  it('the default charset has no ambiguous characters', () => {
    expect(DEFAULT_CODE_CHARSET).not.toMatch(/[0O1IL]/);
  });

  it.each<[CodePattern, string]>([
    [{ length: 3 }, 'length'],
    [{ length: 65 }, 'length'],
    [{ length: 4.5 }, 'length'],
    [{ charset: 'AAAA' }, 'charset'],
    [{ charset: 'AB!' }, 'charset'],
    [{ prefix: 'JAZZ#' }, 'prefix'],
    [{ postfix: 'é' }, 'postfix'],
  ])('refuses %o naming %s', (pattern, field) => {
    expect(resolveCodePattern(pattern)).toMatchObject({ ok: false, reason: 'INVALID_PATTERN', field });
  });

  it.each<CodePattern>([{ length: 4 }, { length: 64 }, { charset: 'ab' }, { prefix: 'jazz-', postfix: '_x' }])(
    'accepts %o',
    (pattern) => expect(resolveCodePattern(pattern).ok).toBe(true),
  );
});

describe('code space', () => {
  const pattern = { prefix: '', postfix: '', length: 4, charset: 'AB' };

  it('is charset^length', () => {
    expect(codeSpaceSize(pattern)).toBe(16n);
    expect(codeSpaceSize({ ...pattern, length: 8, charset: DEFAULT_CODE_CHARSET })).toBe(31n ** 8n);
  });

  it.each([
    [100, 0, true],
    [101, 0, false],
    [50, 50, true],
    [50, 51, false],
    [0, 0, false],
  ])('with 10^4 codes, %i requested and %i existing: allowed %s', (requested, existing, ok) => {
    const space = { ...pattern, charset: '0123456789' };
    expect(checkCodeCount(space, requested, existing).ok).toBe(ok);
  });

  it('explains a refusal', () => {
    const result = checkCodeCount({ ...pattern, charset: '0123456789' }, 101);
    expect(result).toMatchObject({ ok: false, reason: 'TOO_MANY_CODES', field: 'count' });
  });
});

describe('generation', () => {
  it('builds prefix + random body + postfix', () => {
    expect(generateCode({ prefix: 'JAZZ', postfix: 'X', length: 4, charset: 'ABC' }, counter())).toBe('JAZZABCAX');
  });

  it('generates distinct codes, skipping taken ones', () => {
    const result = generateCodes({ length: 4, charset: '0123456789' }, 3, counter(), new Set(['0123']));
    expect(result).toEqual({ ok: true, value: ['4567', '8901', '2345'] });
  });

  it('gives up when the random source only repeats', () => {
    const result = generateCodes({ length: 8 }, 2, () => 0);
    expect(result).toMatchObject({ ok: false, reason: 'COLLISIONS' });
  });

  it('refuses an invalid pattern before generating', () => {
    expect(generateCodes({ length: 2 }, 1, counter())).toMatchObject({ ok: false, field: 'length' });
  });
});
