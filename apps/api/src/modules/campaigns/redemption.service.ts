import { createHash } from 'node:crypto';
import { scopeOfEm, visibleRecordSql, visibleSql, visibleSqlBound, visibleSqlParams } from '../../database/visibility.js';
import {
  canonicalJson,
  checkRedemption,
  currencyMinorUnits,
  explainRedemptionRefusal,
  explainRedemptionSuccess,
  isCurrencyCode,
  normaliseCode,
  parseDecimal,
  type CampaignState,
  type CountedRefusal,
  type RedemptionCheck,
  type RedemptionFacts,
  type RejectionReason,
  type StackingInfo,
  type StackingRule,
} from '@perkflow/domain';
import type { GraphQLContext } from '../../graphql/context.js';
import { can } from '../../graphql/access.js';
import { badInput, conflict, forbidden, notFound } from '../../graphql/errors.js';
import { paginate, type Page } from '../../graphql/pagination.js';
import { appendAuditEntries, recordAudit } from '../audit/audit-trail.js';
import { Segment } from '../catalogue/segment.entity.js';
import { segmentsContaining } from '../catalogue/segment-membership.js';
import type { RedemptionInput } from './campaign.types.js';
import { afterRedeemBudget, mayNeedPause, resumeIfNewBudgetMonth } from './budget-guard.service.js';
import { assertNotThrottled, FAILURE_TABLE, recordOutcome, throttleKeys } from './fraud.service.js';
import { Redemption } from './redemption.entity.js';
import { preparedQuery } from '../../database/prepared.js';
import { checkCodeText } from './code.service.js';
import { sql } from './sql.js';


/** What the redemption resolvers show: a loaded Redemption entity or the row the redeem function just wrote. */
export interface RedemptionView {
  id: string;
  codeId: string;
  campaignId: string;
  customerId: string;
  unitId: string | null;
  orderAmount: string;
  discount: string;
  currency: string;
  state: 'SUCCEEDED' | 'ROLLED_BACK';
  test: boolean;
  createdAt: Date;
  rolledBackAt: Date | null;
  rollbackReason: string | null;
}

export function redemptionView(r: Redemption): RedemptionView {
  return {
    id: String(r.id),
    codeId: String(r.code.id),
    campaignId: String(r.campaign.id),
    customerId: String(r.customer.id),
    unitId: r.unit ? String(r.unit.id) : null,
    orderAmount: r.orderAmount,
    discount: r.discount,
    currency: r.currency,
    state: r.state,
    test: r.test,
    createdAt: r.createdAt,
    rolledBackAt: r.rolledBackAt ?? null,
    rollbackReason: r.rollbackReason ?? null,
  };
}

/** One row with everything a validate/redeem decision reads (code, campaign, customer, unit, counters). */
interface ContextRow {
  customer_id: string | null;
  blacklisted: boolean | null;
  blacklist_reason: string | null;
  unit_found: string | null;
  code_id: string | null;
  code: string | null;
  code_state: 'ACTIVE' | 'DISABLED' | null;
  assigned_customer_id: string | null;
  redemptions_count: number | null;
  code_max: number | null;
  campaign_id: string | null;
  kind: string;
  state: CampaignState;
  paused_reason: string | null;
  paused_budget_period: string | null;
  starts_at: Date;
  expires_at: Date;
  timezone: string;
  discount_kind: 'PERCENTAGE' | 'AMOUNT';
  percentage: string | null;
  amount: string | null;
  max_discount: string | null;
  currency: string;
  budget_period: 'MONTH' | 'TOTAL' | null;
  budget_amount: string | null;
  budget_pause_threshold: string | null;
  budget_slots: number;
  max_redemptions_per_code: number | null;
  max_redemptions_per_customer: number | null;
  max_redemptions: number | null;
  min_spend: string | null;
  stacking: StackingRule;
  stacking_group: string | null;
  max_codes_per_order: number | null;
  one_per_customer: boolean;
  included_segment_ids: string[];
  excluded_segment_ids: string[];
  product_ids: string[];
  product_type_ids: string[];
  allowed_unit_ids: string[];
  customer_redemptions: number | null;
  total_redemptions: number | null;
  period_key: string | null;
  budget_free: string | null;
  customer_throttle: string | null;
  client_throttle: string | null;
}

