import type { FilterQuery } from '@mikro-orm/core';
import { sql } from './sql.js';
import {
  budgetWindow,
  burnRatePerDay,
  checkCampaignTerms,
  findCampaignConflicts,
  formatMoney,
  Money,
  normaliseName,
  parseDecimal,
  projectedExhaustion,
  transitionCampaign,
  type CampaignEvent,
  type CampaignState,
  type CampaignTerms,
  type ConflictCampaign,
} from '@perkflow/domain';
import { accessFilter, assertCan, getReadable } from '../../graphql/access.js';
import { MAX_LIST_SIZE } from '../../graphql/pagination.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput, conflict } from '../../graphql/errors.js';
import { Unit } from '../access/unit.entity.js';
import { assignOwnership } from '../access/ownership.js';
import { registerPrivacyEntity } from '../access/privacy-registry.js';
import { auditSnapshot, recordAudit } from '../audit/audit-trail.js';
import { getAllReferenced } from '../catalogue/input-checks.js';
import { ProductType } from '../catalogue/product-type.entity.js';
import { Product } from '../catalogue/product.entity.js';
import { Segment } from '../catalogue/segment.entity.js';
import { Campaign } from './campaign.entity.js';
import type { BudgetType, CreateCampaignInput, UpdateCampaignInput } from './campaign.types.js';

registerPrivacyEntity('CAMPAIGN', 'Campaign', Campaign);

type Em = GraphQLContext['em'];

export function listCampaigns(ctx: GraphQLContext, state?: CampaignState | null): Promise<Campaign[]> {
  const where: FilterQuery<Campaign> = { $and: [state ? { state } : {}, accessFilter<Campaign>(ctx, 'read', 'Campaign')] };
  return ctx.em.find(Campaign, where, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: MAX_LIST_SIZE });
}

/** A campaign the viewer may see, else NOT_FOUND. */
export function getCampaign(ctx: GraphQLContext, id: string, action: 'read' | 'update' = 'read'): Promise<Campaign> {
  return getReadable(ctx, Campaign, 'Campaign', id, { action });
}

function termsOf(c: Campaign): CampaignTerms {
  return {
    discountKind: c.discountKind,
    percentage: c.percentage,
    amount: c.amount,
    maxDiscount: c.maxDiscount,
    currency: c.currency,
    startsAt: c.startsAt,
    expiresAt: c.expiresAt,
    timezone: c.timezone,
    budget: c.budgetPeriod && c.budgetAmount ? { period: c.budgetPeriod, amount: c.budgetAmount, pauseThreshold: c.budgetPauseThreshold } : null,
    maxRedemptionsPerCode: c.maxRedemptionsPerCode,
    maxRedemptionsPerCustomer: c.maxRedemptionsPerCustomer,
    maxRedemptions: c.maxRedemptions,
    minSpend: c.minSpend,
    stacking: c.stacking,
    maxCodesPerOrder: c.maxCodesPerOrder,
    maxIssued: c.maxIssued,
  };
}

function checkTerms(terms: CampaignTerms): CampaignTerms {
  const checked = checkCampaignTerms(terms);
  if (!checked.ok) throw badInput(`input.${checked.field ?? 'terms'}`, checked.explanation);
  return checked.value;
}

/** Ids of records the input refers to, checked to exist (a missing one is BAD_USER_INPUT naming its position). */
async function checkReferences(ctx: GraphQLContext, input: Partial<Pick<CreateCampaignInput, 'includedSegmentIds' | 'excludedSegmentIds' | 'productIds' | 'productTypeIds' | 'allowedUnitIds'>>): Promise<void> {
  if (input.includedSegmentIds) await getAllReferenced(ctx, Segment, 'Segment', input.includedSegmentIds, 'input.includedSegmentIds');
  if (input.excludedSegmentIds) await getAllReferenced(ctx, Segment, 'Segment', input.excludedSegmentIds, 'input.excludedSegmentIds');
  if (input.productIds) await getAllReferenced(ctx, Product, 'Product', input.productIds, 'input.productIds');
  if (input.productTypeIds) await getAllReferenced(ctx, ProductType, 'ProductType', input.productTypeIds, 'input.productTypeIds');
  if (input.allowedUnitIds) await getAllReferenced(ctx, Unit, 'Unit', input.allowedUnitIds, 'input.allowedUnitIds');
}

const ids = (list: readonly string[] | null | undefined): string[] => [...new Set((list ?? []).map((id) => String(BigInt(id))))];

function storedDecimal(value: string | null | undefined): string | null {
  return value == null ? null : (parseDecimal(value)?.toString() ?? null);
}

