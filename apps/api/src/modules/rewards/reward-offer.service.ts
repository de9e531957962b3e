import { containsPattern, inSearchSlot } from '../../graphql/search.js';
import type { FilterQuery } from '@mikro-orm/core';
import { DEFAULT_AWARD_VALIDITY, DEFAULT_OFFER_VALIDITY, emptyAwardConditions, emptySpendConditions, normaliseName } from '@perkflow/domain';
import { assertCan, getReadable } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput, conflict } from '../../graphql/errors.js';
import { paginate, type Page } from '../../graphql/pagination.js';
import { assignOwnership } from '../access/ownership.js';
import { registerPrivacyEntity } from '../access/privacy-registry.js';
import { auditSnapshot, recordAudit } from '../audit/audit-trail.js';
import { getReferenced, likeLiteral, optionalText } from '../catalogue/input-checks.js';
import { toAwardConditions, toAwardRule, toAwardValidity, toOfferValidity, toSpendConditions } from './offer-rules.input.js';
import { RewardOfferCategory, RewardOfferTemplate, RewardOfferType } from './reward-config.entity.js';
import { isOfferTypeAllowed } from './reward-config.service.js';
import { RewardOffer } from './reward-offer.entity.js';
import { RewardScheme } from './reward-scheme.entity.js';
import type { CreateRewardOfferInput, RewardOfferFilter, UpdateRewardOfferInput } from './rewards.types.js';

registerPrivacyEntity('REWARD_OFFER', 'RewardOffer', RewardOffer);

function filterOf(filter: RewardOfferFilter | null | undefined): FilterQuery<RewardOffer> {
  const where: Record<string, unknown>[] = [];
  if (filter?.schemeId) where.push({ scheme: filter.schemeId });
  if (filter?.typeId) where.push({ type: filter.typeId });
  if (filter?.lifeCycleState) where.push({ lifeCycleState: filter.lifeCycleState });
  if (filter?.classification) where.push({ classification: filter.classification });
  if (filter?.evaluationMethod) where.push({ evaluationMethod: filter.evaluationMethod });
  const pattern = containsPattern('filter.search', filter?.search);
  if (pattern) {
    where.push({ $or: [{ name: { $ilike: pattern } }, { alternativeCode: { $ilike: pattern } }, { number: { $ilike: pattern } }] });
  }
  return { $and: where } as FilterQuery<RewardOffer>;
}

export function pageRewardOffers(ctx: GraphQLContext, filter: RewardOfferFilter | null | undefined, args: { first?: number | null; after?: string | null }): Promise<Page<RewardOffer>> {
  if (filter?.schemeId && !/^\d{1,18}$/.test(filter.schemeId)) throw badInput('filter.schemeId', `there is no RewardScheme with id "${filter.schemeId}"`);
  if (filter?.typeId && !/^\d{1,18}$/.test(filter.typeId)) throw badInput('filter.typeId', `there is no RewardOfferType with id "${filter.typeId}"`);
  return inSearchSlot(filter?.search?.trim() || null, () => paginate(ctx, RewardOffer, 'RewardOffer', filterOf(filter), args, { id: 'desc' }));
}

async function checkNameAndCode(ctx: GraphQLContext, input: { name?: string | null; alternativeCode?: string | null }, exceptId?: string) {
  const out: { name?: string; alternativeCode?: string | null } = {};
  const except = exceptId ? { id: { $ne: exceptId } } : {};
  if (input.name != null) {
    const name = normaliseName(input.name);
    if (!name.ok) throw badInput('input.name', name.explanation);
    // Unique among all offers, visible or not (the database index is the final word under races).
    if (await ctx.em.findOne(RewardOffer, { name: { $ilike: likeLiteral(name.value) }, ...except })) throw badInput('input.name', `a reward offer named "${name.value}" exists already`);
    out.name = name.value;
  }
  if (input.alternativeCode !== undefined) {
    const code = optionalText(input.alternativeCode, 100, 'input.alternativeCode');
    if (code && (await ctx.em.findOne(RewardOffer, { alternativeCode: { $ilike: likeLiteral(code) }, ...except }))) {
      throw badInput('input.alternativeCode', `a reward offer with alternative code "${code}" exists already`);
    }
    out.alternativeCode = code;
  }
  return out;
}