const CONTEXT_SQL = `
select cu.id::text as customer_id, cu.blacklisted, cu.blacklist_reason, un.id::text as unit_found,
       c.id::text as code_id, c.code, c.state as code_state, c.customer_id::text as assigned_customer_id, c.redemptions_count, c.max_redemptions as code_max,
       k.id::text as campaign_id, k.kind, k.state, k.paused_reason, k.paused_budget_period, k.starts_at, k.expires_at, k.timezone,
       k.discount_kind, k.percentage::text, k.amount::text, k.max_discount::text, k.currency, k.budget_period, k.budget_amount::text,
       k.budget_pause_threshold::text, k.budget_slots, k.max_redemptions_per_code, k.max_redemptions_per_customer, k.max_redemptions,
       k.min_spend::text, k.stacking, k.stacking_group, k.max_codes_per_order, k.one_per_customer, k.included_segment_ids,
       k.excluded_segment_ids, k.product_ids, k.product_type_ids, k.allowed_unit_ids,
       (select u.redemptions from customer_campaign_usage u where u.campaign_id = k.id and u.customer_id = cu.id) as customer_redemptions,
       (select u.redemptions from campaign_usage u where u.campaign_id = k.id) as total_redemptions,
       pk.period_key,
       (select sum(s.allowance - s.spent)::text from campaign_budget_slot s where s.campaign_id = k.id and s.period = pk.period_key) as budget_free,
       (select f.points || ':' || coalesce(f.expire::text, '') from ${FAILURE_TABLE} f where f.key = $1 and (f.expire > $2 or f.expire is null)) as customer_throttle,
       (select f.points || ':' || coalesce(f.expire::text, '') from ${FAILURE_TABLE} f where f.key = $3 and (f.expire > $4 or f.expire is null)) as client_throttle
  from (select $5::bigint as customer_id, $6::bigint as unit_id, $7::text as code) p
  left join customer cu on cu.id = p.customer_id
  left join org_unit un on un.id = p.unit_id
  left join code c on c.code = p.code
  -- A code of a campaign the caller may not see does not exist for them (CODE_NOT_FOUND): same round trip.
  left join campaign k on k.id = c.campaign_id and ${visibleSqlBound('k', '$8', '$9', '$10')}
  -- The budget period at the request's instant ($11): perkflow_budget_period_key, the SQL twin of the domain's
  -- budgetPeriodKey (inlined; parity in test/redemption-parity.test.ts).
  left join lateral (select perkflow_budget_period_key(k.budget_period, k.timezone, $11::timestamptz) as period_key) pk on true`;

const ID = /^\d{1,18}$/;

function checkId(value: string | null | undefined, field: string): string | null {
  if (value == null || value === '') return null;
  if (!ID.test(value)) throw badInput(field, `"${value}" is not an id`);
  return value;
}

/** Checks the shape of the input (bad input is BAD_USER_INPUT naming the field, and changes nothing). */
function checkInput(input: RedemptionInput): void {
  checkCodeText(input.code ?? '', 'input.code');
  const amount = parseDecimal(input.order.amount);
  if (amount === undefined || amount.isNegative()) throw badInput('input.order.amount', `must be a non-negative decimal; got ${JSON.stringify(input.order.amount)}`);
  if (!isCurrencyCode(input.order.currency.toUpperCase())) throw badInput('input.order.currency', `"${input.order.currency}" is not an ISO 4217 currency code`);
  (input.order.lines ?? []).forEach((line, i) => {
    checkId(line.productId, `input.order.lines[${i}].productId`);
    if (!Number.isInteger(line.quantity) || line.quantity < 1) throw badInput(`input.order.lines[${i}].quantity`, `must be a whole number of at least 1; got ${line.quantity}`);
    const price = parseDecimal(line.unitPrice);
    if (price === undefined || price.isNegative()) throw badInput(`input.order.lines[${i}].unitPrice`, `must be a non-negative decimal; got ${JSON.stringify(line.unitPrice)}`);
  });
  if ((input.order.otherCodes ?? []).length > 20) throw badInput('input.order.otherCodes', 'at most 20 other codes per order');
  (input.order.otherCodes ?? []).forEach((other, i) => checkCodeText(other, `input.order.otherCodes[${i}]`));
  if ((input.order.lines ?? []).length > 500) throw badInput('input.order.lines', 'at most 500 lines per order');
}

