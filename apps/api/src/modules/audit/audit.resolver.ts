import type { FilterQuery } from '@mikro-orm/core';
import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { asSystem } from '../../database/visibility.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { Can } from '../../graphql/guard.js';
import { paginate, type Page } from '../../graphql/pagination.js';
import { UserType } from '../access/access.types.js';
import { User } from '../access/user.entity.js';
import { AuditEntry } from './audit-entry.entity.js';
import { flushDeferredAudit, verifyAuditChain, type ChainVerification } from './audit-trail.js';
import { AuditEntryConnection, AuditEntryType, AuditVerificationType } from './audit.types.js';

@Resolver(() => AuditEntryType)
export class AuditResolver {
  @Query(() => AuditEntryConnection, { description: 'Newest first' })
  @Can('read', 'AuditEntry')
  async auditLog(
    @Ctx() ctx: GraphQLContext,
    @Arg('entityType', () => String, { nullable: true }) entityType?: string | null,
    @Arg('entityId', () => ID, { nullable: true }) entityId?: string | null,
    @Arg('action', () => String, { nullable: true }) action?: string | null,
    @Arg('actorId', () => ID, { nullable: true }) actorId?: string | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<Page<AuditEntry>> {
    // Entries deferred off hot paths (redemptions) are chained first: a reader sees every change.
    await flushDeferredAudit(asSystem(ctx.em.fork(), 'audit: chain every deferred entry before a read'));
    const where: FilterQuery<AuditEntry> = {};
    if (entityType) where.entityType = entityType;
    if (entityId) where.entityId = entityId;
    if (action) where.action = action;
    if (actorId) where.actorId = actorId;
    return paginate(ctx, AuditEntry, 'AuditEntry', where, { first, after }, { id: 'desc' });
  }

  @Query(() => AuditVerificationType)
  @Can('verify', 'AuditEntry')
  async verifyAuditLog(@Ctx() ctx: GraphQLContext): Promise<ChainVerification> {
    await flushDeferredAudit(asSystem(ctx.em.fork(), 'audit: chain every deferred entry before a read'));
    // The whole chain is verified (it must be); the answer is counts and an id, naming nothing.
    return verifyAuditChain(ctx.em);
  }

  @FieldResolver(() => UserType, { nullable: true })
  async actor(@Root() entry: AuditEntry, @Ctx() ctx: GraphQLContext): Promise<User | null> {
    return entry.actorId ? ctx.em.findOne(User, { id: entry.actorId }) : null;
  }
}

export const auditResolvers = [AuditResolver] as const;
