import type { FilterQuery } from '@mikro-orm/core';
import { loadById } from '../../graphql/batch.js';
import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { asSystem } from '../../database/visibility.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { Can } from '../../graphql/guard.js';
import { paginate, type Page } from '../../graphql/pagination.js';
import { UserType } from '../access/access.types.js';
import { User } from '../access/user.entity.js';
import { AuditEntry } from './audit-entry.entity.js';
import { chainBeforeRead } from './audit-chainer.js';
import { verifyAuditChain, type ChainVerification } from './audit-verification.js';
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
    // Pending entries are chained first (as the system: every viewer's entries): a reader sees every committed change.
    await chainBeforeRead(asSystem(ctx.em.fork(), 'audit: chain every pending entry before a read'), ctx.logger);
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
    await chainBeforeRead(asSystem(ctx.em.fork(), 'audit: chain every pending entry before a read'), ctx.logger);
    // The whole chain is verified (it must be); the answer is counts and an id, naming nothing.
    return verifyAuditChain(ctx.em);
  }

  @FieldResolver(() => String, { description: 'Empty while the entry is pending (written, not chained yet)' })
  hash(@Root() entry: AuditEntry): string {
    return entry.hash ?? '';
  }

  @FieldResolver(() => String, { description: 'Hash of the previous entry in the chain; empty while pending' })
  prevHash(@Root() entry: AuditEntry): string {
    return entry.prevHash ?? '';
  }

  @FieldResolver(() => Boolean, { description: 'Written in its own transaction, not linked into the hash chain yet' })
  pending(@Root() entry: AuditEntry): boolean {
    return !entry.hash;
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Position in the hash chain (the order the chainer saw entries committed); null while pending' })
  chainSeq(@Root() entry: AuditEntry): number | null {
    return entry.chainSeq == null ? null : Number(entry.chainSeq);
  }

  @FieldResolver(() => UserType, { nullable: true })
  async actor(@Root() entry: AuditEntry, @Ctx() ctx: GraphQLContext): Promise<User | null> {
    return entry.actorId ? loadById(ctx, User, entry.actorId) : null;
  }
}

export const auditResolvers = [AuditResolver] as const;
