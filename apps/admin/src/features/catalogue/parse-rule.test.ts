import { describe, expect, it } from 'vitest';
import { parseRule } from './SegmentsPage';

describe('parseRule', () => {
  it('accepts one JSON object', () => {
    expect(parseRule('{"==": [{"var": "region"}, "North"]}')).toEqual({ rule: { '==': [{ var: 'region' }, 'North'] } });
  });

  it('refuses text that is not JSON, with the parser message', () => {
    const result = parseRule('{"==": [');
    expect('error' in result && result.error).toMatch(/^Not valid JSON/);
  });

  it('refuses JSON that is not an object', () => {
    for (const text of ['[1]', '"x"', '3', 'null']) expect(parseRule(text)).toHaveProperty('error');
  });
});
