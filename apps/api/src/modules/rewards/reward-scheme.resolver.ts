import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requireRef, loadRef } from '../../graphql/batch.js';
import { findReadable } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { Can } from '../../graphql/guard.js';
import type { Page } from '../../graphql/pagination.js';
import { GroupType, PrivacyLevelType } from '../access/access.types.js';
import type { Group } from '../access/group.entity.js';
import type { PrivacyLevel } from '../access/privacy-level.entity.js';
import { RewardScheme } from './reward-scheme.entity.js';
import { createRewardScheme, listRewardSchemes, pageRewardSchemes } from './reward-scheme.service.js';
import { CreateRewardSchemeInput, RewardSchemeConnection, RewardSchemeType } from './reward-scheme.types.js';

@Resolver(() => RewardSchemeType)
export class RewardSchemeResolver {
  @Query(() => [RewardSchemeType])
  @Can('read', 'RewardScheme')
  rewardSchemes(@Ctx() ctx: GraphQLContext, @Arg('search', () => String, { nullable: true }) search?: string | null): Promise<RewardScheme[]> {
    return listRewardSchemes(ctx, search);
  }

  @Query(() => RewardSchemeConnection, { description: 'Reward schemes a page at a time, with the total the viewer may see' })
  @Can('read', 'RewardScheme')
  rewardSchemesPage(
    @Ctx() ctx: GraphQLContext,
    @Arg('search', () => String, { nullable: true }) search?: string | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<Page<RewardScheme>> {
    return pageRewardSchemes(ctx, { search, first, after });
  }

  @Query(() => RewardSchemeType, { nullable: true })
  @Can('read', 'RewardScheme')
  rewardScheme(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<RewardScheme | null> {
    return findReadable(ctx, RewardScheme, 'RewardScheme', id);
  }

  @Mutation(() => RewardSchemeType)
  @Can('create', 'RewardScheme')
  createRewardScheme(@Ctx() ctx: GraphQLContext, @Arg('input') input: CreateRewardSchemeInput): Promise<RewardScheme> {
    return createRewardScheme(ctx, input);
  }

  @FieldResolver(() => GroupType)
  ownedByGroup(@Ctx() ctx: GraphQLContext, @Root() scheme: RewardScheme): Promise<Group> {
    return requireRef(ctx, scheme.ownedByGroup);
  }

  @FieldResolver(() => PrivacyLevelType, { nullable: true })
  privacyLevel(@Ctx() ctx: GraphQLContext, @Root() scheme: RewardScheme): Promise<PrivacyLevel | null> {
    return loadRef(ctx, scheme.privacyLevel);
  }
}


