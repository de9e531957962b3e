import { formatMoney } from '@perkflow/domain';
import { loadRef, loadById } from '../../graphql/batch.js';
import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { parentOf } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { Can } from '../../graphql/guard.js';
import { Connection, type Page } from '../../graphql/pagination.js';
import { DecimalScalar } from '../../graphql/scalars.js';
import { registerSelfTransactional } from '../../graphql/transaction.js';
import { UnitType, UserType } from '../access/access.types.js';
import { Unit } from '../access/unit.entity.js';
import { User } from '../access/user.entity.js';
import { CustomerObject } from '../catalogue/catalogue.types.js';
import { Customer } from '../catalogue/customer.entity.js';
import { Campaign } from './campaign.entity.js';
import {
  CampaignType,
  CodeType,
  RedemptionCheckType,
  RedemptionInput,
  RedemptionResultType,
  RedemptionStateEnum,
  RedemptionType,
  ReviewFlagType,
} from './campaign.types.js';
import { Code } from './code.entity.js';
import {
  getRedemption,
  listRedemptions,
  redeemCode,
  rollbackRedemption,
  validateCode,
  type CheckAnswer,
  type RedeemAnswer,
  type RedemptionView,
} from './redemption.service.js';
import type { ReviewFlag } from './review-flag.entity.js';
import { listReviewFlags, resolveReviewFlag } from './review-flags.service.js';

@InputType()
export class RedemptionFilter {
  @Field(() => ID, { nullable: true }) campaignId?: string | null;
  @Field(() => ID, { nullable: true }) customerId?: string | null;
  @Field(() => String, { nullable: true, description: 'Redemptions of this code (normalised)' }) code?: string | null;
  @Field(() => RedemptionStateEnum, { nullable: true }) state?: 'SUCCEEDED' | 'ROLLED_BACK' | null;
  @Field(() => Boolean, { nullable: true }) test?: boolean | null;
}

@ObjectType('RedemptionConnection')
export class RedemptionConnection extends Connection(RedemptionType) {}

// One atomic statement (perkflow_redeem) is the whole redemption: no transaction held across round trips.
registerSelfTransactional('redeemCode');

@Resolver(() => RedemptionType)
export class RedemptionResolver {
  @Query(() => RedemptionCheckType, { description: 'The decision redeemCode would take now, consuming nothing (a dry run)' })
  @Can('validate', 'Redemption')
  validateCode(@Ctx() ctx: GraphQLContext, @Arg('input', () => RedemptionInput) input: RedemptionInput): Promise<CheckAnswer> {
    return validateCode(ctx, input);
  }

  @Mutation(() => RedemptionResultType, { description: 'Redeems a code on an order; the same idempotencyKey (per API client) always gets the same answer and never redeems twice' })
  @Can('redeem', 'Redemption')
  redeemCode(@Ctx() ctx: GraphQLContext, @Arg('input', () => RedemptionInput) input: RedemptionInput, @Arg('idempotencyKey') idempotencyKey: string): Promise<RedeemAnswer> {
    return redeemCode(ctx, input, idempotencyKey);
  }

  @Mutation(() => RedemptionType, { description: 'Rolls a redemption back (refund, cancelled order): restores the code, customer, total and budget counters, once' })
  @Can('rollback', 'Redemption')
  rollbackRedemption(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string, @Arg('reason', () => String, { nullable: true }) reason?: string | null): Promise<RedemptionView> {
    return rollbackRedemption(ctx, id, reason);
  }

  @Query(() => RedemptionType, { nullable: true })
  @Can('read', 'Redemption')
  redemption(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<RedemptionView | null> {
    return getRedemption(ctx, id);
  }

  @Query(() => RedemptionConnection, { description: 'Redemptions, latest first' })
  @Can('read', 'Redemption')
  redemptions(
    @Ctx() ctx: GraphQLContext,
    @Arg('filter', () => RedemptionFilter, { nullable: true }) filter?: RedemptionFilter | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<Page<RedemptionView>> {
    return listRedemptions(ctx, filter, { first, after });
  }

  @FieldResolver(() => CodeType)
  code(@Ctx() ctx: GraphQLContext, @Root() r: RedemptionView): Promise<Code> {
    return parentOf(ctx, Code, r.codeId);
  }

  @FieldResolver(() => CampaignType)
  campaign(@Ctx() ctx: GraphQLContext, @Root() r: RedemptionView): Promise<Campaign> {
    return parentOf(ctx, Campaign, r.campaignId);
  }

  @FieldResolver(() => CustomerObject)
  customer(@Ctx() ctx: GraphQLContext, @Root() r: RedemptionView): Promise<Customer> {
    return parentOf(ctx, Customer, r.customerId);
  }

  @FieldResolver(() => UnitType, { nullable: true })
  unit(@Ctx() ctx: GraphQLContext, @Root() r: RedemptionView): Promise<Unit | null> {
    return r.unitId ? loadById(ctx, Unit, r.unitId) : Promise.resolve(null);
  }

  @FieldResolver(() => DecimalScalar)
  orderAmount(@Root() r: RedemptionView): string {
    return formatMoney(r.orderAmount, r.currency);
  }

  @FieldResolver(() => DecimalScalar)
  discount(@Root() r: RedemptionView): string {
    return formatMoney(r.discount, r.currency);
  }
}

@Resolver(() => ReviewFlagType)
export class ReviewFlagResolver {
  @Query(() => [ReviewFlagType], { description: 'Review flags (budget exhaustion, anomalies): open ones by default, latest first' })
  @Can('read', 'ReviewFlag')
  reviewFlags(
    @Ctx() ctx: GraphQLContext,
    @Arg('open', () => Boolean, { nullable: true, defaultValue: true }) open?: boolean | null,
    @Arg('kind', () => String, { nullable: true }) kind?: string | null,
    @Arg('subjectType', () => String, { nullable: true }) subjectType?: string | null,
    @Arg('subjectId', () => ID, { nullable: true }) subjectId?: string | null,
  ): Promise<ReviewFlag[]> {
    return listReviewFlags(ctx, { open, kind, subjectType, subjectId });
  }

  @Mutation(() => ReviewFlagType)
  @Can('update', 'ReviewFlag')
  resolveReviewFlag(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string, @Arg('comment', () => String, { nullable: true }) comment?: string | null): Promise<ReviewFlag> {
    return resolveReviewFlag(ctx, id, comment);
  }

  @FieldResolver(() => UserType, { nullable: true })
  resolvedBy(@Ctx() ctx: GraphQLContext, @Root() flag: ReviewFlag): Promise<User | null> {
    return loadRef(ctx, flag.resolvedBy);
  }
}

export const redemptionResolvers = [RedemptionResolver, ReviewFlagResolver] as const;
