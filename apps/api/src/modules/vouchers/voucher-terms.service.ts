import { isLocalDate, WEEKDAYS } from '@perkflow/domain';
import { assertCan } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput, conflict } from '../../graphql/errors.js';
import { auditSnapshot, recordAudit } from '../audit/audit-trail.js';
import { getCampaign } from '../campaigns/campaign.service.js';
import { getAllReferenced } from '../catalogue/input-checks.js';
import { ProductType } from '../catalogue/product-type.entity.js';
import { Product } from '../catalogue/product.entity.js';
import { VoucherTerms } from './voucher.entity.js';
import type { VoucherTermsInput } from './vouchers.types.js';

export function termsOf(ctx: GraphQLContext, campaignId: string): Promise<VoucherTerms | null> {
  return ctx.em.findOne(VoucherTerms, { campaignId });
}

const ids = (list: readonly string[]): string[] => [...new Set(list.map((id) => String(BigInt(id))))];

/** Sets an experience voucher campaign's exclusions; fields left out keep their value. */
export async function setVoucherTerms(ctx: GraphQLContext, campaignId: string, input: VoucherTermsInput): Promise<VoucherTerms> {
  const campaign = await getCampaign(ctx, campaignId);
  assertCan(ctx, 'update', 'Campaign', campaign);
  if (campaign.kind !== 'EXPERIENCE_VOUCHER') throw badInput('campaignId', `campaign ${campaign.id} is not an experience voucher campaign`);
  if (campaign.state === 'ENDED') throw conflict(`Campaign ${campaign.id} has ENDED and can no longer change`);
  if (input.excludedProductIds) await getAllReferenced(ctx, Product, 'Product', input.excludedProductIds, 'input.excludedProductIds');
  if (input.excludedProductTypeIds) await getAllReferenced(ctx, ProductType, 'ProductType', input.excludedProductTypeIds, 'input.excludedProductTypeIds');
  for (const [i, d] of (input.excludedDates ?? []).entries()) if (!isLocalDate(d)) throw badInput(`input.excludedDates.${i}`, `must be a date YYYY-MM-DD; got "${d}"`);
  for (const [i, d] of (input.excludedWeekdays ?? []).entries()) if (!(WEEKDAYS as readonly string[]).includes(d)) throw badInput(`input.excludedWeekdays.${i}`, `unknown weekday "${d}"`);
  const description = input.description === undefined ? undefined : input.description?.trim() || null;
  if (description && description.length > 2000) throw badInput('input.description', 'must be at most 2000 characters');
  let terms = await termsOf(ctx, campaign.id);
  const before = auditSnapshot(terms);
  if (!terms) terms = ctx.em.create(VoucherTerms, { campaignId: campaign.id } as never) as VoucherTerms;
  if (input.excludedProductIds) terms.excludedProductIds = ids(input.excludedProductIds);
  if (input.excludedProductTypeIds) terms.excludedProductTypeIds = ids(input.excludedProductTypeIds);
  if (input.excludedWeekdays) terms.excludedWeekdays = [...new Set(input.excludedWeekdays)];
  if (input.excludedDates) terms.excludedDates = [...new Set(input.excludedDates)].sort();
  if (description !== undefined) terms.description = description;
  terms.updatedAt = new Date();
  await ctx.em.flush();
  recordAudit(ctx, { action: 'setVoucherTerms', entityType: 'Campaign', entityId: campaign.id, before, after: auditSnapshot(terms) });
  return terms;
}