export interface Decision {
  check: RedemptionCheck;
  row: ContextRow;
  periodKey: string | null;
  /** The discount as a decimal string with the currency's minor digits. */
  discount: string | null;
  /** The one instant of this request: the domain decided at it, perkflow_redeem re-decides at it (p_now). */
  now: Date;
}

/**
 * `now` is the request's one instant: the domain decides at it, the context query keys the budget period
 * at it, perkflow_redeem re-decides and stamps the redemption at it (p_now).
 * Loads what the decision reads (one query, plus segments, product types and other codes only when the
 * campaign or order needs them) and asks the pure domain function. Consumes nothing.
 */
export async function decide(ctx: GraphQLContext, input: RedemptionInput, now = new Date()): Promise<Decision> {
  const em = ctx.em;
  const throttle = throttleKeys(ctx, input.customerId);
  checkInput(input);
  const customerId = checkId(input.customerId, 'input.customerId');
  const unitId = checkId(input.order.unitId, 'input.order.unitId');
  const code = normaliseCode(input.code);
  const ms = now.getTime();
  const rows = await preparedQuery<ContextRow>(em, 'perkflow_redemption_context', CONTEXT_SQL, [throttle.customer, ms, throttle.client, ms, customerId, unitId, code, ...visibleSqlParams(scopeOfEm(em)), now]);
  const row = rows[0];
  // Throttled callers are refused before anything is decided (fraud.service.ts).
  assertNotThrottled(ctx, row.customer_throttle, row.client_throttle);
  if (row.campaign_id) {
    row.starts_at = new Date(row.starts_at);
    row.expires_at = new Date(row.expires_at);
  }
  if (!row.customer_id) throw badInput('input.customerId', `there is no Customer with id "${input.customerId}"`);
  if (unitId && !row.unit_found) throw badInput('input.order.unitId', `there is no Unit with id "${unitId}"`);
  const test = input.test ?? false;
  if (!row.campaign_id || !row.code_id) {
    const notFound = checkRedemption({ campaign: null, code: null, customer: null, order: { amount: input.order.amount, currency: input.order.currency }, counters: { customerRedemptionsOfCampaign: 0, campaignRedemptions: 0 }, now, codeText: code });
    return { check: notFound, row, periodKey: null, discount: null, now };
  }
  // The database computed the period key in the same query (perkflow_budget_period_key at `now`; null without a budget).
  const periodKey = row.period_key;
  const monthResumes = row.state === 'PAUSED' && row.paused_reason === 'BUDGET_EXHAUSTED' && row.budget_period === 'MONTH' && row.paused_budget_period != null && periodKey != null && row.paused_budget_period < periodKey;
  let state: CampaignState = monthResumes ? 'ACTIVE' : row.state;
  if (test && state !== 'ENDED') state = 'ACTIVE';
  const startsAt = test && row.starts_at.getTime() > now.getTime() ? now : row.starts_at;

  const lines = input.order.lines ?? [];
  const restricted = row.product_ids.length + row.product_type_ids.length > 0;
  const typeOf = new Map<string, string>();
  if (restricted && lines.length) {
    const products = await sql<{ id: string; type_id: string }[]>(em, 'select id::text, type_id::text from product where id in (select jsonb_array_elements_text(?::jsonb)::bigint)', [JSON.stringify(lines.map((l) => String(l.productId)))]);
    for (const p of products) typeOf.set(p.id, p.type_id);
  }
  let inIncluded = false;
  let inExcluded = false;
  if (row.included_segment_ids.length + row.excluded_segment_ids.length > 0) {
    const segments = await em.find(Segment, { id: { $in: [...row.included_segment_ids, ...row.excluded_segment_ids] } });
    const member = await segmentsContaining(em, segments, 'CUSTOMER', row.customer_id);
    inIncluded = row.included_segment_ids.some((id) => member.has(id));
    inExcluded = row.excluded_segment_ids.some((id) => member.has(id));
  }
  const others = [...new Set((input.order.otherCodes ?? []).map(normaliseCode))].filter((o) => o && o !== code);
  let otherCodes: (StackingInfo & { code: string })[] = [];
  if (others.length) {
    const found = await sql<{ code: string; stacking: StackingRule; stacking_group: string | null; max_codes_per_order: number | null }[]>(em,
      `select c.code, k.stacking, k.stacking_group, k.max_codes_per_order from code c join campaign k on k.id = c.campaign_id and ${visibleSql(scopeOfEm(em), 'k')} where c.code in (select jsonb_array_elements_text(?::jsonb)) order by c.code`,
      [JSON.stringify(others)]);
    otherCodes = found.map((o) => ({ code: o.code, stacking: o.stacking, stackingGroup: o.stacking_group, maxCodesPerOrder: o.max_codes_per_order }));
  }
  const budgetFree = row.budget_free;
  const check = checkRedemption({
    campaign: {
      state,
      startsAt,
      expiresAt: row.expires_at,
      discount: { kind: row.discount_kind, value: (row.discount_kind === 'PERCENTAGE' ? row.percentage : row.amount) ?? '0', maxDiscount: row.max_discount, currency: row.currency },
      minSpend: row.min_spend,
      allowedUnitIds: row.allowed_unit_ids,
      hasIncludedSegments: row.included_segment_ids.length > 0,
      maxRedemptionsPerCode: row.max_redemptions_per_code,
      maxRedemptionsPerCustomer: row.max_redemptions_per_customer,
      maxRedemptions: row.max_redemptions,
      onePerCustomer: row.one_per_customer,
      stacking: row.stacking,
      stackingGroup: row.stacking_group,
      maxCodesPerOrder: row.max_codes_per_order,
      productIds: row.product_ids,
      productTypeIds: row.product_type_ids,
    },
    code: {
      code: row.code!,
      state: row.code_state === 'DISABLED' ? 'DISABLED' : 'ACTIVE',
      assignedCustomerId: row.assigned_customer_id,
      redemptions: test ? 0 : (row.redemptions_count ?? 0),
      maxRedemptions: row.code_max,
    },
    customer: { id: row.customer_id, blacklisted: row.blacklisted ?? false, inIncludedSegment: inIncluded, inExcludedSegment: inExcluded },
    order: {
      amount: input.order.amount,
      currency: input.order.currency,
      unitId,
      lines: lines.map((l) => ({ productId: String(l.productId), productTypeId: typeOf.get(String(l.productId)) ?? null, quantity: l.quantity, unitPrice: l.unitPrice })),
      otherCodes,
    },
    counters: {
      customerRedemptionsOfCampaign: test ? 0 : (row.customer_redemptions ?? 0),
      campaignRedemptions: test ? 0 : (row.total_redemptions ?? 0),
      budgetRemaining: test || !row.budget_period || row.budget_amount == null ? null : (budgetFree ?? row.budget_amount),
      budgetPeriod: periodKey,
    },
    now,
  });
  const digits = currencyMinorUnits(row.currency);
  return { check, row, periodKey, discount: check.ok ? check.discount.toFixed(digits) : null, now };
}

