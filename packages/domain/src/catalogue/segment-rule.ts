import type { RulesLogic } from 'json-logic-js';
import { formatMoney } from '../shared/money.js';
import { fail, succeed, type Result } from '../shared/result.js';
import { checkRuleBounds, evaluateSegmentRule, truthy } from './segment-rule-engine.js';

export * from './segment-rule-engine.js';

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

type RuleProblem = 'INVALID_RULE';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a dynamic segment's JsonLogic rule before it is saved or previewed: an object with one
 * operator, within SEGMENT_RULE_LIMITS (nodes, depth, list and text lengths: checked without
 * recursion), only allowed operators, every `var` naming a fact of the entity kind (inside
 * `some`/`all`/`none`/`filter`/`map`, the fields of the list's elements), and list operators only
 * over a list fact. The explanation names the bound or the path of the problem.
 */
export function validateSegmentRule(entity: SegmentEntityKind, rule: unknown): Result<RulesLogic, RuleProblem> {
  if (!isPlainObject(rule)) return fail('INVALID_RULE', 'a rule must be a JsonLogic object such as {"==": [{"var": "region"}, "North"]}');
  const facts: Record<string, FactShape> | undefined = SEGMENT_FACTS[entity];
  if (!facts) return fail('INVALID_RULE', `"${String(entity)}" is not a segment entity`);
  const problem = checkRuleBounds(rule, facts);
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

/**
 * True when the entity described by `facts` belongs to the segment (static: listed; dynamic: the rule
 * holds). Throws SegmentRuleCostError when the rule is out of bounds or over its step budget.
 */
export function isSegmentMember(segment: SegmentDefinition, facts: SegmentFacts): boolean {
  if (segment.rule === null || segment.rule === undefined) return segment.memberIds.includes(String(facts.id));
  return truthy(evaluateSegmentRule(segment.rule, facts));
}
