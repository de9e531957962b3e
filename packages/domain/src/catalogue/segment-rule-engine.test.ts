import jsonLogic, { type RulesLogic } from 'json-logic-js';
import { describe, expect, it } from 'vitest';
import { checkRuleBounds, evaluateSegmentRule, SEGMENT_RULE_LIMITS, SegmentRuleCostError } from './segment-rule-engine.js';
import { customerFacts, isSegmentMember, SEGMENT_FACTS, subscriptionFacts, validateSegmentRule } from './segment-rule.js';

const customer = customerFacts({
  id: '3',
  name: 'Nora North',
  email: 'nora@example.com',
  birthday: '1990-03-14',
  nameDay: null,
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

/** A chain of `!` `depth` levels deep, built without recursion. */
function deepRule(depth: number): unknown {
  let rule: unknown = { var: 'region' };
  for (let i = 0; i < depth; i += 1) rule = { '!': [rule] };
  return rule;
}

describe('evaluateSegmentRule computes what json-logic-js computes (allowed operators)', () => {
  it.each<[string, unknown, unknown]>([
    ['loose equality', { '==': [{ var: 'blacklisted' }, 0] }, customer],
    ['strict inequality', { '!==': [{ var: 'region' }, 'South'] }, customer],
    ['between', { '<=': ['1980-01-01', { var: 'birthday' }, '2000-01-01'] }, customer],
    ['and returns the first falsy', { and: [true, { var: 'nameDay' }, 1] }, customer],
    ['or returns the first truthy', { or: [0, '', { var: 'region' }] }, customer],
    ['if / else-if / else', { if: [{ '==': [{ var: 'region' }, 'South'] }, 'S', { '==': [{ var: 'region' }, 'North'] }, 'N', 'other'] }, customer],
    ['if without else', { if: [false, 1] }, customer],
    ['?:', { '?:': [{ var: 'blacklisted' }, 'yes', 'no'] }, customer],
    ['in a list', { in: [{ var: 'region' }, ['North', 'East']] }, customer],
    ['in a text', { in: ['Town', { var: 'addresses.0.city' }] }, customer],
    ['in a non-list', { in: ['x', 5] }, customer],
    ['cat', { cat: [{ var: 'region' }, '-', 1, null] }, customer],
    ['substr', { substr: [{ var: 'birthday' }, 0, 4] }, customer],
    ['substr negative end', { substr: [{ var: 'email' }, 2, -4] }, customer],
    ['arithmetic on decimal strings', { '+': [{ var: 'services.0.price' }, { var: 'services.1.price' }, '1'] }, subscription],
    ['* and -', { '-': [{ '*': [2, '3.5'] }, { '/': [9, 3] }] }, subscription],
    ['unary minus and %', { '+': [{ '-': [4] }, { '%': [7, 4] }] }, subscription],
    ['min / max', { max: [{ min: [3, 1, 2] }, 0] }, subscription],
    ['var with default', { var: ['nothing.here', 'fallback'] }, customer],
    ['var index path', { var: 'addresses.1.city' }, customer],
    ['missing', { missing: ['region', 'nameDay', 'email'] }, customer],
    ['missing_some', { missing_some: [1, ['nameDay', 'region']] }, customer],
    ['some over a list fact', { some: [{ var: 'addresses' }, { '==': [{ var: 'city' }, 'Old Town'] }] }, customer],
    ['all over a list fact', { all: [{ var: 'services' }, { '>': [{ var: 'price' }, 1] }] }, subscription],
    ['none over a list fact', { none: [{ var: 'services' }, { var: 'isMain' }] }, subscription],
    ['map', { map: [{ var: 'services' }, { var: 'productCode' }] }, subscription],
    ['filter', { filter: [{ var: 'services' }, { var: 'isMain' }] }, subscription],
    ['reduce (sum of prices)', { reduce: [{ var: 'services' }, { '+': [{ var: 'accumulator' }, { var: 'current.price' }] }, 0] }, subscription],
    ['reduce without initial', { reduce: [{ var: 'services' }, { var: 'current.productId' }] }, subscription],
    ['some over a filter', { some: [{ filter: [{ var: 'services' }, { var: 'isMain' }] }, { '==': [{ var: 'productCode' }, 'FIBRE-100'] }] }, subscription],
    ['all of an empty list', { all: [{ var: 'nothing' }, true] }, customer],
    ['!! of an empty list', { '!!': [[]] }, customer],
  ])('%s', (_name, rule, facts) => {
    expect(checkRuleBounds(rule, null)).toBeNull();
    expect(evaluateSegmentRule(rule, facts)).toEqual(jsonLogic.apply(rule as RulesLogic, facts));
  });

  it('reads own properties only (json-logic-js would walk into prototypes)', () => {
    expect(evaluateSegmentRule({ var: 'region.length' }, customer)).toBeNull();
    expect(evaluateSegmentRule({ var: 'addresses.constructor' }, customer)).toBeNull();
  });
});

describe('validateSegmentRule bounds', () => {
  const wide = (n: number) => ({ in: [{ var: 'region' }, Array.from({ length: n }, (_, i) => `R${i}`)] });
  it.each<[string, unknown, string]>([
    ['3,000 levels deep', deepRule(3_000), `nested at most ${SEGMENT_RULE_LIMITS.depth} levels deep`],
    ['100,000 levels deep', deepRule(100_000), `nested at most ${SEGMENT_RULE_LIMITS.depth} levels deep`],
    ['33 levels deep', deepRule(33), 'nested at most 32 levels deep'],
    ['a list literal too long', wide(SEGMENT_RULE_LIMITS.arrayItems + 1), `at most ${SEGMENT_RULE_LIMITS.arrayItems} items`],
    ['too many nodes', { or: Array.from({ length: 400 }, () => ({ '==': [{ var: 'region' }, 'x'] })) }, `at most ${SEGMENT_RULE_LIMITS.nodes} JSON nodes`],
    ['a text too long', { '==': [{ var: 'region' }, 'x'.repeat(SEGMENT_RULE_LIMITS.stringLength + 1)] }, `at most ${SEGMENT_RULE_LIMITS.stringLength} characters`],
    ['merge', { in: ['A', { merge: [['A'], ['B']] }] }, '"merge" is not allowed'],
    ['log', { log: 1 }, '"log" is not allowed'],
    ['reduce over a literal', { reduce: [[1, 2, 3], { '+': [{ var: 'current' }, { var: 'accumulator' }] }, 0] }, 'must iterate over a list fact'],
    ['some over a scalar fact', { some: [{ var: 'region' }, true] }, 'must iterate over a list fact'],
    ['map as a source', { some: [{ map: [{ var: 'addresses' }, { var: 'city' }] }, true] }, 'must iterate over a list fact'],
    ['a list operator inside a body', { some: [{ var: 'addresses' }, { some: [{ var: 'addresses' }, true] }] }, 'must iterate over a list fact'],
    ['reduce with extra arguments', { reduce: [{ var: 'addresses' }, 1, 0, 4] }, 'takes a list and an operation'],
    ['var with three arguments', { var: ['region', 'x', 'y'] }, '"var" takes a name'],
  ])('refuses %s', (_name, rule, explanation) => {
    const result = validateSegmentRule('CUSTOMER', rule);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.explanation).toContain(explanation);
  });

  it('accepts the largest rule within the bounds', () => {
    expect(validateSegmentRule('CUSTOMER', wide(SEGMENT_RULE_LIMITS.arrayItems)).ok).toBe(true);
    expect(validateSegmentRule('CUSTOMER', deepRule(SEGMENT_RULE_LIMITS.depth / 2 - 1)).ok).toBe(true);
  });

  it('names the path of a problem inside the rule', () => {
    expect(validateSegmentRule('CUSTOMER', { and: [true, { some: [{ var: 'addresses' }, { var: 'street' }] }] })).toMatchObject({
      ok: false,
      explanation: expect.stringContaining('rule.and[1].some[1].var'),
    });
  });

  it('knows every fact kind (list facts are the only list sources)', () => {
    for (const [entity, facts] of Object.entries(SEGMENT_FACTS)) {
      for (const [name, shape] of Object.entries(facts)) {
        const rule = { some: [{ var: name }, true] };
        expect(validateSegmentRule(entity as keyof typeof SEGMENT_FACTS, rule).ok).toBe(shape !== 'scalar');
      }
    }
  });
});

describe('the step budget', () => {
  const manyLines = subscriptionFacts({
    ...{ id: '1', customerId: '1', billingFrequency: 'MONTHLY', effectiveDate: '2026-01-01', currency: 'EUR' },
    services: Array.from({ length: 100 }, (_, i) => ({ productId: String(i), productCode: `P${i}`, price: '1', isMain: false })),
  });

  it('stops a reduce that doubles a text per element with a clear error', () => {
    const doubling = { reduce: [{ var: 'services' }, { cat: [{ var: 'accumulator' }, { var: 'accumulator' }] }, 'xy'] };
    expect(validateSegmentRule('SUBSCRIPTION', doubling).ok).toBe(true); // statically fine: the data decides
    const started = Date.now();
    expect(() => evaluateSegmentRule(doubling, manyLines)).toThrow(SegmentRuleCostError);
    expect(() => evaluateSegmentRule(doubling, manyLines)).toThrow(/builds a text longer than 10000/);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('stops a rule whose per-element work exceeds the budget', () => {
    const body = { or: Array.from({ length: 180 }, (_, i) => ({ '==': [{ var: 'productCode' }, `X${i}`] })) };
    const heavy = { some: [{ var: 'services' }, body] };
    expect(validateSegmentRule('SUBSCRIPTION', heavy).ok).toBe(true);
    expect(() => isSegmentMember({ rule: heavy, memberIds: [] }, manyLines)).toThrow(`more than ${SEGMENT_RULE_LIMITS.steps} evaluation steps`);
    // The same rule on an ordinary record stays within the budget.
    expect(isSegmentMember({ rule: heavy, memberIds: [] }, subscription)).toBe(false);
  });

  it('refuses to evaluate a stored rule that is out of bounds, without recursing into it', () => {
    expect(() => evaluateSegmentRule(deepRule(100_000), customer)).toThrow(/nested at most 32 levels/);
    expect(() => evaluateSegmentRule({ merge: [[1], [2]] }, customer)).toThrow(/"merge" is not allowed/);
  });
});
