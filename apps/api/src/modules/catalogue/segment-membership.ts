/**
 * Segment membership for every module (discounts, campaigns, rewards test eligibility with it): loads
 * an entity's facts and asks the domain's `isSegmentMember`. Dynamic segments are evaluated in Node over
 * the facts (the domain's bounded JsonLogic), so listing the members of one reads every record of its
 * kind in batches: on a fork of the request's EntityManager (nothing accumulates), yielding to the event
 * loop every few milliseconds, and within a time budget after which the page says it is incomplete.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  customerFacts,
  isSegmentMember,
  SegmentRuleCostError,
  jobFacts,
  subscriptionFacts,
  type SegmentDefinition,
  type SegmentEntityKind,
  type SegmentFacts,
} from '@perkflow/domain';
import { badInput, conflict } from '../../graphql/errors.js';
import { Customer } from './customer.entity.js';
import { Job } from './job.entity.js';
import type { Product } from './product.entity.js';
import type { Segment } from './segment.entity.js';
import { Subscription } from './subscription.entity.js';

const BATCH_SIZE = 250;

/**
 * How a scan over every record of a kind shares the process: it yields after `sliceMs` of work and
 * stops after `budgetMs` (the page then has `complete: false`). Mutable for tests.
 */
export const segmentScanLimits = { sliceMs: 10, budgetMs: 5_000 };

/** A rule that went over its evaluation bounds on some record, as the API answers it. */
export class SegmentRuleFailure extends Error {
  constructor(
    readonly failure: SegmentRuleCostError,
    readonly entityId: string,
  ) {
    super(`${failure.message} (record ${entityId})`);
  }
}

/**
 * The API's answer to a rule over its bounds: BAD_USER_INPUT on `field` for a rule being previewed,
 * CONFLICT for a saved segment (its rule cannot decide membership until it is changed). Other errors pass.
 */
export function ruleFailureAsApiError(error: unknown, field?: string): unknown {
  if (!(error instanceof SegmentRuleFailure)) return error;
  return field ? badInput(field, error.message) : conflict(`a segment's rule cannot be evaluated: ${error.message}`, { reason: 'SEGMENT_RULE_COST' });
}

/** isSegmentMember, naming the record when the rule goes over its bounds. */
function memberOrFail(segment: SegmentDefinition, facts: SegmentFacts): boolean {
  try {
    return isSegmentMember(segment, facts);
  } catch (error) {
    if (error instanceof SegmentRuleCostError) throw new SegmentRuleFailure(error, facts.id);
    throw error;
  }
}

function productCode(product: { unwrap(): Product }): string {
  return product.unwrap().code;
}

export function factsOfCustomer(customer: Customer): SegmentFacts {
  return customerFacts(customer);
}

/** Needs `services.product` populated. */
export function factsOfSubscription(subscription: Subscription): SegmentFacts {
  return subscriptionFacts({
    id: subscription.id,
    customerId: subscription.customer.id,
    billingFrequency: subscription.billingFrequency,
    effectiveDate: subscription.effectiveDate,
    currency: subscription.currency,
    services: subscription.services.getItems().map((s) => ({ productId: s.product.id, productCode: productCode(s.product), price: s.price, isMain: s.isMain })),
  });
}

/** Needs `lines.product` populated. */
export function factsOfJob(job: Job): SegmentFacts {
  return jobFacts({
    id: job.id,
    customerId: job.customer.id,
    orderDate: job.orderDate,
    expectedCompletionDate: job.expectedCompletionDate,
    actualCompletionDate: job.actualCompletionDate,
    currency: job.currency,
    lines: job.lines.getItems().map((l) => ({ productId: l.product.id, productCode: productCode(l.product), price: l.price })),
  });
}

/** Loads a batch of records of one kind, in id order, with what their facts need. */
async function loadRecords(em: EntityManager, entity: SegmentEntityKind, where: { ids?: readonly string[]; afterId?: string }, limit?: number) {
  const filter: Record<string, unknown> = {};
  if (where.ids) filter.id = { $in: [...where.ids] };
  if (where.afterId) filter.id = { ...(filter.id as object), $gt: where.afterId };
  const options = { orderBy: { id: 'asc' as const }, limit };
  switch (entity) {
    case 'CUSTOMER':
      return (await em.find(Customer, filter, options)).map((c) => ({ record: c as object, facts: factsOfCustomer(c) }));
    case 'SUBSCRIPTION':
      return (await em.find(Subscription, filter, { ...options, populate: ['services.product'] })).map((s) => ({ record: s as object, facts: factsOfSubscription(s) }));
    case 'JOB':
      return (await em.find(Job, filter, { ...options, populate: ['lines.product'] })).map((j) => ({ record: j as object, facts: factsOfJob(j) }));
  }
}