function successExplanation(d: Decision): string {
  return explainRedemptionSuccess(d.row.code!, d.discount!, d.row.currency);
}

/** The answer's text: a refusal perkflow_redeem decided comes with its facts and is explained by the domain. */
function explanationOf(row: Pick<RedeemRow, 'reason' | 'explanation' | 'facts'>): string {
  if (row.reason && row.facts) return explainRedemptionRefusal(row.reason as CountedRefusal, row.facts);
  return row.explanation;
}

export interface CheckAnswer {
  valid: boolean;
  reason: RejectionReason | null;
  explanation: string;
  discount: string | null;
}

/** validateCode: the decision on current counters, consuming nothing (failed attempts count for throttling). */
export async function validateCode(ctx: GraphQLContext, input: RedemptionInput, now = new Date()): Promise<CheckAnswer> {
  const d = await decide(ctx, input, now);
  await recordOutcome(ctx, { reason: d.check.ok ? null : d.check.reason, customerId: d.row.customer_id, campaignId: null, customerCap: null });
  if (!d.check.ok) return { valid: false, reason: d.check.reason, explanation: d.check.explanation, discount: null };
  return { valid: true, reason: null, explanation: successExplanation(d), discount: d.discount };
}

export interface RedeemAnswer {
  ok: boolean;
  reason: RejectionReason | null;
  explanation: string;
  redemption: RedemptionView | null;
}

interface RedeemRow {
  outcome: 'NEW' | 'REPLAY';
  redemption_id: string | null;
  reason: RejectionReason | null;
  explanation: string;
  fingerprint: string | null;
  budget_remaining: string | null;
  created_at: Date;
  customer_redemptions: number | null;
  recent_redemptions: number | null;
  /** The facts of a refusal perkflow_redeem decided (null when the domain decided, or on success). */
  facts: RedemptionFacts | null;
}

