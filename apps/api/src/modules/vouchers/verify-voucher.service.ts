import { formatMoney, normaliseCode, parseDecimal, resolveWrittenOffAt } from '@perkflow/domain';
import { checkCodeText } from '../campaigns/code.service.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';
import { assertNotGuessing, consumedProducts, countUnknownCode, loadVoucher, storeForMerchant, useCapOf, verdictFor, voucherValue } from './voucher-check.service.js';
import type { VoucherVerdictType } from './vouchers.types.js';

export interface VerifyArgs {
  code: string;
  unitId: string;
  amount?: string | null;
  productIds?: string[] | null;
  writtenOffAt?: Date | null;
}

/**
 * A merchant's check of a voucher at their store (SPEC §6): authentic, valid now (or at the time a paper
 * voucher was used), in scope, usable at this store, and the minimum spend when an amount is given.
 * Changes nothing. Staff of another store are FORBIDDEN.
 */
export async function verifyVoucher(ctx: GraphQLContext, args: VerifyArgs, now = new Date()): Promise<VoucherVerdictType> {
  checkCodeText(args.code, 'code');
  const unit = await storeForMerchant(ctx, args.unitId, 'unitId');
  const at = resolveWrittenOffAt(args.writtenOffAt ?? null, now);
  if (!at.ok) throw badInput('writtenOffAt', at.explanation);
  if (args.amount != null && parseDecimal(args.amount) === undefined) throw badInput('amount', `must be a decimal; got "${args.amount}"`);
  const products = await consumedProducts(ctx, args.productIds, 'productIds');
  await assertNotGuessing(ctx);
  const loaded = await loadVoucher(ctx.em, args.code);
  const verdict = verdictFor(loaded, unit, at.value, args.amount ?? null, products);
  if (!verdict.ok && verdict.reason === 'CODE_NOT_FOUND') await countUnknownCode(ctx, false);
  const { code, campaign } = loaded;
  const known = campaign?.kind === 'EXPERIENCE_VOUCHER' && code;
  const value = known ? voucherValue(campaign) : null;
  return {
    valid: verdict.ok,
    reason: verdict.ok ? null : verdict.reason,
    explanation: verdict.ok ? `Voucher ${code!.code} is valid at ${unit.name}` : verdict.explanation,
    code: code?.code ?? normaliseCode(args.code),
    campaignName: known ? campaign.name : null,
    voucherKind: known ? (campaign.voucherKind ?? null) : null,
    voucherForm: known ? (campaign.voucherForm ?? null) : null,
    value: value == null ? null : formatMoney(value, campaign!.currency),
    currency: known ? campaign.currency : null,
    minSpend: known && campaign.minSpend != null ? formatMoney(campaign.minSpend, campaign.currency) : null,
    usesLeft: known ? Math.max(0, useCapOf(code, campaign) - Number(code.redemptions_count)) : null,
    expiresAt: known ? campaign.expiresAt : null,
    customerName: known ? code.customer_name : null,
    productIds: known ? campaign.productIds : [],
  };
}
