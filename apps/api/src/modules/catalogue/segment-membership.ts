/**
 * Segment membership for every module (discounts, campaigns, rewards test eligibility with it): loads
 * an entity's facts and asks the domain's `isSegmentMember`. Dynamic segments are evaluated in Node over
 * the facts (JsonLogic), so listing the members of one reads every record of its kind in batches.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  customerFacts,
  isSegmentMember,
  jobFacts,
  subscriptionFacts,
  type SegmentDefinition,
  type SegmentEntityKind,
  type SegmentFacts,
} from '@perkflow/domain';
import { Customer } from './customer.entity.js';
import { Job } from './job.entity.js';
import type { Product } from './product.entity.js';
import type { Segment } from './segment.entity.js';
import { Subscription } from './subscription.entity.js';

const BATCH_SIZE = 500;

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

/** The facts of the given records of one kind, by id (unknown ids are left out). */
export async function loadSegmentFacts(em: EntityManager, entity: SegmentEntityKind, ids: readonly string[]): Promise<Map<string, SegmentFacts>> {
  const rows = ids.length ? await loadRecords(em, entity, { ids }) : [];
  return new Map(rows.map((r) => [r.facts.id, r.facts]));
}

/** True when the record `entityId` (of the segment's entity kind) belongs to the segment. */
export async function isMemberOf(em: EntityManager, segment: Pick<Segment, 'entity' | 'rule' | 'memberIds'>, entityId: string): Promise<boolean> {
  if (!segment.rule) return segment.memberIds.includes(String(entityId));
  const facts = (await loadSegmentFacts(em, segment.entity, [entityId])).get(String(entityId));
  return facts ? isSegmentMember(segment, facts) : false;
}

/**
 * The ids of `entityId`'s segments among `segments` (of any kinds; a segment of another kind than
 * `entity` never matches). For eligibility checks with included/excluded segments.
 */
export async function segmentsContaining(em: EntityManager, segments: readonly Segment[], entity: SegmentEntityKind, entityId: string): Promise<Set<string>> {
  const own = segments.filter((s) => s.entity === entity);
  const facts = own.some((s) => s.rule) ? (await loadSegmentFacts(em, entity, [entityId])).get(String(entityId)) : undefined;
  return new Set(own.filter((s) => (s.rule ? facts !== undefined && isSegmentMember(s, facts) : s.memberIds.includes(String(entityId)))).map((s) => s.id));
}

export interface MemberPage {
  records: object[];
  ids: string[];
  hasNextPage: boolean;
  totalCount: number;
}

/**
 * A page of members in ascending id order after `afterId`. Static members are the listed ids that
 * still exist; dynamic members are found by evaluating the rule over every record in batches.
 */
export async function pageSegmentMembers(
  em: EntityManager,
  entity: SegmentEntityKind,
  segment: SegmentDefinition,
  page: { first: number; afterId?: string | null },
): Promise<MemberPage> {
  const members: { id: string; record: object }[] = [];
  let totalCount = 0;
  const collect = (rows: { record: object; facts: SegmentFacts }[]) => {
    for (const row of rows) {
      if (!isSegmentMember(segment, row.facts)) continue;
      totalCount += 1;
      const afterCursor = !page.afterId || BigInt(row.facts.id) > BigInt(page.afterId);
      if (afterCursor && members.length <= page.first) members.push({ id: row.facts.id, record: row.record });
    }
  };
  if (!segment.rule) {
    collect(await loadRecords(em, entity, { ids: segment.memberIds }));
  } else {
    let afterId: string | undefined;
    for (;;) {
      const rows = await loadRecords(em, entity, { afterId }, BATCH_SIZE);
      collect(rows);
      if (rows.length < BATCH_SIZE) break;
      afterId = rows[rows.length - 1]!.facts.id;
    }
  }
  const shown = members.slice(0, page.first);
  return { records: shown.map((m) => m.record), ids: shown.map((m) => m.id), hasNextPage: members.length > page.first, totalCount };
}
