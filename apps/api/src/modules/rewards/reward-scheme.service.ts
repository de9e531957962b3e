import { containsPattern } from '../../graphql/search.js';
import type { FilterQuery } from '@mikro-orm/core';
import { isCurrencyCode, isTimeZone, normaliseName } from '@perkflow/domain';
import { accessFilter } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';
import { paginate, type Page, MAX_LIST_SIZE } from '../../graphql/pagination.js';
import { assignOwnership } from '../access/ownership.js';
import { registerPrivacyEntity } from '../access/privacy-registry.js';
import { auditSnapshot, recordAudit } from '../audit/audit-trail.js';
import { RewardScheme } from './reward-scheme.entity.js';
import type { CreateRewardSchemeInput } from './reward-scheme.types.js';

registerPrivacyEntity('REWARD_SCHEME', 'RewardScheme', RewardScheme);

function searchFilter(search?: string | null): FilterQuery<RewardScheme> {
  const pattern = containsPattern('search', search);
  return pattern ? { $or: [{ name: { $ilike: pattern } }, { code: { $ilike: pattern } }] } : {};
}

export function listRewardSchemes(ctx: GraphQLContext, search?: string | null): Promise<RewardScheme[]> {
  return ctx.em.find(RewardScheme, { $and: [searchFilter(search), accessFilter<RewardScheme>(ctx, 'read', 'RewardScheme')] }, { orderBy: { name: 'asc', id: 'asc' }, limit: MAX_LIST_SIZE });
}

export function pageRewardSchemes(ctx: GraphQLContext, args: { search?: string | null; first?: number; after?: string | null }): Promise<Page<RewardScheme>> {
  return paginate(ctx, RewardScheme, 'RewardScheme', searchFilter(args.search), args, { name: 'asc', id: 'asc' });
}

export async function createRewardScheme(ctx: GraphQLContext, input: CreateRewardSchemeInput): Promise<RewardScheme> {
  const name = normaliseName(input.name);
  if (!name.ok) throw badInput('input.name', name.explanation);
  const currency = (input.currency ?? 'EUR').toUpperCase();
  if (!isCurrencyCode(currency)) throw badInput('input.currency', `"${input.currency}" is not an ISO 4217 currency code`);
  const timezone = input.timezone ?? 'UTC';
  if (!isTimeZone(timezone)) throw badInput('input.timezone', `"${timezone}" is not an IANA time zone`);
  const code = input.code?.trim() || null;
  if (await ctx.em.findOne(RewardScheme, { name: { $ilike: name.value } })) throw badInput('input.name', `a reward scheme named "${name.value}" exists already`);
  if (code && (await ctx.em.findOne(RewardScheme, { code }))) throw badInput('input.code', `a reward scheme with code "${code}" exists already`);
  const scheme = ctx.em.create(RewardScheme, { name: name.value, code, description: input.description?.trim() || null, currency, timezone } as never) as RewardScheme;
  await assignOwnership(ctx, scheme, 'REWARD_SCHEME');
  await ctx.em.flush();
  recordAudit(ctx, { action: 'create', entityType: 'RewardScheme', entityId: scheme.id, after: auditSnapshot(scheme) });
  return scheme;
}