function checkName(name: string): string {
  const checked = normaliseName(name);
  if (!checked.ok) throw badInput('input.name', checked.explanation);
  return checked.value;
}

export async function createCampaign(ctx: GraphQLContext, input: CreateCampaignInput): Promise<Campaign> {
  const name = checkName(input.name);
  const terms = checkTerms({
    discountKind: input.discountKind,
    percentage: input.percentage,
    amount: input.amount,
    maxDiscount: input.maxDiscount,
    currency: input.currency,
    startsAt: input.startsAt,
    expiresAt: input.expiresAt,
    timezone: input.timezone ?? 'UTC',
    budget: input.budget ?? null,
    maxRedemptionsPerCode: input.maxRedemptionsPerCode,
    maxRedemptionsPerCustomer: input.maxRedemptionsPerCustomer,
    maxRedemptions: input.maxRedemptions,
    minSpend: input.minSpend,
    stacking: input.stacking ?? 'EXCLUSIVE',
    maxCodesPerOrder: input.maxCodesPerOrder,
    maxIssued: input.maxIssued,
  });
  await checkReferences(ctx, input);
  const campaign = ctx.em.create(Campaign, {
    name,
    kind: input.kind,
    state: 'DRAFT',
    discountKind: terms.discountKind,
    percentage: storedDecimal(terms.percentage),
    amount: storedDecimal(terms.amount),
    maxDiscount: storedDecimal(terms.maxDiscount),
    currency: terms.currency,
    startsAt: terms.startsAt,
    expiresAt: terms.expiresAt,
    timezone: terms.timezone,
    budgetPeriod: terms.budget?.period ?? null,
    budgetAmount: storedDecimal(terms.budget?.amount),
    budgetPauseThreshold: storedDecimal(terms.budget?.pauseThreshold),
    maxRedemptionsPerCode: terms.maxRedemptionsPerCode ?? null,
    maxRedemptionsPerCustomer: terms.maxRedemptionsPerCustomer ?? null,
    maxRedemptions: terms.maxRedemptions ?? null,
    minSpend: storedDecimal(terms.minSpend),
    stacking: terms.stacking,
    stackingGroup: input.stackingGroup?.trim() || null,
    maxCodesPerOrder: terms.maxCodesPerOrder ?? null,
    maxIssued: terms.maxIssued ?? null,
    onePerCustomer: input.onePerCustomer ?? false,
    voucherKind: input.voucherKind ?? null,
    voucherForm: input.voucherForm ?? null,
    includedSegmentIds: ids(input.includedSegmentIds),
    excludedSegmentIds: ids(input.excludedSegmentIds),
    productIds: ids(input.productIds),
    productTypeIds: ids(input.productTypeIds),
    allowedUnitIds: ids(input.allowedUnitIds),
  } as never) as Campaign;
  await assignOwnership(ctx, campaign, 'CAMPAIGN');
  await ctx.em.flush();
  recordAudit(ctx, { action: 'create', entityType: 'Campaign', entityId: campaign.id, after: auditSnapshot(campaign) });
  return campaign;
}