function fingerprintOf(input: RedemptionInput): string {
  const order = input.order;
  return createHash('sha256')
    .update(canonicalJson({
      code: normaliseCode(input.code),
      customerId: String(input.customerId),
      test: input.test ?? false,
      order: { amount: order.amount, currency: order.currency.toUpperCase(), unitId: order.unitId ?? null, lines: order.lines ?? [], otherCodes: order.otherCodes ?? [] },
    }))
    .digest('hex');
}

/** The idempotency key as stored: scoped to the API client (API key) or user, so clients never collide. */
function scopedKey(ctx: GraphQLContext, key: string): string {
  const v = ctx.viewer!;
  return v.apiKeyId ? `k${v.apiKeyId}:${key}` : `u${v.id}:${key}`;
}

/**
 * redeemCode: decides with the domain function, then one call of `perkflow_redeem` does the redemption
 * in the database (idempotency key, limits and budget as conditional updates, the row, the answer).
 * Same key (same client) → the stored answer; the same key with another request → CONFLICT.
 */
export async function redeemCode(ctx: GraphQLContext, input: RedemptionInput, idempotencyKey: string, now = new Date()): Promise<RedeemAnswer> {
  const key = idempotencyKey.trim();
  if (!key || key.length > 200) throw badInput('idempotencyKey', 'must be 1 to 200 characters');
  if (!can(ctx, 'redeem', 'Redemption', { test: input.test ?? false })) throw forbidden('Your roles may redeem codes only in test mode (input.test = true)');
  const d = await decide(ctx, input, now);
  const row = d.row;
  const test = input.test ?? false;
  const fingerprint = fingerprintOf(input);
  if (d.check.ok && !test && row.state === 'PAUSED') await inTransaction(ctx, (tx) => resumeIfNewBudgetMonth(tx, row.campaign_id!, d.periodKey));
  const failed = d.check.ok ? null : d.check;
  const codeMax = row.code_max ?? row.max_redemptions_per_code;
  const customerMax = row.one_per_customer ? 1 : row.max_redemptions_per_customer;
  const viewer = ctx.viewer!;
  const result = await preparedQuery<RedeemRow>(ctx.em, 'perkflow_redeem', 'select * from perkflow_redeem($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)', [
    scopedKey(ctx, key), fingerprint,
    row.code_id, row.campaign_id, row.customer_id, input.order.unitId || null,
    input.order.amount, d.discount ?? '0', row.currency ?? input.order.currency.toUpperCase(), test,
    codeMax, customerMax, row.max_redemptions,
    d.periodKey, row.budget_amount, row.budget_slots ?? 16,
    viewer.id, viewer.apiKeyId ?? null,
    failed?.reason ?? null, failed ? failed.explanation : successExplanation(d),
    d.now,
  ]);
  const answer = result[0];
  if (answer.outcome === 'REPLAY') {
    if (answer.fingerprint && answer.fingerprint !== fingerprint) {
      throw conflict(`idempotencyKey: "${key}" was already used for a different redemption request`, { field: 'idempotencyKey' });
    }
    const redemption = answer.redemption_id ? await ctx.em.findOne(Redemption, { id: answer.redemption_id }) : null;
    return { ok: answer.redemption_id != null, reason: answer.reason, explanation: explanationOf(answer), redemption: redemption ? redemptionView(redemption) : null };
  }
  // After the commit: the limiter and the flags use their own connections, which a transaction holding
  // one of the pool's connections must never wait for (pool starvation under load).
  ctx.afterCommit(() => recordOutcome(ctx, {
    reason: answer.redemption_id ? null : answer.reason,
    customerId: row.customer_id,
    campaignId: row.campaign_id,
    customerCap: customerMax,
    customerRedemptions: answer.customer_redemptions,
    recentRedemptions: answer.recent_redemptions,
  }));
  const remaining = answer.budget_remaining ?? (failed?.reason === 'BUDGET_EXHAUSTED' ? (row.budget_free ?? row.budget_amount) : null);
  if (!test && row.campaign_id && d.periodKey && remaining != null && mayNeedPause(row, remaining)) {
    await inTransaction(ctx, (tx) => afterRedeemBudget(tx, row, d.periodKey!, remaining));
  }
  if (!answer.redemption_id) return { ok: false, reason: answer.reason, explanation: explanationOf(answer), redemption: null };
  const view: RedemptionView = {
    id: String(answer.redemption_id),
    codeId: row.code_id!,
    campaignId: row.campaign_id!,
    customerId: row.customer_id!,
    unitId: input.order.unitId || null,
    orderAmount: input.order.amount,
    discount: d.discount!,
    currency: row.currency,
    state: 'SUCCEEDED',
    test,
    createdAt: new Date(answer.created_at),
    rolledBackAt: null,
    rollbackReason: null,
  };
  // The "redeem" audit entry was written by perkflow_redeem's insert itself (trigger redemption_audit_entry), pending.
  return { ok: true, reason: null, explanation: answer.explanation, redemption: view };
}

