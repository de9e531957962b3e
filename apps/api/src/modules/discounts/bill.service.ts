/**
 * Bill preview and billing (SPEC §3): the target's lines, its approved ad hoc discounts, then the
 * auto-apply definitions whose criteria it meets, computed by the pure `computeBillPreview`. Billing
 * stores the result once per subscription period (once per job) and consumes once-off discounts with a
 * conditional UPDATE, so two bills can never both use the same once-off discount.
 */
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { asSystem } from '../../database/visibility.js';
import {
  computeBillPreview,
  formatMoney,
  isLocalDate,
  meetsCriteria,
  type BillDiscountInput,
  type BillPreviewOutput,
} from '@perkflow/domain';
import { getReadable } from '../../graphql/access.js';
import { requireViewer, type GraphQLContext } from '../../graphql/context.js';
import { badInput, conflict } from '../../graphql/errors.js';
import { User } from '../access/user.entity.js';
import { auditSnapshot, recordAudit } from '../audit/audit-trail.js';
import { Job } from '../catalogue/job.entity.js';
import { Subscription } from '../catalogue/subscription.entity.js';
import { AdHocDiscount } from './ad-hoc-discount.entity.js';
import { Bill } from './bill.entity.js';
import { AdditiveDiscountDefinition } from './discount-definition.entity.js';
import { definitionData } from './discount-definition.service.js';
import { criteriaTarget, loadJobTarget, loadSubscriptionTarget, type DiscountTargetRecord } from './discount-target.js';

const iso = (d: Date | null | undefined): string | undefined => (d ? d.toISOString() : undefined);

/** The earlier of two optional inclusive ends. */
function earlier(a: Date | null | undefined, b: Date | null | undefined): Date | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return a < b ? a : b;
}

async function adHocInputs(ctx: GraphQLContext, target: DiscountTargetRecord): Promise<BillDiscountInput[]> {
  const discounts = await ctx.em.find(
    AdHocDiscount,
    { state: 'APPROVED', ...(target.kind === 'JOB' ? { job: target.id } : { subscription: target.id }) },
    { orderBy: { providedOn: 'asc', id: 'asc' }, populate: ['definition'] as never },
  );
  return discounts.map((d) => ({
    definitionId: String(d.definition.id),
    adHocDiscountId: d.id,
    valueKind: d.definition.unwrap().valueKind,
    ...(d.amount != null ? { amount: d.amount } : {}),
    ...(d.percentage != null ? { percentage: d.percentage } : {}),
    ...(d.freePeriodDays != null ? { freePeriodDays: d.freePeriodDays } : {}),
    applicableProductIds: d.applicableProductIds,
    ...(d.effectiveDate ? { effectiveDate: d.effectiveDate.toISOString() } : {}),
    ...(d.expirationDate ? { expirationDate: d.expirationDate.toISOString() } : {}),
    onceOff: d.onceOff,
    consumed: d.consumedByBillId != null,
  }));
}

/** Has a stored bill of this target already applied this auto-apply definition (for once-off ones)? */
async function autoApplyUsed(ctx: GraphQLContext, target: DiscountTargetRecord, definitionId: string): Promise<boolean> {
  const column = target.kind === 'JOB' ? 'job_id' : 'subscription_id';
  const rows = await ctx.em.getConnection().execute<{ n: string }[]>(
    `select count(*)::text as n from bill where ${column} = ? and lines @> ?::jsonb`,
    [target.id, JSON.stringify([{ discounts: [{ definitionId, application: 'AUTO_APPLY' }] }])],
    'all',
    ctx.em.getTransactionContext(),
  );
  return rows[0]!.n !== '0';
}

