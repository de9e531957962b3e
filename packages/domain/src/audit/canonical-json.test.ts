import { describe, expect, it } from 'vitest';
import { auditHashInput, canonicalJson } from './canonical-json.js';

describe('canonicalJson', () => {
  it.each([
    [{ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } }, '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}'],
    [{ a: undefined, b: 'x' }, '{"b":"x"}'],
    [null, 'null'],
    ['20.00', '"20.00"'],
    [new Date('2026-01-31T23:00:00.000Z'), '"2026-01-31T23:00:00.000Z"'],
  ])('serialises %j canonically', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('is independent of key order', () => {
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });

  it('chains the previous hash into the next input', () => {
    const entry = { at: 't', actorId: null, action: 'create', entityType: 'Group', entityId: '1', before: null, after: {} };
    expect(auditHashInput('abc', entry)).not.toBe(auditHashInput('abd', entry));
    expect(auditHashInput('abc', entry).startsWith('abc\n')).toBe(true);
  });
});