/**
 * redeemCode runs outside a transaction (registerSelfTransactional): perkflow_redeem is atomic by itself.
 * Follow-up writes (pause, resume) and their audit entries get one transaction of their own.
 */
async function inTransaction<T>(ctx: GraphQLContext, work: (tx: GraphQLContext) => Promise<T>): Promise<T> {
  if (ctx.em.isInTransaction()) return work(ctx);
  return ctx.em.transactional(async (em) => {
    const tx: GraphQLContext = { ...ctx, em, pendingAudit: [] };
    const value = await work(tx);
    await appendAuditEntries(em, ctx.viewer?.id ?? null, tx.pendingAudit);
    return value;
  });
}

/** rollbackRedemption: gives back every counter the redemption took, exactly once (CONFLICT the second time). */
export async function rollbackRedemption(ctx: GraphQLContext, id: string, reason?: string | null): Promise<RedemptionView> {
  if (!ID.test(id)) throw notFound('Redemption', id);
  const text = reason?.trim() || null;
  if (text && text.length > 500) throw badInput('reason', 'at most 500 characters');
  const target = await sql<{ test: boolean }[]>(ctx.em, `select r.test from redemption r where r.id = ? and ${visibleRecordSql(scopeOfEm(ctx.em), 'Campaign', 'r.campaign_id')}`, [id]);
  if (!target.length) throw notFound('Redemption', id);
  if (!can(ctx, 'rollback', 'Redemption', { test: target[0].test })) throw forbidden('Your roles may roll back only test redemptions');
  const done = await sql<{ ok: boolean }[]>(ctx.em, 'select perkflow_rollback(?, ?) as ok', [id, text]);
  const redemption = await ctx.em.findOne(Redemption, { id }, { refresh: true });
  if (!redemption) throw notFound('Redemption', id);
  if (!done[0].ok) throw conflict(`Redemption ${id} was already rolled back at ${redemption.rolledBackAt?.toISOString() ?? '?'}`, { reason: 'ALREADY_ROLLED_BACK' });
  recordAudit(ctx, {
    action: 'rollback',
    entityType: 'Redemption',
    entityId: id,
    before: { state: 'SUCCEEDED' },
    after: { state: 'ROLLED_BACK', reason: text, discount: redemption.discount, budgetPeriod: redemption.budgetPeriod ?? null, test: redemption.test },
  });
  return redemptionView(redemption);
}

export async function getRedemption(ctx: GraphQLContext, id: string): Promise<RedemptionView | null> {
  if (!ID.test(id)) return null;
  const r = await ctx.em.findOne(Redemption, { id });
  return r ? redemptionView(r) : null;
}

export interface RedemptionFilter {
  campaignId?: string | null;
  customerId?: string | null;
  code?: string | null;
  state?: 'SUCCEEDED' | 'ROLLED_BACK' | null;
  test?: boolean | null;
}

export async function listRedemptions(ctx: GraphQLContext, filter: RedemptionFilter | null | undefined, args: { first?: number | null; after?: string | null }): Promise<Page<RedemptionView>> {
  const where: Record<string, unknown>[] = [];
  if (filter?.campaignId) where.push({ campaign: checkId(filter.campaignId, 'filter.campaignId') });
  if (filter?.customerId) where.push({ customer: checkId(filter.customerId, 'filter.customerId') });
  if (filter?.code) where.push({ code: { code: normaliseCode(filter.code) } });
  if (filter?.state) where.push({ state: filter.state });
  if (filter?.test != null) where.push({ test: filter.test });
  const page = await paginate(ctx, Redemption, 'Redemption', { $and: where } as never, args, { id: 'desc' } as never);
  return { ...page, nodes: page.nodes.map(redemptionView) };
}
