import type { Role } from '@perkflow/authz';
import { batched, loadRef, requireRef } from '../../graphql/batch.js';
import type { PrivacyEntityKind } from '@perkflow/domain';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Authenticated, Can, Public } from '../../graphql/guard.js';
import { requireViewer, type GraphQLContext } from '../../graphql/context.js';
import { unauthenticated } from '../../graphql/errors.js';
import { registerSelfTransactional } from '../../graphql/transaction.js';
import {
  CreateGroupInput,
  CreatePrivacyLevelAssignmentRuleInput,
  CreatePrivacyLevelInput,
  CreateUnitInput,
  CreateUserInput,
  UpdateGroupInput,
  UpdateUnitInput,
  UpdateUserInput,
} from './access.inputs.js';
import {
  ApiKeyType,
  AuthPayloadType,
  GroupType,
  PrivacyEntityEnum,
  PrivacyLevelAssignmentRuleType,
  PrivacyLevelType,
  UnitType,
  UserType,
} from './access.types.js';
import * as access from './access.service.js';
import { ApiKey } from './api-key.entity.js';
import { changePassword, login, loadViewer } from './auth.service.js';
import { Group } from './group.entity.js';
import type { PrivacyLevel } from './privacy-level.entity.js';
import { PrivacyLevelAssignmentRule } from './privacy-level-assignment-rule.entity.js';
import { Unit } from './unit.entity.js';
import { User } from './user.entity.js';

@Resolver(() => UserType)
export class UserResolver {
  @Query(() => UserType)
  @Authenticated()
  async me(@Ctx() ctx: GraphQLContext): Promise<User> {
    const user = await ctx.em.findOne(User, { id: requireViewer(ctx).id });
    if (!user) throw unauthenticated();
    return user;
  }

  @Query(() => [UserType])
  @Can('read', 'User')
  users(@Ctx() ctx: GraphQLContext, @Arg('search', () => String, { nullable: true }) search?: string | null): Promise<User[]> {
    return access.listUsers(ctx, search);
  }

  @Mutation(() => AuthPayloadType, { description: 'Signs in; the token carries exp and ends early on sign-out everywhere, a password, role, group, unit, clearance or active change' })
  @Public()
  login(@Ctx() ctx: GraphQLContext, @Arg('email') email: string, @Arg('password') password: string) {
    return login(ctx, email, password);
  }

  @Mutation(() => AuthPayloadType, { description: 'Changes your own password (audited): every earlier token ends; the answer carries a fresh one' })
  @Authenticated()
  changePassword(@Ctx() ctx: GraphQLContext, @Arg('currentPassword') currentPassword: string, @Arg('newPassword') newPassword: string) {
    return changePassword(ctx, currentPassword, newPassword);
  }

  @Mutation(() => Boolean, { description: 'Ends every session of yours at once, this one included (sign in again afterwards)' })
  @Authenticated()
  signOutEverywhere(@Ctx() ctx: GraphQLContext): Promise<boolean> {
    return access.signOutEverywhere(ctx);
  }

  @Mutation(() => Boolean, { description: "Ends every session of a user at once (their tokens answer UNAUTHENTICATED); API keys stay (revoke them apart)" })
  @Can('update', 'User')
  endUserSessions(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<boolean> {
    return access.endUserSessions(ctx, id);
  }

  @Mutation(() => UserType)
  @Can('create', 'User')
  createUser(@Ctx() ctx: GraphQLContext, @Arg('input') input: CreateUserInput): Promise<User> {
    return access.createUser(ctx, input);
  }

  @Mutation(() => UserType)
  @Can('update', 'User')
  updateUser(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string, @Arg('input') input: UpdateUserInput): Promise<User> {
    return access.updateUser(ctx, id, input);
  }

  @FieldResolver(() => GroupType)
  group(@Ctx() ctx: GraphQLContext, @Root() user: User): Promise<Group> {
    return requireRef(ctx, user.group);
  }

  @FieldResolver(() => UnitType, { nullable: true })
  unit(@Ctx() ctx: GraphQLContext, @Root() user: User): Promise<Unit | null> {
    return loadRef(ctx, user.unit);
  }

  @FieldResolver(() => PrivacyLevelType, { nullable: true })
  privacyClearance(@Ctx() ctx: GraphQLContext, @Root() user: User): Promise<PrivacyLevel | null> {
    return loadRef(ctx, user.privacyClearance);
  }

  @FieldResolver(() => [ID], { description: 'Groups whose explicit entities this user may see (own group and groups collaborating with it)' })
  async visibleOwnerGroupIds(@Root() user: User, @Ctx() ctx: GraphQLContext): Promise<string[]> {
    return [...(await loadViewer(ctx.em, user)).visibleOwnerGroupIds];
  }

  @FieldResolver(() => [ID], { description: 'Privacy levels this user is cleared for' })
  async clearedPrivacyLevelIds(@Root() user: User, @Ctx() ctx: GraphQLContext): Promise<string[]> {
    return [...(await loadViewer(ctx.em, user)).clearedPrivacyLevelIds];
  }
}

@Resolver(() => GroupType)
export class GroupResolver {
  @Query(() => [GroupType])
  @Can('read', 'Group')
  groups(@Ctx() ctx: GraphQLContext, @Arg('search', () => String, { nullable: true }) search?: string | null): Promise<Group[]> {
    return access.listGroups(ctx, search);
  }