async function checkCategory(ctx: GraphQLContext, type: RewardOfferType, categoryId: string | null | undefined): Promise<RewardOfferCategory | null> {
  if (!categoryId) return null;
  const category = await getReferenced(ctx, RewardOfferCategory, 'RewardOfferCategory', categoryId, 'input.categoryId');
  if (!type.allowedCategoryIds.includes(String(category.id))) {
    throw badInput('input.categoryId', `category "${category.name}" is not allowed by offer type "${type.name}"`);
  }
  return category;
}

async function nextOfferNumber(ctx: GraphQLContext): Promise<string> {
  const rows = await ctx.em.getConnection().execute<{ n: string }[]>("select nextval('reward_offer_number_seq')::text as n", [], 'all', ctx.em.getTransactionContext());
  return `RO-${rows[0]!.n.padStart(6, '0')}`;
}

export async function createRewardOffer(ctx: GraphQLContext, input: CreateRewardOfferInput): Promise<RewardOffer> {
  if (input.name == null || !input.name.trim()) throw badInput('input.name', 'must not be empty');
  const { name, alternativeCode } = await checkNameAndCode(ctx, input);
  const scheme = await getReferenced(ctx, RewardScheme, 'RewardScheme', input.schemeId, 'input.schemeId');
  const type = await getReferenced(ctx, RewardOfferType, 'RewardOfferType', input.typeId, 'input.typeId');
  if (!(await isOfferTypeAllowed(ctx, type.id))) throw badInput('input.typeId', `offer type "${type.name}" is not allowed by the rewards definition`);
  const category = await checkCategory(ctx, type, input.categoryId);
  const template = input.templateId ? await getReferenced(ctx, RewardOfferTemplate, 'RewardOfferTemplate', input.templateId, 'input.templateId') : null;
  if (template && template.classification !== type.classification) {
    throw badInput('input.templateId', `template "${template.name}" is for ${template.classification} offers; offer type "${type.name}" is ${type.classification}`);
  }
  const award = input.award ? await toAwardRule(ctx, input.award, type.classification, 'input.award', scheme.currency) : template?.award;
  if (!award) throw badInput('input.award', 'is required (the template supplies none)');
  const offer = ctx.em.create(RewardOffer, {
    number: await nextOfferNumber(ctx),
    name: name!,
    alternativeCode,
    description: optionalText(input.description, 2000, 'input.description'),
    scheme,
    type,
    classification: type.classification,
    category,
    template,
    evaluationMethod: input.evaluationMethod ?? 'BATCH',
    award,
    applyIfBestAward: input.applyIfBestAward ?? false,
    validity: input.validity ? toOfferValidity(input.validity, 'input.validity') : DEFAULT_OFFER_VALIDITY,
    awardValidity: input.awardValidity ? toAwardValidity(input.awardValidity, 'input.awardValidity') : DEFAULT_AWARD_VALIDITY,
    awardConditions: input.awardConditions ? await toAwardConditions(ctx, input.awardConditions, 'input.awardConditions') : emptyAwardConditions(),
    spendConditions: input.spendConditions
      ? await toSpendConditions(ctx, input.spendConditions, 'input.spendConditions')
      : (template?.spendConditions ?? emptySpendConditions()),
  } as never) as RewardOffer;
  await assignOwnership(ctx, offer, 'REWARD_OFFER', { classification: type.classification });
  await ctx.em.flush();
  recordAudit(ctx, { action: 'create', entityType: 'RewardOffer', entityId: offer.id, after: auditSnapshot(offer) });
  return offer;
}

/** Loads an offer the viewer may see and change, locked for the rest of the transaction. */
async function getOfferForChange(ctx: GraphQLContext, id: string, action: 'update' | 'delete'): Promise<RewardOffer> {
  const offer = await getReadable(ctx, RewardOffer, 'RewardOffer', id);
  assertCan(ctx, action, 'RewardOffer', offer);
  await ctx.em.getConnection().execute('select id from reward_offer where id = ? for update', [offer.id], 'all', ctx.em.getTransactionContext());
  await ctx.em.refresh(offer);
  return offer;
}

