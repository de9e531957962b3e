import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { parentOf } from '../../graphql/access.js';
import { loadById } from '../../graphql/batch.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { Authenticated } from '../../graphql/guard.js';
import { UserType } from '../access/access.types.js';
import { User } from '../access/user.entity.js';
import { decideApproval, getApprovalRequest, listApprovalRequests } from './approvals.service.js';
import { ApprovalRequestType, ApprovalStateEnum, ApprovalSubjectEnum } from './approvals.types.js';

@Resolver(() => ApprovalRequestType)
export class ApprovalRequestResolver {
  @Query(() => [ApprovalRequestType], {
    description:
      'Without `mine`: the requests the viewer may decide (a supervisor sees the ad hoc discounts of their unit, a finance manager the campaign extensions, budget increases and one-per-person exceptions), never their own. With `mine: true`: the requests the viewer asked for. Oldest first, at most 200.',
  })
  @Authenticated()
  approvalRequests(
    @Ctx() ctx: GraphQLContext,
    @Arg('state', () => ApprovalStateEnum, { nullable: true }) state?: ApprovalStateEnum | null,
    @Arg('subject', () => ApprovalSubjectEnum, { nullable: true }) subject?: ApprovalSubjectEnum | null,
    @Arg('mine', () => Boolean, { nullable: true }) mine?: boolean | null,
  ): Promise<ApprovalRequestType[]> {
    return listApprovalRequests(ctx, { state, subject, mine });
  }

  @Query(() => ApprovalRequestType, { nullable: true, description: 'One request the viewer asked for or may read or decide' })
  @Authenticated()
  approvalRequest(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<ApprovalRequestType | null> {
    return getApprovalRequest(ctx, id);
  }

  @Mutation(() => ApprovalRequestType, {
    description: 'Approves or rejects a pending request once, as a decider of its subject (never the requester); approving applies it in the same transaction',
  })
  @Authenticated()
  decideApproval(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID) id: string,
    @Arg('approve') approve: boolean,
    @Arg('comment', () => String, { nullable: true }) comment?: string | null,
  ): Promise<ApprovalRequestType> {
    return decideApproval(ctx, id, approve, comment);
  }

  @FieldResolver(() => UserType)
  async requestedBy(@Root() request: ApprovalRequestType, @Ctx() ctx: GraphQLContext): Promise<User> {
    return parentOf(ctx, User, request.requestedById);
  }

  @FieldResolver(() => UserType, { nullable: true })
  async decidedBy(@Root() request: ApprovalRequestType, @Ctx() ctx: GraphQLContext): Promise<User | null> {
    return request.decidedById ? loadById(ctx, User, request.decidedById) : null;
  }
}
