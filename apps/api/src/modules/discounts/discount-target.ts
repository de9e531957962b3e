/**
 * The subscription or job a discount is for, as the discount rules see it: its billed lines, its
 * customer, its currency and which of a definition's segments it is in (a CUSTOMER segment tests the
 * target's customer, a SUBSCRIPTION or JOB segment the target itself).
 */
import type { BillLineInput, CriteriaTarget, DiscountTarget } from '@perkflow/domain';
import type { GraphQLContext } from '../../graphql/context.js';
import { getReferenced } from '../catalogue/input-checks.js';
import { Job } from '../catalogue/job.entity.js';
import { Segment } from '../catalogue/segment.entity.js';
import { segmentsContaining } from '../catalogue/segment-membership.js';
import { Subscription } from '../catalogue/subscription.entity.js';
import type { AdditiveDiscountDefinition } from './discount-definition.entity.js';

export interface DiscountTargetRecord {
  kind: DiscountTarget;
  id: string;
  customerId: string;
  currency: string;
  subscription?: Subscription;
  job?: Job;
  /** Billed lines in order (a subscription's services, a job's lines). */
  lines: BillLineInput[];
}

export async function loadSubscriptionTarget(ctx: GraphQLContext, id: string, field: string): Promise<DiscountTargetRecord> {
  const subscription = await getReferenced(ctx, Subscription, 'Subscription', id, field);
  await ctx.em.populate(subscription, ['services.product'] as never);
  return {
    kind: 'SUBSCRIPTION',
    id: subscription.id,
    customerId: String(subscription.customer.id),
    currency: subscription.currency,
    subscription,
    lines: subscription.services.getItems().map((s) => ({ productId: String(s.product.id), productTypeId: String(s.product.unwrap().type.id), amount: s.price })),
  };
}

export async function loadJobTarget(ctx: GraphQLContext, id: string, field: string): Promise<DiscountTargetRecord> {
  const job = await getReferenced(ctx, Job, 'Job', id, field);
  await ctx.em.populate(job, ['lines.product'] as never);
  return {
    kind: 'JOB',
    id: job.id,
    customerId: String(job.customer.id),
    currency: job.currency,
    job,
    lines: job.lines.getItems().map((l) => ({ productId: String(l.product.id), productTypeId: String(l.product.unwrap().type.id), amount: l.price })),
  };
}

/** The criteria view of a target for the given definitions (segment membership computed once per segment). */
export async function criteriaTarget(ctx: GraphQLContext, target: DiscountTargetRecord, definitions: readonly AdditiveDiscountDefinition[]): Promise<CriteriaTarget> {
  const segmentIds = [...new Set(definitions.flatMap((d) => [...d.includedSegmentIds, ...d.excludedSegmentIds]))];
  const segments = segmentIds.length ? await ctx.em.find(Segment, { id: { $in: segmentIds } }) : [];
  const own = await segmentsContaining(ctx.em, segments, target.kind, target.id);
  const ofCustomer = await segmentsContaining(ctx.em, segments, 'CUSTOMER', target.customerId);
  const segmentMembership: Record<string, boolean> = {};
  for (const s of segments) segmentMembership[s.id] = own.has(s.id) || ofCustomer.has(s.id);
  return {
    ...(target.subscription ? { billingFrequency: target.subscription.billingFrequency } : {}),
    currency: target.currency,
    lines: target.lines,
    segmentMembership,
  };
}