/** Every AUTO_APPLY definition for the target's kind whose criteria it meets (visibility does not matter: they apply by themselves). */
async function autoApplyInputs(ctx: GraphQLContext, target: DiscountTargetRecord): Promise<BillDiscountInput[]> {
  const definitions = await ctx.em.find(AdditiveDiscountDefinition, { target: target.kind, application: 'AUTO_APPLY' }, { orderBy: { effectiveDate: 'asc', id: 'asc' } });
  if (definitions.length === 0) return [];
  const facts = await criteriaTarget(ctx, target, definitions);
  const inputs: BillDiscountInput[] = [];
  for (const d of definitions) {
    const criteria = meetsCriteria(definitionData(d), facts);
    if (!criteria.ok) continue;
    const restricted = d.productIds.length > 0 || d.productTypeIds.length > 0;
    const until = d.duration === 'FIXED_DATE' ? earlier(d.expirationDate, d.durationUntil) : (d.expirationDate ?? null);
    const onceOff = d.duration === 'ONCE_OFF';
    inputs.push({
      definitionId: d.id,
      valueKind: d.valueKind,
      ...(d.amount != null ? { amount: d.amount } : {}),
      ...(d.percentage != null ? { percentage: d.percentage } : {}),
      ...(d.freePeriodDays != null ? { freePeriodDays: d.freePeriodDays } : {}),
      applicableProductIds: restricted ? criteria.applicableProductIds : [],
      effectiveDate: d.effectiveDate.toISOString(),
      ...(until ? { expirationDate: iso(until) } : {}),
      onceOff,
      consumed: onceOff && target.kind === 'SUBSCRIPTION' ? await autoApplyUsed(ctx, target, d.id) : false,
    });
  }
  return inputs;
}

async function compute(ctx: GraphQLContext, target: DiscountTargetRecord, periodStart?: string): Promise<BillPreviewOutput> {
  // A customer's bill does not depend on who previews it: every approved and auto-applying discount
  // applies. Shown to a viewer, a discount of a definition they may not see keeps its amount and has an
  // empty definitionName (docs/SECURITY.md, Visibility).
  const system: GraphQLContext = { ...ctx, em: asSystem(ctx.em.fork({ keepTransactionContext: true, clear: false }), 'billing: every discount applies, whoever bills') };
  return computeBillPreview({
    currency: target.currency,
    lines: target.lines,
    ...(periodStart && target.subscription ? { period: { start: periodStart, frequency: target.subscription.billingFrequency } } : { billingDate: new Date().toISOString() }),
    adHocDiscounts: await adHocInputs(system, target),
    autoApplyDiscounts: await autoApplyInputs(system, target),
  });
}

async function subscriptionTarget(ctx: GraphQLContext, subscriptionId: string, periodStart: string): Promise<DiscountTargetRecord> {
  await getReadable(ctx, Subscription, 'Subscription', subscriptionId);
  const target = await loadSubscriptionTarget(ctx, subscriptionId, 'subscriptionId');
  if (!isLocalDate(periodStart)) throw badInput('periodStart', 'must be a date YYYY-MM-DD');
  if (periodStart < target.subscription!.effectiveDate) throw badInput('periodStart', `must be on or after the subscription's effective date ${target.subscription!.effectiveDate}`);
  return target;
}

async function jobTarget(ctx: GraphQLContext, jobId: string): Promise<DiscountTargetRecord> {
  await getReadable(ctx, Job, 'Job', jobId);
  return loadJobTarget(ctx, jobId, 'jobId');
}

export async function previewSubscriptionBill(ctx: GraphQLContext, subscriptionId: string, periodStart: string): Promise<BillPreviewOutput> {
  return compute(ctx, await subscriptionTarget(ctx, subscriptionId, periodStart), periodStart);
}

export async function previewJobBill(ctx: GraphQLContext, jobId: string): Promise<BillPreviewOutput> {
  return compute(ctx, await jobTarget(ctx, jobId));
}