export async function updateCampaign(ctx: GraphQLContext, id: string, input: UpdateCampaignInput): Promise<Campaign> {
  const campaign = await getCampaign(ctx, id);
  assertCan(ctx, 'update', 'Campaign', campaign);
  if (campaign.state === 'ENDED') throw conflict(`Campaign ${id} has ENDED and can no longer change`);
  if (input.expiresAt != null && campaign.state !== 'DRAFT' && input.expiresAt.getTime() !== campaign.expiresAt.getTime()) {
    throw conflict(`input.expiresAt: the expiry of a ${campaign.state} campaign moves only through an approved CAMPAIGN_EXTENSION (requestCampaignExtension)`, { field: 'input.expiresAt' });
  }
  const before = auditSnapshot(campaign);
  const has = <K extends keyof UpdateCampaignInput>(key: K): boolean => input[key] !== undefined && input[key] !== null;
  const current = termsOf(campaign);
  const terms = checkTerms({
    ...current,
    percentage: has('percentage') ? input.percentage : current.percentage,
    amount: has('amount') ? input.amount : current.amount,
    maxDiscount: input.maxDiscount !== undefined ? input.maxDiscount : current.maxDiscount,
    startsAt: input.startsAt ?? current.startsAt,
    expiresAt: input.expiresAt ?? current.expiresAt,
    timezone: input.timezone ?? current.timezone,
    budget: current.budget ? { ...current.budget, pauseThreshold: input.budgetPauseThreshold !== undefined ? input.budgetPauseThreshold : current.budget.pauseThreshold } : null,
    maxRedemptionsPerCode: input.maxRedemptionsPerCode !== undefined ? input.maxRedemptionsPerCode : current.maxRedemptionsPerCode,
    maxRedemptionsPerCustomer: input.maxRedemptionsPerCustomer !== undefined ? input.maxRedemptionsPerCustomer : current.maxRedemptionsPerCustomer,
    maxRedemptions: input.maxRedemptions !== undefined ? input.maxRedemptions : current.maxRedemptions,
    minSpend: input.minSpend !== undefined ? input.minSpend : current.minSpend,
    stacking: input.stacking ?? current.stacking,
    maxCodesPerOrder: input.maxCodesPerOrder !== undefined ? input.maxCodesPerOrder : current.maxCodesPerOrder,
    maxIssued: input.maxIssued !== undefined ? input.maxIssued : current.maxIssued,
  });
  await checkReferences(ctx, input);
  if (has('name')) campaign.name = checkName(input.name!);
  campaign.percentage = storedDecimal(terms.percentage);
  campaign.amount = storedDecimal(terms.amount);
  campaign.maxDiscount = storedDecimal(terms.maxDiscount);
  campaign.startsAt = terms.startsAt;
  campaign.expiresAt = terms.expiresAt;
  campaign.timezone = terms.timezone;
  campaign.budgetPauseThreshold = storedDecimal(terms.budget?.pauseThreshold);
  const newTotalCap = terms.maxRedemptions ?? null;
  const startsCounting = newTotalCap !== null && campaign.maxRedemptions == null;
  campaign.maxRedemptionsPerCode = terms.maxRedemptionsPerCode ?? null;
  campaign.maxRedemptionsPerCustomer = terms.maxRedemptionsPerCustomer ?? null;
  campaign.maxRedemptions = newTotalCap;
  campaign.minSpend = storedDecimal(terms.minSpend);
  campaign.stacking = terms.stacking;
  if (input.stackingGroup !== undefined) campaign.stackingGroup = input.stackingGroup?.trim() || null;
  campaign.maxCodesPerOrder = terms.maxCodesPerOrder ?? null;
  campaign.maxIssued = terms.maxIssued ?? null;
  if (input.onePerCustomer != null) campaign.onePerCustomer = input.onePerCustomer;
  if (input.includedSegmentIds) campaign.includedSegmentIds = ids(input.includedSegmentIds);
  if (input.excludedSegmentIds) campaign.excludedSegmentIds = ids(input.excludedSegmentIds);
  if (input.productIds) campaign.productIds = ids(input.productIds);
  if (input.productTypeIds) campaign.productTypeIds = ids(input.productTypeIds);
  if (input.allowedUnitIds) campaign.allowedUnitIds = ids(input.allowedUnitIds);
  await ctx.em.flush();
  if (startsCounting) await initialiseTotalCounter(ctx.em, campaign.id);
  recordAudit(ctx, { action: 'update', entityType: 'Campaign', entityId: campaign.id, before, after: auditSnapshot(campaign) });
  return campaign;
}

/** A total cap set on a campaign that had none: start its counter from the redemptions so far. */
async function initialiseTotalCounter(em: Em, campaignId: string): Promise<void> {
  await sql(em, `insert into campaign_usage (campaign_id, redemptions)
       select ?, count(*) from redemption where campaign_id = ? and state = 'SUCCEEDED' and not test
     on conflict (campaign_id) do update set redemptions = excluded.redemptions`,
    [campaignId, campaignId]);
  await sql(em, `update redemption set counted_total = true where campaign_id = ? and state = 'SUCCEEDED' and not test`, [campaignId]);
}

function conflictShape(c: Campaign): ConflictCampaign {
  return { id: c.id, name: c.name, startsAt: c.startsAt, expiresAt: c.expiresAt, includedSegmentIds: c.includedSegmentIds, productIds: c.productIds, productTypeIds: c.productTypeIds };
}

/** Other ACTIVE campaigns (that the viewer may see) overlapping in time, audience and products. */
export async function campaignConflicts(ctx: GraphQLContext, campaign: Campaign): Promise<{ campaign: Campaign; reasons: string[] }[]> {
  const others = await ctx.em.find(Campaign, { $and: [{ state: 'ACTIVE', kind: campaign.kind, id: { $ne: campaign.id } }, accessFilter<Campaign>(ctx, 'read', 'Campaign')] });
  const byId = new Map(others.map((o) => [o.id, o]));
  return findCampaignConflicts(conflictShape(campaign), others.map(conflictShape), campaign.timezone).map((r) => ({ campaign: byId.get(r.campaignId)!, reasons: r.reasons }));
}

