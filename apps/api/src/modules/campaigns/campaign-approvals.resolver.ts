import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context.js';
import { Can } from '../../graphql/guard.js';
import { DecimalScalar } from '../../graphql/scalars.js';
import { ApprovalRequest } from '../approvals/approval-request.entity.js';
import { toApprovalRequestType } from '../approvals/approvals.service.js';
import { ApprovalRequestType } from '../approvals/approvals.types.js';
import { getCampaign } from './campaign.service.js';
import { requestBudgetIncrease, requestCampaignExtension } from './campaign-approvals.js';

@Resolver()
export class CampaignApprovalsResolver {
  @Mutation(() => ApprovalRequestType, { description: 'Asks a FINANCE_MANAGER to move the hard expiry later; approving moves it' })
  @Can('update', 'Campaign')
  requestCampaignExtension(
    @Ctx() ctx: GraphQLContext,
    @Arg('campaignId', () => ID) campaignId: string,
    @Arg('newExpiresAt', () => Date) newExpiresAt: Date,
    @Arg('reason', () => String, { nullable: true }) reason?: string | null,
  ): Promise<ApprovalRequestType> {
    return requestCampaignExtension(ctx, campaignId, newExpiresAt, reason);
  }

  @Mutation(() => ApprovalRequestType, { description: 'Asks a FINANCE_MANAGER to grow the budget per period to newAmount; approving grows it' })
  @Can('update', 'Campaign')
  requestBudgetIncrease(
    @Ctx() ctx: GraphQLContext,
    @Arg('campaignId', () => ID) campaignId: string,
    @Arg('newAmount', () => DecimalScalar) newAmount: string,
    @Arg('reason', () => String, { nullable: true }) reason?: string | null,
  ): Promise<ApprovalRequestType> {
    return requestBudgetIncrease(ctx, campaignId, newAmount, reason);
  }

  @Query(() => [ApprovalRequestType], { description: 'Extension and budget-increase requests of a campaign, newest first' })
  @Can('read', 'Campaign')
  async campaignApprovalRequests(@Ctx() ctx: GraphQLContext, @Arg('campaignId', () => ID) campaignId: string): Promise<ApprovalRequestType[]> {
    const campaign = await getCampaign(ctx, campaignId);
    const rows = await ctx.em.find(ApprovalRequest, { subject: { $in: ['CAMPAIGN_EXTENSION', 'BUDGET_INCREASE'] }, subjectId: campaign.id }, { orderBy: { id: 'desc' }, limit: 50 });
    return rows.map((row) => toApprovalRequestType(ctx, row));
  }
}
