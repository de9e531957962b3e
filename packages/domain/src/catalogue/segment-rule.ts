import jsonLogic, { type RulesLogic } from 'json-logic-js';
import { formatMoney } from '../shared/money.js';
import { fail, succeed, type Result } from '../shared/result.js';

/** The kinds of entity a segment groups (SPEC §2). */
export const SEGMENT_ENTITIES = ['CUSTOMER', 'SUBSCRIPTION', 'JOB'] as const;
export type SegmentEntityKind = (typeof SEGMENT_ENTITIES)[number];

/** A fact is a scalar, or a list of records whose fields are scalars (addresses, services, lines). */
type FactShape = 'scalar' | { items: readonly string[] };

/**
 * The facts a rule may read, per entity kind, under their contract field names. The fact builders
 * below produce exactly these keys; `validateSegmentRule` refuses a `var` that names anything else.
 */
export const SEGMENT_FACTS = {
  CUSTOMER: {
    id: 'scalar',
    name: 'scalar',
    email: 'scalar',
    birthday: 'scalar',
    nameDay: 'scalar',
    signedUpAt: 'scalar',
    region: 'scalar',
    blacklisted: 'scalar',
    addresses: { items: ['area', 'city', 'district', 'active'] },
  },
  SUBSCRIPTION: {
    id: 'scalar',
    customerId: 'scalar',
    billingFrequency: 'scalar',
    effectiveDate: 'scalar',
    currency: 'scalar',
    services: { items: ['productId', 'productCode', 'price', 'isMain'] },
  },
  JOB: {
    id: 'scalar',
    customerId: 'scalar',
    orderDate: 'scalar',
    expectedCompletionDate: 'scalar',
    actualCompletionDate: 'scalar',
    currency: 'scalar',
    lines: { items: ['productId', 'productCode', 'price'] },
  },
} as const satisfies Record<SegmentEntityKind, Record<string, FactShape>>;

export interface AddressFact {
  area: string | null;
  city: string | null;
  district: string | null;
  active: boolean;
}

export interface CustomerFacts {
  id: string;
  name: string;
  email: string | null;
  /** YYYY-MM-DD */
  birthday: string | null;
  /** YYYY-MM-DD */
  nameDay: string | null;
  /** ISO instant */
  signedUpAt: string;
  region: string | null;
  blacklisted: boolean;
  addresses: AddressFact[];
}

export interface SubscriptionFacts {
  id: string;
  customerId: string;
  billingFrequency: string;
  effectiveDate: string;
  currency: string;
  services: { productId: string; productCode: string; price: string; isMain: boolean }[];
}

export interface JobFacts {
  id: string;
  customerId: string;
  orderDate: string;
  expectedCompletionDate: string;
  actualCompletionDate: string | null;
  currency: string;
  lines: { productId: string; productCode: string; price: string }[];
}

export type SegmentFacts = CustomerFacts | SubscriptionFacts | JobFacts;

type Nullable<T> = T | null | undefined;

/** A customer's facts: dates as YYYY-MM-DD, the sign-up instant as ISO 8601. */
export function customerFacts(customer: {
  id: string;
  name: string;
  email?: Nullable<string>;
  birthday?: Nullable<string>;
  nameDay?: Nullable<string>;
  signedUpAt: Date | string;
  region?: Nullable<string>;
  blacklisted: boolean;
  addresses?: Nullable<readonly { area?: Nullable<string>; city?: Nullable<string>; district?: Nullable<string>; active?: Nullable<boolean> }[]>;
}): CustomerFacts {
  return {
    id: String(customer.id),
    name: customer.name,
    email: customer.email ?? null,
    birthday: customer.birthday ?? null,
    nameDay: customer.nameDay ?? null,
    signedUpAt: new Date(customer.signedUpAt).toISOString(),
    region: customer.region ?? null,
    blacklisted: customer.blacklisted,
    addresses: (customer.addresses ?? []).map((a) => ({ area: a.area ?? null, city: a.city ?? null, district: a.district ?? null, active: a.active ?? true })),
  };
}

