import { Money } from '@perkflow/domain';
import { loadByIds, loadRef } from '../../graphql/batch.js';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { parentOf } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { Can } from '../../graphql/guard.js';
import type { Page } from '../../graphql/pagination.js';
import { DecimalScalar } from '../../graphql/scalars.js';
import { UserType } from '../access/access.types.js';
import { User } from '../access/user.entity.js';
import { CustomerObject, JobObject, ProductObject, SubscriptionObject } from '../catalogue/catalogue.types.js';
import { Customer } from '../catalogue/customer.entity.js';
import { Job } from '../catalogue/job.entity.js';
import { Product } from '../catalogue/product.entity.js';
import { Subscription } from '../catalogue/subscription.entity.js';
import { decideAdHocDiscount, pendingApprovalRequestId } from './ad-hoc-approval.js';
import { AdHocDiscount } from './ad-hoc-discount.entity.js';
import { adHocDiscountOptions, findAdHocDiscount, pageAdHocDiscounts, submitAdHocDiscount, updateAdHocDiscount, type AdHocDiscountOption } from './ad-hoc-discount.service.js';
import { AdditiveDiscountDefinition } from './discount-definition.entity.js';
import { shownAmount } from './discount-definition.service.js';
import {
  AdditiveDiscountDefinitionType,
  AdHocDiscountConnection,
  AdHocDiscountFilter,
  AdHocDiscountOptionType,
  AdHocDiscountType,
  SubmitAdHocDiscountInput,
  UpdateAdHocDiscountInput,
} from './discounts.types.js';

