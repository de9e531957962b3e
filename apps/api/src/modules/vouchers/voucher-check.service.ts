import { asSubject } from '@perkflow/authz';
import { checkVoucher, normaliseCode, voucherUseCap, type Result, type RejectionReason, type VoucherCampaign, type VoucherCode, type VoucherVerdict, type Weekday } from '@perkflow/domain';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput, forbidden } from '../../graphql/errors.js';
import { assertNotThrottled, hitRateLimit } from '../../graphql/rate-limit.js';
import { Unit } from '../access/unit.entity.js';
import { Campaign } from '../campaigns/campaign.entity.js';
import { sql } from '../campaigns/sql.js';
import { getAllReferenced } from '../catalogue/input-checks.js';
import { Product } from '../catalogue/product.entity.js';
import { VoucherTerms } from './voucher.entity.js';

type Em = GraphQLContext['em'];

/** The code row as verification reads it. */
export interface CodeRow {
  id: string;
  code: string;
  campaign_id: string;
  state: string;
  customer_id: string | null;
  customer_name: string | null;
  max_redemptions: number | null;
  redemptions_count: number;
  blacklisted: boolean | null;
}

export interface LoadedVoucher {
  code: CodeRow | null;
  campaign: Campaign | null;
  terms: VoucherTerms | null;
}

/** A code by its (normalised) text with its campaign and voucher terms; nulls when unknown. */
export async function loadVoucher(em: Em, text: string): Promise<LoadedVoucher> {
  const normalised = normaliseCode(text);
  const rows = await sql<CodeRow[]>(em,
    `select c.id::text, c.code, c.campaign_id::text, c.state, c.customer_id::text, cu.name as customer_name, c.max_redemptions, c.redemptions_count, cu.blacklisted
       from code c left join customer cu on cu.id = c.customer_id where c.code = ?`,
    [normalised]);
  const code = rows[0] ?? null;
  if (!code) return { code: null, campaign: null, terms: null };
  // The campaign through the visibility filter: a code of a campaign the viewer may not see does not exist.
  const campaign = await em.findOne(Campaign, { id: code.campaign_id });
  if (!campaign) return { code: null, campaign: null, terms: null };
  const terms = await em.findOne(VoucherTerms, { campaignId: campaign.id });
  return { code, campaign, terms };
}

/** The voucher's value: the AMOUNT of an amount campaign, the cap of a percentage one (null when uncapped). */
export function voucherValue(campaign: Campaign): string | null {
  return campaign.discountKind === 'AMOUNT' ? (campaign.amount ?? null) : (campaign.maxDiscount ?? null);
}

export function voucherCampaignOf(campaign: Campaign, terms: VoucherTerms | null): VoucherCampaign {
  return {
    isVoucher: campaign.kind === 'EXPERIENCE_VOUCHER',
    name: campaign.name,
    state: campaign.state,
    endedAt: campaign.endedAt,
    startsAt: campaign.startsAt,
    expiresAt: campaign.expiresAt,
    currency: campaign.currency,
    value: voucherValue(campaign),
    minSpend: campaign.minSpend,
    productIds: campaign.productIds,
    productTypeIds: campaign.productTypeIds,
    allowedUnitIds: campaign.allowedUnitIds,
    usesPerVoucher: campaign.maxRedemptionsPerCode,
    excludedProductIds: terms?.excludedProductIds ?? [],
    excludedProductTypeIds: terms?.excludedProductTypeIds ?? [],
    excludedWeekdays: (terms?.excludedWeekdays ?? []) as Weekday[],
    excludedDates: terms?.excludedDates ?? [],
  };
}

export function voucherCodeOf(code: CodeRow): VoucherCode {
  return {
    code: code.code,
    disabled: code.state === 'DISABLED',
    customerId: code.customer_id,
    customerBlacklisted: code.blacklisted ?? false,
    uses: Number(code.redemptions_count),
    maxUses: code.max_redemptions,
  };
}

export function useCapOf(code: CodeRow, campaign: Campaign): number {
  return voucherUseCap(code.max_redemptions, campaign.maxRedemptionsPerCode);
}

/**
 * The store a merchant acts for: only its own staff (MERCHANT of that unit) or a super user may verify
 * and write off there; anyone else is FORBIDDEN. An unknown store is BAD_USER_INPUT on `field`.
 */