export async function updateRewardOffer(ctx: GraphQLContext, id: string, input: UpdateRewardOfferInput): Promise<RewardOffer> {
  const offer = await getOfferForChange(ctx, id, 'update');
  const before = auditSnapshot(offer);
  const checked = await checkNameAndCode(ctx, input, offer.id);
  if (checked.name) offer.name = checked.name;
  if (checked.alternativeCode !== undefined) offer.alternativeCode = checked.alternativeCode;
  if (input.description !== undefined) offer.description = optionalText(input.description, 2000, 'input.description');
  if (input.categoryId !== undefined) offer.category = (await checkCategory(ctx, await offer.type.loadOrFail(), input.categoryId)) as never;
  if (input.evaluationMethod) offer.evaluationMethod = input.evaluationMethod;
  if (input.award) offer.award = await toAwardRule(ctx, input.award, offer.classification, 'input.award', (await offer.scheme.loadOrFail()).currency);
  if (input.applyIfBestAward != null) offer.applyIfBestAward = input.applyIfBestAward;
  if (input.validity) offer.validity = toOfferValidity(input.validity, 'input.validity');
  if (input.awardValidity) offer.awardValidity = toAwardValidity(input.awardValidity, 'input.awardValidity');
  if (input.awardConditions) offer.awardConditions = await toAwardConditions(ctx, input.awardConditions, 'input.awardConditions');
  if (input.spendConditions) offer.spendConditions = await toSpendConditions(ctx, input.spendConditions, 'input.spendConditions');
  await ctx.em.flush();
  recordAudit(ctx, { action: 'update', entityType: 'RewardOffer', entityId: offer.id, before, after: auditSnapshot(offer) });
  return offer;
}

/**
 * Turns an offer effective (setting its latest effective date to now, each time it turns effective) or
 * not effective. Asking for the state it is already in changes nothing.
 */
export async function setRewardOfferEffective(ctx: GraphQLContext, id: string, effective: boolean): Promise<RewardOffer> {
  const offer = await getOfferForChange(ctx, id, 'update');
  const target = effective ? 'EFFECTIVE' : 'NOT_EFFECTIVE';
  if (offer.lifeCycleState === target) return offer;
  const before = auditSnapshot(offer);
  offer.lifeCycleState = target;
  if (effective) {
    const rows = await ctx.em.getConnection().execute<{ now: Date }[]>('select clock_timestamp() as now', [], 'all', ctx.em.getTransactionContext());
    offer.latestEffectiveDate = new Date(rows[0]!.now);
  }
  await ctx.em.flush();
  recordAudit(ctx, { action: effective ? 'makeEffective' : 'makeNotEffective', entityType: 'RewardOffer', entityId: offer.id, before, after: auditSnapshot(offer) });
  return offer;
}

/** Deletes an offer that never awarded; refused (CONFLICT) once any award or spend exists. */
export async function deleteRewardOffer(ctx: GraphQLContext, id: string): Promise<boolean> {
  const offer = await getOfferForChange(ctx, id, 'delete');
  // Waits for a reward run inserting this offer's awards (it holds FOR KEY SHARE), then counts them.
  await ctx.em.getConnection().execute('select id from reward_offer where id = ? for update', [offer.id], 'all', ctx.em.getTransactionContext());
  const rows = await ctx.em
    .getConnection()
    .execute<{ n: string }[]>('select count(*)::text as n from award_transaction where offer_id = ?', [offer.id], 'all', ctx.em.getTransactionContext());
  const awards = Number(rows[0]!.n);
  if (awards > 0) throw conflict(`Reward offer ${offer.number} has ${awards} award transaction(s); an offer with awards or spends cannot be deleted (set it not effective instead)`, { reason: 'HAS_TRANSACTIONS' });
  const before = auditSnapshot(offer);
  ctx.em.remove(offer);
  await ctx.em.flush();
  recordAudit(ctx, { action: 'delete', entityType: 'RewardOffer', entityId: String(id), before });
  return true;
}
