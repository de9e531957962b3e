import { Money } from '@perkflow/domain';
import { parentOf } from '../../graphql/access.js';
import { loadByIds, loadRef } from '../../graphql/batch.js';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context.js';
import { Can } from '../../graphql/guard.js';
import { PeriodType } from '../../graphql/period.type.js';
import { DecimalScalar } from '../../graphql/scalars.js';
import { GroupType, PrivacyLevelType, UnitType } from '../access/access.types.js';
import { Group } from '../access/group.entity.js';
import { PrivacyLevel } from '../access/privacy-level.entity.js';
import { Unit } from '../access/unit.entity.js';
import { ProductObject, ProductTypeObject, SegmentObject } from '../catalogue/catalogue.types.js';
import { ProductType } from '../catalogue/product-type.entity.js';
import { Product } from '../catalogue/product.entity.js';
import { Segment } from '../catalogue/segment.entity.js';
import { AdditiveDiscountDefinition } from './discount-definition.entity.js';
import { createDefinition, findDefinition, listDefinitions, shownAmount, updateDefinition } from './discount-definition.service.js';
import { AdditiveDiscountDefinitionType, CreateAdditiveDiscountDefinitionInput, DiscountApplicationEnum, DiscountTargetEnum } from './discounts.types.js';

/** The records of an id array column, batched over the list (graphql/batch.ts), in id order. */
function byIds<T extends object>(ctx: GraphQLContext, entity: new () => T, ids: readonly string[]): Promise<T[]> {
  return loadByIds(ctx, entity, ids, 'id');
}

@Resolver(() => AdditiveDiscountDefinitionType)
export class DiscountDefinitionResolver {
  @Query(() => [AdditiveDiscountDefinitionType], { description: 'Definitions the viewer may see, by name' })
  @Can('read', 'AdditiveDiscountDefinition')
  additiveDiscountDefinitions(
    @Ctx() ctx: GraphQLContext,
    @Arg('target', () => DiscountTargetEnum, { nullable: true }) target?: 'SUBSCRIPTION' | 'JOB' | null,
    @Arg('application', () => DiscountApplicationEnum, { nullable: true }) application?: 'AD_HOC' | 'AUTO_APPLY' | null,
    @Arg('search', () => String, { nullable: true, description: 'Part of the name, case-insensitive' }) search?: string | null,
  ): Promise<AdditiveDiscountDefinition[]> {
    return listDefinitions(ctx, { target, application, search });
  }

  @Query(() => AdditiveDiscountDefinitionType, { nullable: true })
  @Can('read', 'AdditiveDiscountDefinition')
  additiveDiscountDefinition(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<AdditiveDiscountDefinition | null> {
    return findDefinition(ctx, id);
  }

  @Mutation(() => AdditiveDiscountDefinitionType)
  @Can('create', 'AdditiveDiscountDefinition')
  createAdditiveDiscountDefinition(@Ctx() ctx: GraphQLContext, @Arg('input') input: CreateAdditiveDiscountDefinitionInput): Promise<AdditiveDiscountDefinition> {
    return createDefinition(ctx, input);
  }

  @Mutation(() => AdditiveDiscountDefinitionType, { description: "Replaces a definition's terms (discounts already given keep theirs)" })
  @Can('update', 'AdditiveDiscountDefinition')
  updateAdditiveDiscountDefinition(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID) id: string,
    @Arg('input') input: CreateAdditiveDiscountDefinitionInput,
  ): Promise<AdditiveDiscountDefinition> {
    return updateDefinition(ctx, id, input);
  }

  @FieldResolver(() => DecimalScalar, { nullable: true })
  amount(@Root() d: AdditiveDiscountDefinition): string | null {
    return shownAmount(d.amount, d.currency);
  }

  @FieldResolver(() => DecimalScalar, { nullable: true })
  minAmount(@Root() d: AdditiveDiscountDefinition): string | null {
    return shownAmount(d.minAmount, d.currency);
  }

  @FieldResolver(() => DecimalScalar, { nullable: true })
  maxAmount(@Root() d: AdditiveDiscountDefinition): string | null {
    return shownAmount(d.maxAmount, d.currency);
  }

  @FieldResolver(() => DecimalScalar, { nullable: true })
  percentage(@Root() d: AdditiveDiscountDefinition): string | null {
    return d.percentage == null ? null : new Money(d.percentage).toString();
  }

  @FieldResolver(() => PeriodType, { nullable: true })
  applicationPeriod(@Root() d: AdditiveDiscountDefinition): PeriodType | null {
    return d.applicationPeriodCount && d.applicationPeriodUnit ? { count: d.applicationPeriodCount, unit: d.applicationPeriodUnit } : null;
  }

  @FieldResolver(() => UnitType, { nullable: true })
  approvalUnit(@Ctx() ctx: GraphQLContext, @Root() d: AdditiveDiscountDefinition): Promise<Unit | null> {
    return loadRef(ctx, d.approvalUnit);
  }

  @FieldResolver(() => [ProductObject])
  products(@Ctx() ctx: GraphQLContext, @Root() d: AdditiveDiscountDefinition): Promise<Product[]> {
    return byIds(ctx, Product, d.productIds);
  }

  @FieldResolver(() => [ProductTypeObject])
  productTypes(@Ctx() ctx: GraphQLContext, @Root() d: AdditiveDiscountDefinition): Promise<ProductType[]> {
    return byIds(ctx, ProductType, d.productTypeIds);
  }

  @FieldResolver(() => [SegmentObject])
  includedSegments(@Ctx() ctx: GraphQLContext, @Root() d: AdditiveDiscountDefinition): Promise<Segment[]> {
    return byIds(ctx, Segment, d.includedSegmentIds);
  }

  @FieldResolver(() => [SegmentObject])
  excludedSegments(@Ctx() ctx: GraphQLContext, @Root() d: AdditiveDiscountDefinition): Promise<Segment[]> {
    return byIds(ctx, Segment, d.excludedSegmentIds);
  }

  @FieldResolver(() => GroupType)
  ownedByGroup(@Ctx() ctx: GraphQLContext, @Root() d: AdditiveDiscountDefinition): Promise<Group> {
    return parentOf(ctx, Group, d.ownedByGroup.id);
  }

  @FieldResolver(() => PrivacyLevelType, { nullable: true })
  privacyLevel(@Ctx() ctx: GraphQLContext, @Root() d: AdditiveDiscountDefinition): Promise<PrivacyLevel | null> {
    return loadRef(ctx, d.privacyLevel);
  }
}