async function store(ctx: GraphQLContext, target: DiscountTargetRecord, preview: BillPreviewOutput): Promise<Bill> {
  const viewer = requireViewer(ctx);
  const existing = await ctx.em.findOne(Bill, target.kind === 'JOB' ? { job: target.id } : { subscription: target.id, periodStart: preview.periodStart ?? null });
  if (existing) throw conflict(target.kind === 'JOB' ? `Job ${target.id} is billed already (${existing.number})` : `Subscription ${target.id} is billed already for the period from ${preview.periodStart} (${existing.number})`, { billId: existing.id });
  const seq = await ctx.em.getConnection().execute<{ n: string }[]>("select nextval('bill_number_seq')::text as n", [], 'all', ctx.em.getTransactionContext());
  const bill = ctx.em.create(Bill, {
    number: `BILL-${seq[0]!.n.padStart(6, '0')}`,
    subscription: target.subscription ?? null,
    job: target.job ?? null,
    customer: target.customerId,
    currency: preview.currency,
    periodStart: preview.periodStart ?? null,
    periodEnd: preview.periodEnd ?? null,
    lines: preview.lines,
    subtotal: preview.subtotal,
    discountTotal: preview.discountTotal,
    total: preview.total,
    billedBy: ctx.em.getReference(User, viewer.id),
  } as never) as Bill;
  try {
    await ctx.em.flush();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) throw conflict(`This ${target.kind.toLowerCase()} was billed at the same moment by someone else`);
    throw error;
  }
  if (preview.consumedAdHocDiscountIds.length) {
    const updated = await ctx.em.getConnection().execute<{ id: string }[]>(
      `update ad_hoc_discount set consumed_by_bill_id = ? where id in (${preview.consumedAdHocDiscountIds.map(() => '?').join(', ')}) and consumed_by_bill_id is null and state = 'APPROVED' returning id`,
      [bill.id, ...preview.consumedAdHocDiscountIds],
      'all',
      ctx.em.getTransactionContext(),
    );
    if (updated.length !== preview.consumedAdHocDiscountIds.length) throw conflict('A once-off discount of this bill was used by another bill at the same moment; preview again');
  }
  recordAudit(ctx, { action: 'bill', entityType: 'Bill', entityId: bill.id, after: { ...auditSnapshot(bill), consumedAdHocDiscountIds: preview.consumedAdHocDiscountIds } });
  return bill;
}

export async function billSubscription(ctx: GraphQLContext, subscriptionId: string, periodStart: string): Promise<Bill> {
  const target = await subscriptionTarget(ctx, subscriptionId, periodStart);
  return store(ctx, target, await compute(ctx, target, periodStart));
}

export async function billJob(ctx: GraphQLContext, jobId: string): Promise<Bill> {
  const target = await jobTarget(ctx, jobId);
  return store(ctx, target, await compute(ctx, target));
}

export async function listBills(ctx: GraphQLContext, args: { subscriptionId?: string | null; jobId?: string | null }): Promise<Bill[]> {
  if (args.subscriptionId) {
    await getReadable(ctx, Subscription, 'Subscription', args.subscriptionId);
    return ctx.em.find(Bill, { subscription: args.subscriptionId }, { orderBy: { periodStart: 'desc', id: 'desc' } });
  }
  if (args.jobId) {
    await getReadable(ctx, Job, 'Job', args.jobId);
    return ctx.em.find(Bill, { job: args.jobId }, { orderBy: { id: 'desc' } });
  }
  throw badInput('subscriptionId', 'give a subscription or a job');
}

/** A stored bill in the shape of its GraphQL type (amounts with the currency's minor digits). */
export function billView(bill: Bill) {
  const m = (v: string) => formatMoney(v, bill.currency);
  return { ...bill, id: bill.id, number: bill.number, createdAt: bill.createdAt, currency: bill.currency, periodStart: bill.periodStart ?? null, periodEnd: bill.periodEnd ?? null, lines: bill.lines, subtotal: m(bill.subtotal), discountTotal: m(bill.discountTotal), total: m(bill.total) };
}
