/**
 * Ad hoc discounts (SPEC §3): an agent submits one on a subscription or job; it is checked against its
 * definition now (validity, value, dates), the target's criteria and the rolling per-customer limit.
 * The limit is race-free: submissions for the same definition and customer are serialised by a
 * transaction-scoped advisory lock in PostgreSQL, and the count is read after taking it.
 */
import { LockMode, type FilterQuery } from '@mikro-orm/core';
import {
  canModify,
  checkApplicationLimit,
  initialAdHocDiscountState,
  isDefinitionValidAt,
  meetsCriteria,
  resolveApplicableProducts,
  validateAdHocSubmission,
  type AdHocDiscountSubmission,
  type ResolvedAdHocDiscount,
} from '@perkflow/domain';
import { accessFilter, assertCan, getReadable } from '../../graphql/access.js';
import { requireViewer, type GraphQLContext } from '../../graphql/context.js';
import { badInput, conflict } from '../../graphql/errors.js';
import { paginate, type Page } from '../../graphql/pagination.js';
import { User } from '../access/user.entity.js';
import { auditSnapshot, recordAudit } from '../audit/audit-trail.js';
import { getReferenced } from '../catalogue/input-checks.js';
import { AdHocDiscount } from './ad-hoc-discount.entity.js';
import { openApprovalRequest, refreshApprovalPayload } from './ad-hoc-approval.js';
import { AdditiveDiscountDefinition } from './discount-definition.entity.js';
import { definitionData } from './discount-definition.service.js';
import { criteriaTarget, loadJobTarget, loadSubscriptionTarget, type DiscountTargetRecord } from './discount-target.js';
import type { AdHocDiscountFilter, SubmitAdHocDiscountInput, UpdateAdHocDiscountInput } from './discounts.types.js';

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

function ids(list: readonly string[] | null | undefined, field: string): string[] | undefined {
  if (list == null) return undefined;
  return list.map((id, i) => {
    if (!/^\d{1,18}$/.test(id)) throw badInput(`${field}.${i}`, `there is no Product with id "${id}"`);
    return String(BigInt(id));
  });
}

/** The target named by the input: exactly one of a subscription or a job. */
async function loadTarget(ctx: GraphQLContext, input: { subscriptionId?: string | null; jobId?: string | null }): Promise<DiscountTargetRecord> {
  if (input.subscriptionId && input.jobId) throw badInput('input.jobId', 'an ad hoc discount is for a subscription or a job, not both');
  if (input.subscriptionId) return loadSubscriptionTarget(ctx, input.subscriptionId, 'input.subscriptionId');
  if (input.jobId) return loadJobTarget(ctx, input.jobId, 'input.jobId');
  throw badInput('input.subscriptionId', 'give the subscription or the job the discount is for');
}

const targetField = (target: DiscountTargetRecord) => (target.kind === 'JOB' ? 'input.jobId' : 'input.subscriptionId');

/**
 * Every check of a submission (or of a pending discount's new terms) at `now`, in order: the
 * definition's validity, value and dates, the target's criteria, the applicable products.
 */
async function checkTerms(
  ctx: GraphQLContext,
  definition: AdditiveDiscountDefinition,
  target: DiscountTargetRecord,
  submission: Omit<AdHocDiscountSubmission, 'targetKind'> & { applicableProductIds?: string[] },
  now: Date,
): Promise<ResolvedAdHocDiscount> {
  const data = definitionData(definition);
  const resolved = validateAdHocSubmission(data, { ...submission, targetKind: target.kind, targetCurrency: target.currency }, now.toISOString());
  if (!resolved.ok) throw badInput(resolved.field ?? 'input', resolved.explanation, { reason: resolved.reason });
  const criteria = meetsCriteria(data, await criteriaTarget(ctx, target, [definition]));
  if (!criteria.ok) throw badInput(targetField(target), `does not meet the definition's criteria: ${criteria.explanation}`, { reason: `CRITERIA_${criteria.reason}` });
  const restricted = definition.productIds.length > 0 || definition.productTypeIds.length > 0;
  const products = resolveApplicableProducts(submission.applicableProductIds, criteria.applicableProductIds, restricted);
  if (!products.ok) throw badInput(products.field ?? 'input.applicableProductIds', products.explanation, { reason: products.reason });
  return { ...resolved.value, applicableProductIds: products.value };
}

/** Serialises submissions of one definition for one customer until the transaction ends (rolling limit). */
async function lockLimit(ctx: GraphQLContext, definitionId: string, customerId: string): Promise<void> {
  await ctx.em.getConnection().execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`ad_hoc_limit:${definitionId}:${customerId}`], 'run', ctx.em.getTransactionContext());
}

