import type { GraphQLContext } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';
import { recordAudit } from '../audit/audit-trail.js';
import type { Campaign } from '../campaigns/campaign.entity.js';
import { issuePolicies, type IssuePolicy } from '../campaigns/code.service.js';
import { sql } from '../campaigns/sql.js';

/**
 * One voucher per person (SPEC §6), enforced by the database: every issued voucher takes a row in
 * voucher_issuance under the unique index (campaign, customer, grant). The first takes grant FIRST; a
 * second one can only take the grant of an approved ONE_PER_CUSTOMER_EXCEPTION that is still unused,
 * claimed by a conditional UPDATE (… where used_at is null … for update skip locked), so two
 * concurrent issues to one customer can never both succeed and one exception gives exactly one more.
 */
export const voucherIssuePolicy: IssuePolicy = {
  onePerCustomer: true,

  async allowAnother(ctx, campaign, customerId) {
    const rows = await sql<{ id: string }[]>(ctx.em, 'select id from voucher_exception_grant where campaign_id = ? and customer_id = ? and used_at is null limit 1', [campaign.id, customerId]);
    return rows.length > 0;
  },

  async afterIssue(ctx, { campaign, customerId, code, channel }) {
    const issuedById = ctx.viewer?.id ?? null;
    const first = await sql<{ id: string }[]>(ctx.em,
      `insert into voucher_issuance (campaign_id, customer_id, code_id, channel, issued_at, issued_by_id, grant_key)
       values (?, ?, ?, ?, ?, ?, 'FIRST') on conflict (campaign_id, customer_id, grant_key) do nothing returning id`,
      [campaign.id, customerId, code.id, channel, code.issuedAt ?? new Date(), issuedById]);
    if (first.length) return;
    const grant = await sql<{ id: string; approval_id: string }[]>(ctx.em,
      `update voucher_exception_grant set used_at = now(), code_id = ?
        where id = (select id from voucher_exception_grant where campaign_id = ? and customer_id = ? and used_at is null order by id limit 1 for update skip locked)
          and used_at is null
        returning id, approval_id::text`,
      [code.id, campaign.id, customerId]);
    if (!grant.length) throw onePerPersonRefusal(campaign, customerId);
    const inserted = await sql<{ id: string }[]>(ctx.em,
      `insert into voucher_issuance (campaign_id, customer_id, code_id, channel, issued_at, issued_by_id, grant_key)
       values (?, ?, ?, ?, ?, ?, ?) on conflict (campaign_id, customer_id, grant_key) do nothing returning id`,
      [campaign.id, customerId, code.id, channel, code.issuedAt ?? new Date(), issuedById, `EXCEPTION:${grant[0].approval_id}`]);
    if (!inserted.length) throw onePerPersonRefusal(campaign, customerId);
    recordAudit(ctx, { action: 'useOnePerCustomerException', entityType: 'Campaign', entityId: campaign.id, after: { customer: customerId, code: code.code, approval: grant[0].approval_id } });
  },
};

function onePerPersonRefusal(campaign: Campaign, customerId: string) {
  return badInput('customerId', `vouchers of "${campaign.name}" are one per person and customer ${customerId} already has one; a second one needs an approved ONE_PER_CUSTOMER_EXCEPTION (requestOnePerCustomerException)`, { reason: 'ONE_PER_CUSTOMER' });
}

/**
 * A discount-code campaign marked onePerCustomer honours the same exceptions: campaigns' issueCode holds
 * its per-(campaign, customer) lock while this claims an unused grant (rolled back with a failed issue).
 */
export const onePerCustomerCodePolicy: IssuePolicy = {
  async allowAnother(ctx, campaign, customerId) {
    const claimed = await sql<{ id: string }[]>(ctx.em,
      `update voucher_exception_grant set used_at = now()
        where id = (select id from voucher_exception_grant where campaign_id = ? and customer_id = ? and used_at is null order by id limit 1 for update skip locked)
        returning id`,
      [campaign.id, customerId]);
    return claimed.length > 0;
  },
};

/** Registers the issue policies (called once when the module is loaded). */
export function registerVoucherIssuePolicy(): void {
  issuePolicies.set('EXPERIENCE_VOUCHER', voucherIssuePolicy);
  if (!issuePolicies.has('DISCOUNT_CODE')) issuePolicies.set('DISCOUNT_CODE', onePerCustomerCodePolicy);
}

/** Records an approved exception: the customer may receive exactly one more voucher of the campaign. */
export async function grantOneMoreVoucher(ctx: GraphQLContext, approvalId: string, campaignId: string, customerId: string): Promise<void> {
  await sql(ctx.em, `insert into voucher_exception_grant (approval_id, campaign_id, customer_id) values (?, ?, ?) on conflict (approval_id) do nothing`, [approvalId, campaignId, customerId]);
  recordAudit(ctx, { action: 'grantOnePerCustomerException', entityType: 'Campaign', entityId: campaignId, after: { customer: customerId, approval: approvalId } });
}
