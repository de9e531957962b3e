import type { FilterQuery } from '@mikro-orm/core';
import { MAX_LIST_SIZE } from '../../graphql/pagination.js';
import { normaliseName } from '@perkflow/domain';
import { accessFilter } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';
import { assignOwnership } from '../access/ownership.js';
import { registerPrivacyEntity } from '../access/privacy-registry.js';
import { auditSnapshot, recordAudit } from '../audit/audit-trail.js';
import { getAllReferenced, likeLiteral } from '../catalogue/input-checks.js';
import { toAwardRule, toSpendConditions } from './offer-rules.input.js';
import { RewardOfferCategory, RewardOfferTemplate, RewardOfferType, RewardsDefinition } from './reward-config.entity.js';
import type { CreateRewardOfferTemplateInput, CreateRewardOfferTypeInput } from './rewards.types.js';

registerPrivacyEntity('REWARD_OFFER_TEMPLATE', 'RewardOfferTemplate', RewardOfferTemplate);

function checkName(value: string, field = 'name'): string {
  const name = normaliseName(value);
  if (!name.ok) throw badInput(field, name.explanation);
  return name.value;
}

async function assertNameFree<T extends object>(ctx: GraphQLContext, entity: new () => T, name: string, field: string, what: string, exceptId?: string): Promise<void> {
  const where = { name: { $ilike: likeLiteral(name) }, ...(exceptId ? { id: { $ne: exceptId } } : {}) } as FilterQuery<T>;
  if (await ctx.em.findOne(entity, where)) throw badInput(field, `a ${what} named "${name}" exists already`);
}

// ------------------------------------------------------------------ rewards definition

/** The one definition row (created on first use). */
export async function getRewardsDefinition(ctx: GraphQLContext): Promise<RewardsDefinition> {
  const [existing] = await ctx.em.find(RewardsDefinition, {}, { orderBy: { id: 'asc' }, limit: 1 });
  return existing ?? ({ id: '0', allowedOfferTypeIds: null } as RewardsDefinition);
}

export async function setRewardsDefinition(ctx: GraphQLContext, allowedOfferTypeIds: string[]): Promise<RewardsDefinition> {
  const types = await getAllReferenced(ctx, RewardOfferType, 'RewardOfferType', allowedOfferTypeIds, 'allowedOfferTypeIds');
  // One row, serialised by its lock so concurrent sets do not create two.
  await ctx.em.getConnection().execute('select pg_advisory_xact_lock(7411404)', [], 'run', ctx.em.getTransactionContext());
  let [definition] = await ctx.em.find(RewardsDefinition, {}, { orderBy: { id: 'asc' }, limit: 1 });
  const before = definition ? auditSnapshot(definition) : null;
  const ids = [...new Set(types.map((t) => String(t.id)))];
  if (definition) definition.allowedOfferTypeIds = ids;
  else definition = ctx.em.create(RewardsDefinition, { allowedOfferTypeIds: ids });
  await ctx.em.flush();
  recordAudit(ctx, { action: 'update', entityType: 'RewardsDefinition', entityId: definition.id, before, after: auditSnapshot(definition) });
  return definition;
}

/** True when the rewards definition allows the type (a definition never set allows every type). */
export async function isOfferTypeAllowed(ctx: GraphQLContext, typeId: string): Promise<boolean> {
  const definition = await getRewardsDefinition(ctx);
  return definition.allowedOfferTypeIds == null || definition.allowedOfferTypeIds.includes(String(typeId));
}

// ------------------------------------------------------------------ categories and types

export function listRewardOfferCategories(ctx: GraphQLContext): Promise<RewardOfferCategory[]> {
  return ctx.em.find(RewardOfferCategory, accessFilter<RewardOfferCategory>(ctx, 'read', 'RewardOfferCategory'), { orderBy: { name: 'asc', id: 'asc' } });
}

export async function createRewardOfferCategory(ctx: GraphQLContext, rawName: string): Promise<RewardOfferCategory> {
  const name = checkName(rawName);
  await assertNameFree(ctx, RewardOfferCategory, name, 'name', 'reward offer category');
  const category = ctx.em.create(RewardOfferCategory, { name });
  await ctx.em.flush();
  recordAudit(ctx, { action: 'create', entityType: 'RewardOfferCategory', entityId: category.id, after: auditSnapshot(category) });
  return category;
}

export function listRewardOfferTypes(ctx: GraphQLContext): Promise<RewardOfferType[]> {
  return ctx.em.find(RewardOfferType, accessFilter<RewardOfferType>(ctx, 'read', 'RewardOfferType'), { orderBy: { name: 'asc', id: 'asc' } });
}

export async function createRewardOfferType(ctx: GraphQLContext, input: CreateRewardOfferTypeInput): Promise<RewardOfferType> {
  const name = checkName(input.name, 'input.name');
  await assertNameFree(ctx, RewardOfferType, name, 'input.name', 'reward offer type');
  const categories = await getAllReferenced(ctx, RewardOfferCategory, 'RewardOfferCategory', input.allowedCategoryIds ?? [], 'input.allowedCategoryIds');
  const type = ctx.em.create(RewardOfferType, { name, classification: input.classification, allowedCategoryIds: [...new Set(categories.map((c) => String(c.id)))] });
  await ctx.em.flush();
  recordAudit(ctx, { action: 'create', entityType: 'RewardOfferType', entityId: type.id, after: auditSnapshot(type) });
  return type;
}

// ------------------------------------------------------------------ templates

export function listRewardOfferTemplates(ctx: GraphQLContext, classification?: string | null): Promise<RewardOfferTemplate[]> {
  const where = { $and: [classification ? { classification } : {}, accessFilter<RewardOfferTemplate>(ctx, 'read', 'RewardOfferTemplate')] } as FilterQuery<RewardOfferTemplate>;
  return ctx.em.find(RewardOfferTemplate, where, { orderBy: { name: 'asc', id: 'asc' }, limit: MAX_LIST_SIZE });
}

export async function createRewardOfferTemplate(ctx: GraphQLContext, input: CreateRewardOfferTemplateInput): Promise<RewardOfferTemplate> {
  const name = checkName(input.name, 'input.name');
  await assertNameFree(ctx, RewardOfferTemplate, name, 'input.name', 'reward offer template');
  const award = input.award ? await toAwardRule(ctx, input.award, input.classification, 'input.award') : null;
  const spendConditions = input.spendConditions ? await toSpendConditions(ctx, input.spendConditions, 'input.spendConditions') : null;
  const template = ctx.em.create(RewardOfferTemplate, { name, classification: input.classification, award, spendConditions } as never) as RewardOfferTemplate;
  await assignOwnership(ctx, template, 'REWARD_OFFER_TEMPLATE', { classification: input.classification });
  await ctx.em.flush();
  recordAudit(ctx, { action: 'create', entityType: 'RewardOfferTemplate', entityId: template.id, after: auditSnapshot(template) });
  return template;
}