async function checkLimit(ctx: GraphQLContext, definition: AdditiveDiscountDefinition, customerId: string, now: Date): Promise<void> {
  const data = definitionData(definition);
  if (!data.maxApplications || !data.applicationPeriod) return;
  await lockLimit(ctx, definition.id, customerId);
  const rows = await ctx.em.getConnection().execute<{ provided_on: Date; state: 'PENDING_APPROVAL' | 'APPROVED' | 'CANCELLED' }[]>(
    `select provided_on, state from ad_hoc_discount where definition_id = ? and customer_id = ? and state <> 'CANCELLED'`,
    [definition.id, customerId],
    'all',
    ctx.em.getTransactionContext(),
  );
  const limit = checkApplicationLimit(data, rows.map((r) => ({ providedOn: new Date(r.provided_on).toISOString(), state: r.state })), now.toISOString());
  if (!limit.ok) throw badInput('input.definitionId', limit.explanation, { reason: limit.reason });
}

async function nextNumber(ctx: GraphQLContext): Promise<string> {
  const rows = await ctx.em.getConnection().execute<{ n: string }[]>("select nextval('ad_hoc_discount_number_seq')::text as n", [], 'all', ctx.em.getTransactionContext());
  return `AHD-${rows[0]!.n.padStart(6, '0')}`;
}

function storedValues(resolved: ResolvedAdHocDiscount) {
  return {
    amount: resolved.amount ?? null,
    percentage: resolved.percentage ?? null,
    freePeriodDays: resolved.freePeriodDays ?? null,
    applicableProductIds: resolved.applicableProductIds as string[],
    effectiveDate: resolved.effectiveDate ? new Date(resolved.effectiveDate) : null,
    expirationDate: resolved.expirationDate ? new Date(resolved.expirationDate) : null,
    onceOff: resolved.onceOff,
  };
}

export async function submitAdHocDiscount(ctx: GraphQLContext, input: SubmitAdHocDiscountInput): Promise<AdHocDiscount> {
  const viewer = requireViewer(ctx);
  const now = new Date();
  const definition = await getReferenced(ctx, AdditiveDiscountDefinition, 'AdditiveDiscountDefinition', input.definitionId, 'input.definitionId');
  const target = await loadTarget(ctx, input);
  const resolved = await checkTerms(
    ctx,
    definition,
    target,
    {
      amount: input.amount,
      percentage: input.percentage,
      freePeriodDays: input.freePeriodDays,
      applicableProductIds: ids(input.applicableProductIds, 'input.applicableProductIds'),
      effectiveDate: iso(input.effectiveDate),
      expirationDate: iso(input.expirationDate),
    },
    now,
  );
  await checkLimit(ctx, definition, target.customerId, now);
  const state = initialAdHocDiscountState(definition.approvalMethod);
  const discount = ctx.em.create(AdHocDiscount, {
    number: await nextNumber(ctx),
    definition,
    subscription: target.subscription ?? null,
    job: target.job ?? null,
    customer: target.customerId,
    state,
    currency: target.currency,
    approvalMethod: definition.approvalMethod,
    providedBy: ctx.em.getReference(User, viewer.id),
    providedOn: now,
    approvedOn: state === 'APPROVED' ? now : null,
    ...storedValues(resolved),
  } as never) as AdHocDiscount;
  await ctx.em.flush();
  recordAudit(ctx, { action: 'submit', entityType: 'AdHocDiscount', entityId: discount.id, after: auditSnapshot(discount) });
  if (state === 'PENDING_APPROVAL') await openApprovalRequest(ctx, discount, definition);
  return discount;
}