/** Applies a state-machine event (refusals are CONFLICT), recording the change. */
export async function transition(ctx: GraphQLContext, id: string, event: CampaignEvent, reason?: string | null): Promise<Campaign> {
  const campaign = await getCampaign(ctx, id);
  assertCan(ctx, 'update', 'Campaign', campaign);
  const before = auditSnapshot(campaign);
  const next = transitionCampaign(campaign.state, event);
  if (!next.ok) throw conflict(next.explanation, { reason: next.reason });
  campaign.state = next.value.state;
  if (event.type === 'pause') campaign.pausedReason = reason?.trim() || 'MANUAL';
  if (event.type === 'resume') {
    campaign.pausedReason = null;
    campaign.pausedBudgetPeriod = null;
  }
  if (event.type === 'activate') campaign.activatedAt = new Date();
  if (event.type === 'end') campaign.endedAt = new Date();
  await ctx.em.flush();
  recordAudit(ctx, { action: event.type, entityType: 'Campaign', entityId: campaign.id, before, after: auditSnapshot(campaign) });
  return campaign;
}

export async function activateCampaign(ctx: GraphQLContext, id: string): Promise<{ campaign: Campaign; conflicts: { campaign: Campaign; reasons: string[] }[] }> {
  const campaign = await transition(ctx, id, { type: 'activate' });
  return { campaign, conflicts: await campaignConflicts(ctx, campaign) };
}

export interface BudgetSnapshot {
  period: 'MONTH' | 'TOTAL';
  periodKey: string;
  periodStart: Date;
  periodEnd: Date | null;
  amount: string;
  spent: string;
  remaining: string;
}

/** The budget of the period containing `at`: the slots' allowance and spending when the period has begun. */
/** The allowance and spending of a campaign's budget slots in one period (sums; null when it has none). */
export interface SlotSums { allowance: string | null; spent: string | null }
export type SlotSumsLoader = (campaignId: string, period: string) => Promise<SlotSums | undefined>;

const slotSumsOf: (em: Em) => SlotSumsLoader = (em) => async (campaignId, period) =>
  (await sql<SlotSums[]>(em, 'select sum(allowance)::text as allowance, sum(spent)::text as spent from campaign_budget_slot where campaign_id = ? and period = ?',
    [campaignId, period]))[0];

/** `sums`: how the slot sums are read (the Campaign.budget field resolver batches them over a list). */
export async function budgetSnapshot(em: Em, campaign: Campaign, at = new Date(), sums: SlotSumsLoader = slotSumsOf(em)): Promise<BudgetSnapshot | null> {
  if (!campaign.budgetPeriod || campaign.budgetAmount == null) return null;
  const window = budgetWindow(campaign.budgetPeriod, at, campaign.timezone, { startsAt: campaign.startsAt, expiresAt: campaign.expiresAt });
  if (!window.ok) return null;
  const row = await sums(campaign.id, window.value.key);
  const amount = row?.allowance ?? campaign.budgetAmount;
  const spent = row?.spent ?? '0';
  return {
    period: campaign.budgetPeriod,
    periodKey: window.value.key,
    periodStart: window.value.start,
    periodEnd: window.value.end,
    amount: formatMoney(amount, campaign.currency),
    spent: formatMoney(spent, campaign.currency),
    remaining: formatMoney(new Money(amount).minus(spent), campaign.currency),
  };
}

/** The contract's Budget: this period's amount, spent, remaining, burn rate and projected exhaustion. */
export async function campaignBudget(em: Em, campaign: Campaign, now = new Date(), sums?: SlotSumsLoader): Promise<BudgetType | null> {
  const snapshot = await budgetSnapshot(em, campaign, now, sums);
  if (!snapshot) return null;
  const window = { start: snapshot.periodStart, end: snapshot.periodEnd, key: snapshot.periodKey };
  const from = new Date(Math.max(window.start.getTime(), campaign.startsAt.getTime()));
  const rate = burnRatePerDay(snapshot.spent, { ...window, start: from }, now);
  const projected = projectedExhaustion(new Money(snapshot.remaining), rate, window, now);
  return {
    period: snapshot.period,
    amount: snapshot.amount,
    spent: snapshot.spent,
    remaining: snapshot.remaining,
    burnRatePerDay: formatMoney(rate, campaign.currency),
    projectedExhaustionAt: projected,
    periodKey: snapshot.periodKey,
    periodStart: snapshot.periodStart,
    periodEnd: snapshot.periodEnd,
    pauseThreshold: campaign.budgetPauseThreshold == null ? null : formatMoney(campaign.budgetPauseThreshold, campaign.currency),
  };
}