/** A subscription's facts: service prices as decimal strings in the subscription's currency. */
export function subscriptionFacts(subscription: {
  id: string;
  customerId: string;
  billingFrequency: string;
  effectiveDate: string;
  currency: string;
  services: readonly { productId: string; productCode: string; price: string; isMain: boolean }[];
}): SubscriptionFacts {
  return {
    id: String(subscription.id),
    customerId: String(subscription.customerId),
    billingFrequency: subscription.billingFrequency,
    effectiveDate: subscription.effectiveDate,
    currency: subscription.currency,
    services: subscription.services.map((s) => ({
      productId: String(s.productId),
      productCode: s.productCode,
      price: formatMoney(s.price, subscription.currency),
      isMain: s.isMain,
    })),
  };
}

/** A job's facts: dates as YYYY-MM-DD (so they compare correctly as strings), line prices as decimal strings. */
export function jobFacts(job: {
  id: string;
  customerId: string;
  orderDate: string;
  expectedCompletionDate: string;
  actualCompletionDate?: Nullable<string>;
  currency: string;
  lines: readonly { productId: string; productCode: string; price: string }[];
}): JobFacts {
  return {
    id: String(job.id),
    customerId: String(job.customerId),
    orderDate: job.orderDate,
    expectedCompletionDate: job.expectedCompletionDate,
    actualCompletionDate: job.actualCompletionDate ?? null,
    currency: job.currency,
    lines: job.lines.map((l) => ({ productId: String(l.productId), productCode: l.productCode, price: formatMoney(l.price, job.currency) })),
  };
}

/** The JsonLogic operators a rule may use (json-logic-js built-ins, without `log`). */
export const SEGMENT_RULE_OPERATORS: ReadonlySet<string> = new Set([
  '==', '===', '!=', '!==', '>', '>=', '<', '<=', '!', '!!', 'and', 'or', 'if', '?:',
  'in', 'cat', 'substr', '+', '-', '*', '/', '%', 'min', 'max', 'merge',
  'var', 'missing', 'missing_some', 'some', 'all', 'none', 'filter', 'map', 'reduce',
]);

const ARRAY_OPERATORS = new Set(['some', 'all', 'none', 'filter', 'map', 'reduce']);
const MAX_RULE_DEPTH = 32;
const MAX_RULE_LENGTH = 20_000;

/** The names a `var` may start with in the current scope; `null` means "any" (an array built inside the rule). */
type Scope = ReadonlySet<string> | null;

type RuleProblem = 'INVALID_RULE';