  @Mutation(() => GroupType)
  @Can('create', 'Group')
  createGroup(@Ctx() ctx: GraphQLContext, @Arg('input') input: CreateGroupInput): Promise<Group> {
    return access.createGroup(ctx, input);
  }

  @Mutation(() => GroupType)
  @Can('update', 'Group')
  updateGroup(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string, @Arg('input') input: UpdateGroupInput): Promise<Group> {
    return access.updateGroup(ctx, id, input);
  }

  @Mutation(() => GroupType)
  @Can('update', 'Group')
  setCollaboratingGroups(
    @Ctx() ctx: GraphQLContext,
    @Arg('groupId', () => ID) groupId: string,
    @Arg('collaboratingGroupIds', () => [ID]) collaboratingGroupIds: string[],
  ): Promise<Group> {
    return access.setCollaboratingGroups(ctx, groupId, collaboratingGroupIds);
  }

  @FieldResolver(() => [GroupType])
  async collaboratingGroups(@Ctx() ctx: GraphQLContext, @Root() group: Group): Promise<Group[]> {
    const em = ctx.em;
    // The collaborators of every group of the list in one populate (graphql/batch.ts).
    const items = await batched(ctx, 'Group.collaboratingGroups', group.id, async (ids) => {
      const groups = await em.find(Group, { id: { $in: ids } }, { populate: ['collaboratingGroups'] });
      return new Map(groups.map((g) => [String(g.id), g.collaboratingGroups.getItems()]));
    });
    return [...(items ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  }
}

@Resolver(() => UnitType)
export class UnitResolver {
  @Query(() => [UnitType])
  @Can('read', 'Unit')
  units(@Ctx() ctx: GraphQLContext, @Arg('groupId', () => ID, { nullable: true }) groupId?: string | null): Promise<Unit[]> {
    return access.listUnits(ctx, groupId);
  }

  @Mutation(() => UnitType)
  @Can('create', 'Unit')
  createUnit(@Ctx() ctx: GraphQLContext, @Arg('input') input: CreateUnitInput): Promise<Unit> {
    return access.createUnit(ctx, input);
  }

  @Mutation(() => UnitType)
  @Can('update', 'Unit')
  updateUnit(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string, @Arg('input') input: UpdateUnitInput): Promise<Unit> {
    return access.updateUnit(ctx, id, input);
  }

  @FieldResolver(() => GroupType)
  group(@Ctx() ctx: GraphQLContext, @Root() unit: Unit): Promise<Group> {
    return requireRef(ctx, unit.group);
  }
}

@Resolver(() => PrivacyLevelType)
export class PrivacyLevelResolver {
  @Query(() => [PrivacyLevelType])
  @Can('read', 'PrivacyLevel')
  privacyLevels(@Ctx() ctx: GraphQLContext): Promise<PrivacyLevel[]> {
    return access.listPrivacyLevels(ctx);
  }

  @Mutation(() => PrivacyLevelType)
  @Can('create', 'PrivacyLevel')
  createPrivacyLevel(@Ctx() ctx: GraphQLContext, @Arg('input') input: CreatePrivacyLevelInput): Promise<PrivacyLevel> {
    return access.createPrivacyLevel(ctx, input);
  }

  @Mutation(() => Boolean, { description: 'The only way to change the privacy level of an explicit viewing entity; null clears it' })
  @Can('changePrivacy', 'RewardScheme', ['changePrivacy', 'RewardOffer'], ['changePrivacy', 'RewardOfferTemplate'], ['changePrivacy', 'AdditiveDiscountDefinition'], ['changePrivacy', 'Campaign'])
  changePrivacyLevel(
    @Ctx() ctx: GraphQLContext,
    @Arg('entity', () => PrivacyEntityEnum) entity: PrivacyEntityKind,
    @Arg('id', () => ID) id: string,
    @Arg('privacyLevelId', () => ID, { nullable: true }) privacyLevelId?: string | null,
  ): Promise<boolean> {
    return access.changePrivacyLevel(ctx, entity, id, privacyLevelId);
  }
}

@Resolver(() => PrivacyLevelAssignmentRuleType)
export class PrivacyLevelAssignmentRuleResolver {
  @Query(() => [PrivacyLevelAssignmentRuleType])
  @Can('read', 'PrivacyLevelAssignmentRule')
  privacyLevelAssignmentRules(@Ctx() ctx: GraphQLContext): Promise<PrivacyLevelAssignmentRule[]> {
    return access.listAssignmentRules(ctx);
  }

  @Mutation(() => PrivacyLevelAssignmentRuleType)
  @Can('create', 'PrivacyLevelAssignmentRule')
  createPrivacyLevelAssignmentRule(@Ctx() ctx: GraphQLContext, @Arg('input') input: CreatePrivacyLevelAssignmentRuleInput): Promise<PrivacyLevelAssignmentRule> {
    return access.createAssignmentRule(ctx, input);
  }

  @Mutation(() => Boolean)
  @Can('delete', 'PrivacyLevelAssignmentRule')
  deletePrivacyLevelAssignmentRule(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<boolean> {
    return access.deleteAssignmentRule(ctx, id);
  }

  @FieldResolver(() => GroupType, { nullable: true, description: 'Matches entities owned by this group only' })
  ownedByGroup(@Ctx() ctx: GraphQLContext, @Root() rule: PrivacyLevelAssignmentRule): Promise<Group | null> {
    return loadRef(ctx, rule.ownedByGroup);
  }

  @FieldResolver(() => PrivacyLevelType)
  privacyLevel(@Ctx() ctx: GraphQLContext, @Root() rule: PrivacyLevelAssignmentRule): Promise<PrivacyLevel> {
    return requireRef(ctx, rule.privacyLevel);
  }
}

@Resolver(() => ApiKeyType)
export class ApiKeyResolver {
  @Query(() => [ApiKeyType])
  @Can('read', 'ApiKey')
  apiKeys(@Ctx() ctx: GraphQLContext): Promise<ApiKey[]> {
    return access.listApiKeys(ctx);
  }

  @Mutation(() => ApiKeyType)
  @Can('create', 'ApiKey')
  async createApiKey(@Ctx() ctx: GraphQLContext, @Arg('name') name: string, @Arg('userId', () => ID) userId: string): Promise<ApiKey & { secret: string }> {
    const { key, secret } = await access.createApiKey(ctx, name, userId);
    return Object.assign(key, { secret });
  }

  @Mutation(() => Boolean)
  @Can('update', 'ApiKey')
  revokeApiKey(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<boolean> {
    return access.revokeApiKey(ctx, id);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Shown once, on creation' })
  secret(@Root() key: ApiKey & { secret?: string }): string | null {
    return key.secret ?? null;
  }

  @FieldResolver(() => UserType)
  user(@Ctx() ctx: GraphQLContext, @Root() key: ApiKey): Promise<User> {
    return requireRef(ctx, key.user);
  }
}

// Sign-in and password change hold no transaction across their argon2 work and throttle statements
// (auth.service.ts): a request never keeps a pooled connection while it waits for another.
registerSelfTransactional('login');
registerSelfTransactional('changePassword');

export const accessResolvers = [UserResolver, GroupResolver, UnitResolver, PrivacyLevelResolver, PrivacyLevelAssignmentRuleResolver, ApiKeyResolver] as const;
export type { Role };
