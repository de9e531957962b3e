import type { GraphQLContext } from '../../graphql/context.js';
import { badInput, conflict, notFound } from '../../graphql/errors.js';
import { isRowId } from '../../graphql/input-limits.js';
import type { ApprovalHandler } from '../approvals/approval-handler.js';
import { findPendingApproval, requestApproval } from '../approvals/approvals.service.js';
import type { ApprovalRequestType } from '../approvals/approvals.types.js';
import { Campaign } from '../campaigns/campaign.entity.js';
import { Customer } from '../catalogue/customer.entity.js';
import { grantOneMoreVoucher } from './voucher-issue.service.js';

const isId = isRowId;

/**
 * Asks for a one-per-person exception (SPEC §6, §7): that `customerId` may receive one more voucher of
 * the campaign. A FINANCE_MANAGER decides (never the requester); approving grants exactly one more
 * voucher, in the decision's transaction. One pending request per campaign and customer.
 */
export async function requestOnePerCustomerException(ctx: GraphQLContext, campaignId: string, customerId: string, reason?: string | null): Promise<ApprovalRequestType> {
  const campaign = isId(campaignId) ? await ctx.em.findOne(Campaign, { id: campaignId }) : null;
  if (!campaign) throw notFound('Campaign', campaignId);
  if (campaign.kind !== 'EXPERIENCE_VOUCHER' && !campaign.onePerCustomer) throw badInput('campaignId', `campaign ${campaign.id} is not one per person, so it needs no exception`);
  if (campaign.state === 'ENDED') throw conflict(`Campaign ${campaign.id} has ENDED; no more vouchers are issued`);
  const customer = isId(customerId) ? await ctx.em.findOne(Customer, { id: customerId }) : null;
  if (!customer) throw badInput('customerId', `there is no Customer with id "${customerId}"`);
  if (customer.blacklisted) throw badInput('customerId', 'the customer is blacklisted and receives no vouchers', { reason: 'CUSTOMER_BLACKLISTED' });
  const text = reason?.trim() || null;
  if (text && text.length > 2000) throw badInput('reason', 'must be at most 2000 characters');
  if (await findPendingApproval(ctx.em, 'ONE_PER_CUSTOMER_EXCEPTION', campaign.id, { customerId: customer.id })) {
    throw conflict(`An exception for customer ${customer.id} on campaign ${campaign.id} is already waiting for a decision`);
  }
  return requestApproval(ctx, {
    subject: 'ONE_PER_CUSTOMER_EXCEPTION',
    subjectId: campaign.id,
    payload: { campaignId: campaign.id, campaignName: campaign.name, customerId: customer.id, customerName: customer.name, reason: text },
  });
}

/** Approving a ONE_PER_CUSTOMER_EXCEPTION lets the customer receive exactly one more voucher. */
export const onePerCustomerExceptionHandler: ApprovalHandler = {
  subject: 'ONE_PER_CUSTOMER_EXCEPTION',
  async onApproved(ctx, request) {
    const customerId = request.payload?.customerId;
    if (typeof customerId !== 'string' && typeof customerId !== 'number') throw conflict(`Approval request ${request.id} names no customer`);
    await grantOneMoreVoucher(ctx, request.id, request.subjectId, String(customerId));
  },
};
