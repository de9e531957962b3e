import type { BillLineOutput, BillPreviewOutput } from '@perkflow/domain';
import { parentOf } from '../../graphql/access.js';
import { loadById } from '../../graphql/batch.js';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context.js';
import { Can } from '../../graphql/guard.js';
import { LocalDateScalar } from '../../graphql/scalars.js';
import { ProductObject } from '../catalogue/catalogue.types.js';
import { Product } from '../catalogue/product.entity.js';
import { billJob, billSubscription, billView, listBills, previewJobBill, previewSubscriptionBill } from './bill.service.js';
import { AdditiveDiscountDefinition } from './discount-definition.entity.js';
import { AppliedDiscountType, BillLineType, BillPreviewType, BillType } from './discounts.types.js';

type BillShape = ReturnType<typeof billView>;

@Resolver(() => BillPreviewType)
export class BillResolver {
  @Query(() => BillPreviewType, { description: 'The bill of one period [periodStart, periodStart + billing frequency): each line, its discounts (approved ad hoc, then auto-apply) and net' })
  @Can('preview', 'Bill')
  previewSubscriptionBill(
    @Ctx() ctx: GraphQLContext,
    @Arg('subscriptionId', () => ID) subscriptionId: string,
    @Arg('periodStart', () => LocalDateScalar) periodStart: string,
  ): Promise<BillPreviewOutput> {
    return previewSubscriptionBill(ctx, subscriptionId, periodStart);
  }

  @Query(() => BillPreviewType, { description: "A job's bill as of now" })
  @Can('preview', 'Bill')
  previewJobBill(@Ctx() ctx: GraphQLContext, @Arg('jobId', () => ID) jobId: string): Promise<BillPreviewOutput> {
    return previewJobBill(ctx, jobId);
  }

  @Query(() => [BillType], { description: 'Stored bills of a subscription (newest period first) or of a job' })
  @Can('read', 'Bill', ['preview', 'Bill'])
  async bills(
    @Ctx() ctx: GraphQLContext,
    @Arg('subscriptionId', () => ID, { nullable: true }) subscriptionId?: string | null,
    @Arg('jobId', () => ID, { nullable: true }) jobId?: string | null,
  ): Promise<BillShape[]> {
    return (await listBills(ctx, { subscriptionId, jobId })).map(billView);
  }

  @Mutation(() => BillType, { description: 'Stores the bill of a period (once per period: CONFLICT after) and consumes its once-off discounts' })
  @Can('bill', 'Bill')
  async billSubscription(
    @Ctx() ctx: GraphQLContext,
    @Arg('subscriptionId', () => ID) subscriptionId: string,
    @Arg('periodStart', () => LocalDateScalar) periodStart: string,
  ): Promise<BillShape> {
    return billView(await billSubscription(ctx, subscriptionId, periodStart));
  }

  @Mutation(() => BillType, { description: 'Stores the bill of a job (once: CONFLICT after) and consumes its once-off discounts' })
  @Can('bill', 'Bill')
  async billJob(@Ctx() ctx: GraphQLContext, @Arg('jobId', () => ID) jobId: string): Promise<BillShape> {
    return billView(await billJob(ctx, jobId));
  }
}

@Resolver(() => BillLineType)
export class BillLineResolver {
  @FieldResolver(() => ProductObject)
  product(@Ctx() ctx: GraphQLContext, @Root() line: BillLineOutput): Promise<Product> {
    return parentOf(ctx, Product, line.productId);
  }
}

@Resolver(() => AppliedDiscountType)
export class AppliedDiscountResolver {
  @FieldResolver(() => String, { description: "The definition's name" })
  async definitionName(@Ctx() ctx: GraphQLContext, @Root() applied: AppliedDiscountType): Promise<string> {
    return (await loadById(ctx, AdditiveDiscountDefinition, applied.definitionId))?.name ?? '';
  }
}