/** A pending discount's terms change (only its submitter, only while pending); checked as on submission. */
export async function updateAdHocDiscount(ctx: GraphQLContext, id: string, input: UpdateAdHocDiscountInput): Promise<AdHocDiscount> {
  await getReadable(ctx, AdHocDiscount, 'AdHocDiscount', id);
  const discount = await ctx.em.findOneOrFail(AdHocDiscount, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  if (!canModify(discount.state)) throw conflict(`Ad hoc discount ${discount.number} is ${discount.state}: only a pending discount can be modified`, { state: discount.state });
  assertCan(ctx, 'update', 'AdHocDiscount', discount);
  const definition = await ctx.em.findOneOrFail(AdditiveDiscountDefinition, { id: discount.definition.id });
  const target = discount.subscription
    ? await loadSubscriptionTarget(ctx, String(discount.subscription.id), 'subscriptionId')
    : await loadJobTarget(ctx, String(discount.job!.id), 'jobId');
  const pick = <K extends keyof UpdateAdHocDiscountInput>(key: K, current: UpdateAdHocDiscountInput[K]) => (input[key] !== undefined ? input[key] : current);
  const resolved = await checkTerms(
    ctx,
    definition,
    target,
    {
      amount: pick('amount', definition.valueKind === 'AMOUNT_RANGE' ? discount.amount : undefined),
      percentage: pick('percentage', undefined),
      freePeriodDays: pick('freePeriodDays', undefined),
      applicableProductIds: ids(pick('applicableProductIds', discount.applicableProductIds), 'input.applicableProductIds'),
      effectiveDate: definition.duration === 'ONCE_OFF' ? iso(input.effectiveDate) : iso(pick('effectiveDate', discount.effectiveDate)),
      expirationDate: definition.duration === 'FLEXIBLE' ? iso(pick('expirationDate', discount.expirationDate)) : iso(input.expirationDate),
    },
    new Date(),
  );
  const before = auditSnapshot(discount);
  ctx.em.assign(discount, storedValues(resolved) as never);
  await refreshApprovalPayload(ctx, discount);
  await ctx.em.flush();
  recordAudit(ctx, { action: 'update', entityType: 'AdHocDiscount', entityId: discount.id, before, after: auditSnapshot(discount) });
  return discount;
}

export function findAdHocDiscount(ctx: GraphQLContext, id: string): Promise<AdHocDiscount | null> {
  return getReadable(ctx, AdHocDiscount, 'AdHocDiscount', id).catch(() => null);
}

export function pageAdHocDiscounts(ctx: GraphQLContext, filter: AdHocDiscountFilter | null | undefined, args: { first?: number | null; after?: string | null }): Promise<Page<AdHocDiscount>> {
  const where: Record<string, unknown>[] = [];
  const id = (value: string, field: string) => {
    if (!/^\d{1,18}$/.test(value)) throw badInput(`filter.${field}`, `"${value}" is not an id`);
    return value;
  };
  if (filter?.state) where.push({ state: filter.state });
  if (filter?.subscriptionId) where.push({ subscription: id(filter.subscriptionId, 'subscriptionId') });
  if (filter?.jobId) where.push({ job: id(filter.jobId, 'jobId') });
  if (filter?.definitionId) where.push({ definition: id(filter.definitionId, 'definitionId') });
  if (filter?.customerId) where.push({ customer: id(filter.customerId, 'customerId') });
  return paginate(ctx, AdHocDiscount, 'AdHocDiscount', { $and: where } as FilterQuery<AdHocDiscount>, args, { providedOn: 'desc', id: 'desc' });
}

export interface AdHocDiscountOption {
  definition: AdditiveDiscountDefinition;
  applicableProductIds: string[];
  remaining: number | null;
  minAmount: string | null;
  maxAmount: string | null;
}

/**
 * What an agent may add to a subscription or job now: the visible AD_HOC definitions for its kind that
 * are valid now and whose criteria it meets, with the allowed amounts and what is left of the limit
 * (a definition whose limit is reached is left out). For the admin's "add discount" dialog.
 */
export async function adHocDiscountOptions(ctx: GraphQLContext, args: { subscriptionId?: string | null; jobId?: string | null }): Promise<AdHocDiscountOption[]> {
  const target = await loadTarget(ctx, args);
  const now = new Date();
  const definitions = (await listVisibleAdHoc(ctx, target.kind)).filter((d) => isDefinitionValidAt(definitionData(d), now.toISOString()));
  const facts = await criteriaTarget(ctx, target, definitions);
  const options: AdHocDiscountOption[] = [];
  for (const definition of definitions) {
    const data = definitionData(definition);
    const criteria = meetsCriteria(data, facts);
    if (!criteria.ok) continue;
    let remaining: number | null = null;
    if (data.maxApplications && data.applicationPeriod) {
      const rows = await ctx.em.find(AdHocDiscount, { definition, customer: target.customerId, state: { $ne: 'CANCELLED' } }, { fields: ['providedOn', 'state'] });
      const limit = checkApplicationLimit(data, rows.map((r) => ({ providedOn: r.providedOn.toISOString(), state: r.state })), now.toISOString());
      if (!limit.ok) continue;
      remaining = limit.value.remaining === null ? null : limit.value.remaining + 1;
    }
    const fixed = definition.valueKind === 'AMOUNT' ? (definition.amount ?? null) : null;
    options.push({
      definition,
      applicableProductIds: definition.productIds.length || definition.productTypeIds.length ? criteria.applicableProductIds : target.lines.map((l) => l.productId),
      remaining,
      minAmount: definition.valueKind === 'AMOUNT_RANGE' ? (definition.minAmount ?? null) : fixed,
      maxAmount: definition.valueKind === 'AMOUNT_RANGE' ? (definition.maxAmount ?? null) : fixed,
    });
  }
  return options;
}

function listVisibleAdHoc(ctx: GraphQLContext, kind: DiscountTargetRecord['kind']): Promise<AdditiveDiscountDefinition[]> {
  return ctx.em.find(
    AdditiveDiscountDefinition,
    { $and: [{ target: kind, application: 'AD_HOC' }, accessFilter<AdditiveDiscountDefinition>(ctx, 'read', 'AdditiveDiscountDefinition')] } as FilterQuery<AdditiveDiscountDefinition>,
    { orderBy: { name: 'asc', id: 'asc' } },
  );
}