@Resolver(() => AdHocDiscountType)
export class AdHocDiscountResolver {
  @Query(() => AdHocDiscountType, { nullable: true })
  @Can('read', 'AdHocDiscount')
  adHocDiscount(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<AdHocDiscount | null> {
    return findAdHocDiscount(ctx, id);
  }

  @Query(() => AdHocDiscountConnection, { description: 'Newest first' })
  @Can('read', 'AdHocDiscount')
  adHocDiscounts(
    @Ctx() ctx: GraphQLContext,
    @Arg('filter', () => AdHocDiscountFilter, { nullable: true }) filter?: AdHocDiscountFilter | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<Page<AdHocDiscount>> {
    return pageAdHocDiscounts(ctx, filter, { first, after });
  }

  @Query(() => [AdHocDiscountOptionType], { description: 'The AD_HOC definitions an agent may add to this subscription or job now (valid, criteria met, limit not reached), with the allowed amounts' })
  @Can('submit', 'AdHocDiscount')
  adHocDiscountOptions(
    @Ctx() ctx: GraphQLContext,
    @Arg('subscriptionId', () => ID, { nullable: true }) subscriptionId?: string | null,
    @Arg('jobId', () => ID, { nullable: true }) jobId?: string | null,
  ): Promise<AdHocDiscountOption[]> {
    return adHocDiscountOptions(ctx, { subscriptionId, jobId });
  }

  @Mutation(() => AdHocDiscountType, { description: 'Created APPROVED under automatic approval, else PENDING_APPROVAL with an approval request to the approval unit' })
  @Can('submit', 'AdHocDiscount')
  submitAdHocDiscount(@Ctx() ctx: GraphQLContext, @Arg('input') input: SubmitAdHocDiscountInput): Promise<AdHocDiscount> {
    return submitAdHocDiscount(ctx, input);
  }

  @Mutation(() => AdHocDiscountType, { description: 'Only the submitter, only while PENDING_APPROVAL (else CONFLICT)' })
  @Can('update', 'AdHocDiscount')
  updateAdHocDiscount(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string, @Arg('input') input: UpdateAdHocDiscountInput): Promise<AdHocDiscount> {
    return updateAdHocDiscount(ctx, id, input);
  }

  @Mutation(() => AdHocDiscountType, { description: "Decides the discount's approval request: a SUPERVISOR of the definition's approval unit, never the submitter; once" })
  @Can('approve', 'AdHocDiscount')
  approveAdHocDiscount(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string, @Arg('comment', () => String, { nullable: true }) comment?: string | null): Promise<AdHocDiscount> {
    return decideAdHocDiscount(ctx, id, true, comment ?? null);
  }

  @Mutation(() => AdHocDiscountType, { description: 'Rejects the approval request: the discount becomes CANCELLED (same rules as approving)' })
  @Can('cancel', 'AdHocDiscount')
  cancelAdHocDiscount(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string, @Arg('comment', () => String, { nullable: true }) comment?: string | null): Promise<AdHocDiscount> {
    return decideAdHocDiscount(ctx, id, false, comment ?? null);
  }

  @FieldResolver(() => AdditiveDiscountDefinitionType)
  definition(@Ctx() ctx: GraphQLContext, @Root() d: AdHocDiscount): Promise<AdditiveDiscountDefinition> {
    return parentOf(ctx, AdditiveDiscountDefinition, d.definition.id);
  }

  @FieldResolver(() => SubscriptionObject, { nullable: true })
  subscription(@Ctx() ctx: GraphQLContext, @Root() d: AdHocDiscount): Promise<Subscription | null> {
    return loadRef(ctx, d.subscription);
  }

  @FieldResolver(() => JobObject, { nullable: true })
  job(@Ctx() ctx: GraphQLContext, @Root() d: AdHocDiscount): Promise<Job | null> {
    return loadRef(ctx, d.job);
  }

  @FieldResolver(() => CustomerObject)
  customer(@Ctx() ctx: GraphQLContext, @Root() d: AdHocDiscount): Promise<Customer> {
    return parentOf(ctx, Customer, d.customer.id);
  }

  @FieldResolver(() => DecimalScalar, { nullable: true })
  amount(@Root() d: AdHocDiscount): string | null {
    return shownAmount(d.amount, d.currency);
  }

  @FieldResolver(() => DecimalScalar, { nullable: true })
  percentage(@Root() d: AdHocDiscount): string | null {
    return d.percentage == null ? null : new Money(d.percentage).toString();
  }

  @FieldResolver(() => [ProductObject], { description: 'Empty: every billed product' })
  applicableProducts(@Ctx() ctx: GraphQLContext, @Root() d: AdHocDiscount): Promise<Product[]> {
    return loadByIds(ctx, Product, d.applicableProductIds);
  }

  @FieldResolver(() => UserType)
  providedBy(@Ctx() ctx: GraphQLContext, @Root() d: AdHocDiscount): Promise<User> {
    return parentOf(ctx, User, d.providedBy.id);
  }

  @FieldResolver(() => UserType, { nullable: true, description: 'Null when approved automatically' })
  approvedBy(@Ctx() ctx: GraphQLContext, @Root() d: AdHocDiscount): Promise<User | null> {
    return loadRef(ctx, d.approvedBy);
  }

  @FieldResolver(() => UserType, { nullable: true })
  cancelledBy(@Ctx() ctx: GraphQLContext, @Root() d: AdHocDiscount): Promise<User | null> {
    return loadRef(ctx, d.cancelledBy);
  }

  @FieldResolver(() => Boolean, { description: 'A once-off discount already applied by a bill' })
  consumed(@Root() d: AdHocDiscount): boolean {
    return d.consumedByBillId != null;
  }

  @FieldResolver(() => Boolean, { description: 'Applies once (duration ONCE_OFF)' })
  onceOff(@Root() d: AdHocDiscount): boolean {
    return d.onceOff;
  }

  @FieldResolver(() => ID, { nullable: true, description: 'The pending approval request deciding this discount, if any' })
  approvalRequestId(@Ctx() ctx: GraphQLContext, @Root() d: AdHocDiscount): Promise<string | null> {
    return d.state === 'PENDING_APPROVAL' ? pendingApprovalRequestId(ctx, d.id) : Promise.resolve(null);
  }
}

@Resolver(() => AdHocDiscountOptionType)
export class AdHocDiscountOptionResolver {
  @FieldResolver(() => DecimalScalar, { nullable: true, description: 'Lowest allowed amount (AMOUNT_RANGE) or the fixed amount (AMOUNT)' })
  minAmount(@Root() o: AdHocDiscountOption): string | null {
    return shownAmount(o.minAmount, o.definition.currency);
  }

  @FieldResolver(() => DecimalScalar, { nullable: true, description: 'Highest allowed amount (AMOUNT_RANGE) or the fixed amount (AMOUNT)' })
  maxAmount(@Root() o: AdHocDiscountOption): string | null {
    return shownAmount(o.maxAmount, o.definition.currency);
  }
}