/** The facts of every record of a kind, a batch in id order: plain SQL rows (a scan hydrates no entities). */
const SCAN_SQL: Record<SegmentEntityKind, string> = {
  CUSTOMER: `select c.id::text as id, c.name, c.email, to_char(c.birthday, 'YYYY-MM-DD') as birthday, to_char(c.name_day, 'YYYY-MM-DD') as "nameDay",
      c.signed_up_at as "signedUpAt", c.region, c.blacklisted, c.addresses
    from customer c where c.id > ? order by c.id limit ?`,
  SUBSCRIPTION: `select s.id::text as id, s.customer_id::text as "customerId", s.billing_frequency as "billingFrequency",
      to_char(s.effective_date, 'YYYY-MM-DD') as "effectiveDate", s.currency,
      coalesce((select json_agg(json_build_object('productId', x.product_id::text, 'productCode', p.code, 'price', x.price::text, 'isMain', x.is_main) order by x.id)
        from subscription_service x join product p on p.id = x.product_id where x.subscription_id = s.id), '[]') as services
    from subscription s where s.id > ? order by s.id limit ?`,
  JOB: `select j.id::text as id, j.customer_id::text as "customerId", to_char(j.order_date, 'YYYY-MM-DD') as "orderDate",
      to_char(j.expected_completion_date, 'YYYY-MM-DD') as "expectedCompletionDate", to_char(j.actual_completion_date, 'YYYY-MM-DD') as "actualCompletionDate", j.currency,
      coalesce((select json_agg(json_build_object('productId', l.product_id::text, 'productCode', p.code, 'price', l.price::text) order by l.id)
        from job_line l join product p on p.id = l.product_id where l.job_id = j.id), '[]') as lines
    from job j where j.id > ? order by j.id limit ?`,
};

const FACTS_OF_ROW: Record<SegmentEntityKind, (row: never) => SegmentFacts> = { CUSTOMER: customerFacts, SUBSCRIPTION: subscriptionFacts, JOB: jobFacts };

async function scanFacts(em: EntityManager, entity: SegmentEntityKind, afterId: string, limit: number): Promise<{ facts: SegmentFacts }[]> {
  const rows = await em.getConnection().execute<Record<string, unknown>[]>(SCAN_SQL[entity], [afterId, limit], 'all');
  return rows.map((row) => ({ facts: FACTS_OF_ROW[entity](row as never) }));
}

/** The facts of the given records of one kind, by id (unknown ids are left out). */
export async function loadSegmentFacts(em: EntityManager, entity: SegmentEntityKind, ids: readonly string[]): Promise<Map<string, SegmentFacts>> {
  const rows = ids.length ? await loadRecords(em, entity, { ids }) : [];
  return new Map(rows.map((r) => [r.facts.id, r.facts]));
}

/** True when the record `entityId` (of the segment's entity kind) belongs to the segment. */
export async function isMemberOf(em: EntityManager, segment: Pick<Segment, 'entity' | 'rule' | 'memberIds'>, entityId: string): Promise<boolean> {
  if (!segment.rule) return segment.memberIds.includes(String(entityId));
  const facts = (await loadSegmentFacts(em, segment.entity, [entityId])).get(String(entityId));
  try {
    return facts ? memberOrFail(segment, facts) : false;
  } catch (error) {
    throw ruleFailureAsApiError(error);
  }
}

/**
 * The ids of `entityId`'s segments among `segments` (of any kinds; a segment of another kind than
 * `entity` never matches). For eligibility checks with included/excluded segments.
 */
export async function segmentsContaining(em: EntityManager, segments: readonly Segment[], entity: SegmentEntityKind, entityId: string): Promise<Set<string>> {
  const own = segments.filter((s) => s.entity === entity);
  const facts = own.some((s) => s.rule) ? (await loadSegmentFacts(em, entity, [entityId])).get(String(entityId)) : undefined;
  try {
    return new Set(own.filter((s) => (s.rule ? facts !== undefined && memberOrFail(s, facts) : s.memberIds.includes(String(entityId)))).map((s) => s.id));
  } catch (error) {
    throw ruleFailureAsApiError(error);
  }
}

export interface MemberPage {
  records: object[];
  ids: string[];
  hasNextPage: boolean;
  totalCount: number;
  /** False when the scan stopped at its time budget: `totalCount` then counts the records scanned so far. */
  complete: boolean;
}

/**
 * A page of members in ascending id order after `afterId`. Static members are the listed ids that
 * still exist; dynamic members are found by evaluating the rule over every record in batches (see
 * `segmentScanLimits`); the page's records are then loaded with `em`.
 */
export async function pageSegmentMembers(
  em: EntityManager,
  entity: SegmentEntityKind,
  segment: SegmentDefinition,
  page: { first: number; afterId?: string | null },
): Promise<MemberPage> {
  const ids: string[] = [];
  let totalCount = 0;
  let complete = true;
  const started = performance.now();
  let slice = started;
  /** Evaluates the rows in order; false when the time budget ran out first. */
  const collect = async (rows: { facts: SegmentFacts }[]): Promise<boolean> => {
    for (const row of rows) {
      const now = performance.now();
      if (now - started > segmentScanLimits.budgetMs) return false;
      if (now - slice > segmentScanLimits.sliceMs) {
        await nextTurn();
        slice = performance.now();
      }
      if (!memberOrFail(segment, row.facts)) continue;
      totalCount += 1;
      const afterCursor = !page.afterId || BigInt(row.facts.id) > BigInt(page.afterId);
      if (afterCursor && ids.length <= page.first) ids.push(row.facts.id);
    }
    return true;
  };
  if (!segment.rule) {
    complete = await collect(await loadRecords(em, entity, { ids: segment.memberIds }));
  } else {
    let afterId = '0';
    for (;;) {
      const rows = await scanFacts(em, entity, afterId, BATCH_SIZE);
      if (!(await collect(rows))) {
        complete = false;
        break;
      }
      if (rows.length < BATCH_SIZE) break;
      afterId = rows[rows.length - 1]!.facts.id;
    }
  }
  const shown = ids.slice(0, page.first);
  const records = new Map((shown.length ? await loadRecords(em, entity, { ids: shown }) : []).map((r) => [r.facts.id, r.record]));
  return { records: shown.map((id) => records.get(id)!).filter(Boolean), ids: shown, hasNextPage: ids.length > page.first, totalCount, complete };
}