interface RuleCheck {
  facts: Record<string, FactShape>;
  /** The entity's own facts: `{"var": ""}` (the whole entity) is refused here, allowed on list elements. */
  root: ReadonlySet<string>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkVar(args: unknown, check: RuleCheck, scope: Scope, path: string): string | null {
  const name = Array.isArray(args) ? (args as unknown[])[0] : args;
  if (typeof name === 'number') return null; // an index into the current element
  if (typeof name !== 'string') return `${path}: "var" must name a fact with a string`;
  if (name === '') return scope === check.root ? `${path}: "var" must name a fact` : null;
  if (scope === null) return null;
  const head = name.split('.')[0]!;
  if (!scope.has(head)) return `${path}: "${name}" is not a fact of this entity (known: ${[...scope].join(', ')})`;
  return null;
}

/** Inside `some`/`all`/`none`/`filter`/`map` over a list fact, `var` names the fields of its elements. */
function elementScope(source: unknown, check: RuleCheck, scope: Scope): Scope {
  if (scope !== check.root || !isPlainObject(source) || Object.keys(source).length !== 1 || !('var' in source)) return null;
  const raw = source.var;
  const name = Array.isArray(raw) ? (raw as unknown[])[0] : raw;
  const shape = typeof name === 'string' ? check.facts[name] : undefined;
  return shape && shape !== 'scalar' ? new Set(shape.items) : null;
}

function checkNode(node: unknown, check: RuleCheck, scope: Scope, path: string, depth: number): string | null {
  if (depth > MAX_RULE_DEPTH) return `${path}: the rule is nested more than ${MAX_RULE_DEPTH} levels deep`;
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) {
      const problem = checkNode(item, check, scope, `${path}[${i}]`, depth + 1);
      if (problem) return problem;
    }
    return null;
  }
  if (!isPlainObject(node)) return null;
  const keys = Object.keys(node);
  if (keys.length !== 1) return `${path}: an operation must have exactly one operator, got ${keys.length === 0 ? 'none' : keys.map((k) => `"${k}"`).join(', ')}`;
  const operator = keys[0]!;
  if (!SEGMENT_RULE_OPERATORS.has(operator)) return `${path}: "${operator}" is not a supported JsonLogic operator`;
  const args = node[operator];
  const here = `${path}.${operator}`;
  if (operator === 'var') return checkVar(args, check, scope, here);
  if (ARRAY_OPERATORS.has(operator) && Array.isArray(args)) {
    const [source, body, initial] = args as unknown[];
    const sourceProblem = checkNode(source, check, scope, `${here}[0]`, depth + 1);
    if (sourceProblem) return sourceProblem;
    const inner = operator === 'reduce' ? new Set(['current', 'accumulator']) : elementScope(source, check, scope);
    const bodyProblem = checkNode(body, check, inner, `${here}[1]`, depth + 1);
    if (bodyProblem) return bodyProblem;
    return initial === undefined ? null : checkNode(initial, check, scope, `${here}[2]`, depth + 1);
  }
  return checkNode(args, check, scope, here, depth + 1);
}

/**
 * Checks a dynamic segment's JsonLogic rule before it is saved: an object with one operator, only
 * known operators, and every `var` naming a fact of the entity kind (inside `some`/`all`/`none`/
 * `filter`/`map`, the fields of the list's elements).
 */
export function validateSegmentRule(entity: SegmentEntityKind, rule: unknown): Result<RulesLogic, RuleProblem> {
  if (!isPlainObject(rule)) return fail('INVALID_RULE', 'a rule must be a JsonLogic object such as {"==": [{"var": "region"}, "North"]}');
  if (JSON.stringify(rule).length > MAX_RULE_LENGTH) return fail('INVALID_RULE', `a rule must be at most ${MAX_RULE_LENGTH} characters of JSON`);
  const facts: Record<string, FactShape> = SEGMENT_FACTS[entity];
  if (!facts) return fail('INVALID_RULE', `"${String(entity)}" is not a segment entity`);
  const root = new Set(Object.keys(facts));
  const problem = checkNode(rule, { facts, root }, root, 'rule', 0);
  return problem ? fail('INVALID_RULE', problem) : succeed(rule as RulesLogic);
}

/**
 * A segment's shape: a static segment lists members and has no rule; a dynamic one has a rule and
 * no explicit members.
 */
export function checkSegmentShape(rule: unknown, memberIds: readonly string[]): Result<'STATIC' | 'DYNAMIC', 'RULE_AND_MEMBERS'> {
  if (rule !== null && rule !== undefined && memberIds.length > 0) {
    return fail('RULE_AND_MEMBERS', 'a segment is either dynamic (a rule) or static (member ids), not both', 'memberIds');
  }
  return succeed(rule === null || rule === undefined ? 'STATIC' : 'DYNAMIC');
}

/** A segment as membership needs it. */
export interface SegmentDefinition {
  rule?: unknown;
  memberIds: readonly string[];
}

/** True when the entity described by `facts` belongs to the segment (static: listed; dynamic: the rule holds). */
export function isSegmentMember(segment: SegmentDefinition, facts: SegmentFacts): boolean {
  if (segment.rule === null || segment.rule === undefined) return segment.memberIds.includes(String(facts.id));
  return jsonLogic.truthy(jsonLogic.apply(segment.rule as RulesLogic, facts));
}
