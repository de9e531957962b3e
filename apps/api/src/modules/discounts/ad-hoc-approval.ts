/**
 * The ad hoc discount's side of the generic approvals mechanism (SPEC §7): a manual discount opens a
 * request decided by a SUPERVISOR of the definition's approval unit; deciding it approves or cancels
 * the discount in the same transaction.
 */
import type { GraphQLContext } from '../../graphql/context.js';
import type { AdHocDiscount } from './ad-hoc-discount.entity.js';
import type { AdditiveDiscountDefinition } from './discount-definition.entity.js';
import type { DiscountTargetRecord } from './discount-target.js';

export async function openApprovalRequest(_ctx: GraphQLContext, _discount: AdHocDiscount, _definition: AdditiveDiscountDefinition, _target: DiscountTargetRecord): Promise<void> {
  // Wired to requestApproval once the approvals module is on main.
}

export async function decideAdHocDiscount(_ctx: GraphQLContext, _id: string, _approve: boolean, _comment: string | null): Promise<AdHocDiscount> {
  throw new Error('not wired yet');
}

export async function pendingApprovalRequestId(_ctx: GraphQLContext, _discountId: string): Promise<string | null> {
  return null;
}