export async function storeForMerchant(ctx: GraphQLContext, unitId: string, field: string): Promise<Unit> {
  const id = /^\d{1,18}$/.test(unitId) ? String(BigInt(unitId)) : null;
  if (!ctx.ability.can('writeOff', asSubject('Code', { unit: id ?? unitId }))) throw forbidden('Only staff of this store may verify and write off vouchers here');
  const unit = id ? await ctx.em.findOne(Unit, { id }) : null;
  if (!unit) throw badInput(field, `there is no store (unit) with id "${unitId}"`);
  return unit;
}

/** Products consumed, with their types (each must exist: BAD_USER_INPUT naming its position otherwise). */
export async function consumedProducts(ctx: GraphQLContext, productIds: readonly string[] | null | undefined, field: string): Promise<{ id: string; typeId: string }[]> {
  if (!productIds?.length) return [];
  const products = await getAllReferenced(ctx, Product, 'Product', [...new Set(productIds)], field);
  return products.map((p) => ({ id: String(p.id), typeId: String(p.type.id) }));
}

export interface VoucherCheckAnswer {
  loaded: LoadedVoucher;
  verdict: Result<VoucherVerdict, RejectionReason>;
}

/** The verdict on a voucher at a store, at an instant, for an amount and products (nothing is changed). */
export async function checkVoucherAt(ctx: GraphQLContext, text: string, unit: Unit, at: Date, amount: string | null, products: { id: string; typeId: string }[]): Promise<VoucherCheckAnswer> {
  const loaded = await loadVoucher(ctx.em, text);
  return { loaded, verdict: verdictFor(loaded, unit, at, amount, products) };
}

/** The domain verdict on a loaded voucher. */
export function verdictFor(loaded: LoadedVoucher, unit: Unit, at: Date, amount: string | null, products: { id: string; typeId: string }[]): Result<VoucherVerdict, RejectionReason> {
  return checkVoucher(
    loaded.campaign ? voucherCampaignOf(loaded.campaign, loaded.terms) : null,
    loaded.code ? voucherCodeOf(loaded.code) : null,
    { unitId: unit.id, unitTimezone: unit.timezone, at, amount, products },
  );
}

/** The input field a refusal is about, for BAD_USER_INPUT. */
export function fieldOfRefusal(reason: RejectionReason): string {
  switch (reason) {
    case 'MIN_SPEND_NOT_MET':
      return 'input.amount';
    case 'PRODUCT_NOT_APPLICABLE':
      return 'input.productIds';
    case 'UNIT_NOT_ALLOWED':
      return 'input.unitId';
    default:
      return 'input.code';
  }
}

/** Unknown codes a user may try per window before verification and write-off are throttled (guessing). */
export const UNKNOWN_CODE_LIMIT = 30;
export const UNKNOWN_CODE_WINDOW_SECONDS = 300;
const guessKey = (ctx: GraphQLContext) => `voucher-guess:${ctx.viewer?.id ?? ctx.ip}`;

/**
 * RATE_LIMITED (with retryAfter) once the viewer has tried too many unknown codes lately. Read on the
 * request's own connection (inside a mutation's transaction), never a second one: a request holding a
 * transaction while waiting for another pooled connection would starve the pool under load.
 */
export async function assertNotGuessing(ctx: GraphQLContext): Promise<void> {
  await assertNotThrottled(ctx.em, guessKey(ctx), UNKNOWN_CODE_LIMIT);
}

/**
 * Counts an unknown code against the viewer, outside the request's transaction so it survives the
 * rollback of a refused write-off. A query (no transaction) waits for it; a mutation does not (the count
 * lands as soon as a connection is free, without holding the transaction's connection hostage).
 */
export async function countUnknownCode(ctx: GraphQLContext, inTransaction: boolean): Promise<void> {
  const hit = hitRateLimit(ctx.rootEm, guessKey(ctx), UNKNOWN_CODE_LIMIT, UNKNOWN_CODE_WINDOW_SECONDS);
  if (!inTransaction) {
    await hit;
    return;
  }
  hit.catch((error: unknown) => ctx.logger.warn({ err: error }, 'could not count an unknown voucher code'));
}
