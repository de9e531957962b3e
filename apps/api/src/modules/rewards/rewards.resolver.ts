import { isStalled } from '../../jobs/job-queue.js';
import { loadById, loadByIds, loadRef, requireRef } from '../../graphql/batch.js';
import type { EntityClass } from '@mikro-orm/core';
import { Money, type AwardConditionsRule, type AwardRule, type SpendConditionsRule } from '@perkflow/domain';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { findReadable, parentOf } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { Can } from '../../graphql/guard.js';
import { checkPageSize, type Page } from '../../graphql/pagination.js';
import { DecimalScalar } from '../../graphql/scalars.js';
import { GroupType, PrivacyLevelType, UnitType } from '../access/access.types.js';
import { Group } from '../access/group.entity.js';
import type { OwnedByGroupEntity } from '../access/owned-by-group.entity.js';
import type { PrivacyLevel } from '../access/privacy-level.entity.js';
import { Unit } from '../access/unit.entity.js';
import { CustomerObject, ProductFamilyObject, ProductObject, ProductTypeObject, SegmentObject } from '../catalogue/catalogue.types.js';
import { Customer } from '../catalogue/customer.entity.js';
import { ProductFamily } from '../catalogue/product-family.entity.js';
import { ProductType } from '../catalogue/product-type.entity.js';
import { Product } from '../catalogue/product.entity.js';
import { Segment } from '../catalogue/segment.entity.js';
import * as events from './customer-event.service.js';
import { RewardOfferCategory, RewardOfferTemplate, RewardOfferType, type RewardsDefinition } from './reward-config.entity.js';
import * as config from './reward-config.service.js';
import { RewardOffer } from './reward-offer.entity.js';
import * as offers from './reward-offer.service.js';
import { executeRewardRun, loadRun, REWARD_RUN_QUEUE, startRewardRun, waitForRun, type RewardRunRow } from './reward-run.js';
import { sqlOf } from './reward-engine.js';
import { recordAudit } from '../audit/audit-trail.js';
import { RewardScheme } from './reward-scheme.entity.js';
import { RewardSchemeType } from './reward-scheme.types.js';
import {
  AwardConditionsType,
  AwardTransactionType,
  AwardType,
  AwardValidityType,
  CreateRewardOfferInput,
  CreateRewardOfferTemplateInput,
  CreateRewardOfferTypeInput,
  CustomerEventConnection,
  CustomerEventType,
  OfferClassificationEnum,
  OfferValidityType,
  RewardOfferCategoryType,
  RewardOfferConnection,
  RewardOfferFilter,
  RewardOfferObject,
  RewardOfferTemplateType,
  RewardOfferTypeType,
  RewardRunType,
  RewardsDefinitionType,
  RewardsParticipantType,
  SpendAwardsInput,
  SpendConditionsType,
  SpendTransactionType,
  SubmitCustomerEventInput,
  UpdateRewardOfferInput,
  WalletType,
} from './rewards.types.js';
import * as wallets from './wallet.service.js';
import { CustomerEvent, RewardRun, type RewardsParticipant } from './wallet.entity.js';

/**
 * Records by id in the given order (ids that no longer exist are left out), batched over the list
 * (graphql/batch.ts). Field resolvers of a mutation's result run after its commit, on the request's
 * entity manager (graphql/transaction.ts gives it back).
 */
function byIds<T extends { id: string }>(ctx: GraphQLContext, entity: EntityClass<T>, ids: readonly string[]): Promise<T[]> {
  return loadByIds(ctx, entity, ids);
}

function ownerOf(ctx: GraphQLContext, entity: OwnedByGroupEntity): Promise<Group> {
  return requireRef(ctx, entity.ownedByGroup);
}

function privacyOf(ctx: GraphQLContext, entity: OwnedByGroupEntity): Promise<PrivacyLevel | null> {
  return loadRef(ctx, entity.privacyLevel);
}

const trimDecimal = (value: string | null | undefined): string | null => (value == null ? null : new Money(value).toString());

// ------------------------------------------------------------------ configuration

@Resolver(() => RewardsDefinitionType)
export class RewardsDefinitionResolver {
  @Query(() => RewardsDefinitionType)
  @Can('read', 'RewardsDefinition')
  rewardsDefinition(@Ctx() ctx: GraphQLContext): Promise<RewardsDefinition> {
    return config.getRewardsDefinition(ctx);
  }

  @Mutation(() => RewardsDefinitionType, { description: 'Replaces the list of offer types that reward offers may use' })
  @Can('update', 'RewardsDefinition')
  setRewardsDefinition(@Ctx() ctx: GraphQLContext, @Arg('allowedOfferTypeIds', () => [ID]) allowedOfferTypeIds: string[]): Promise<RewardsDefinition> {
    return config.setRewardsDefinition(ctx, allowedOfferTypeIds);
  }

  @FieldResolver(() => Boolean)
  isSet(@Root() definition: RewardsDefinition): boolean {
    return definition.allowedOfferTypeIds != null;
  }

  @FieldResolver(() => [RewardOfferTypeType], { description: 'Before the definition is first set, every offer type' })
  allowedOfferTypes(@Ctx() ctx: GraphQLContext, @Root() definition: RewardsDefinition): Promise<RewardOfferType[]> {
    return definition.allowedOfferTypeIds == null ? config.listRewardOfferTypes(ctx) : byIds(ctx, RewardOfferType, definition.allowedOfferTypeIds);
  }
}

@Resolver(() => RewardOfferTypeType)
export class RewardOfferTypeResolver {
  @Query(() => [RewardOfferCategoryType])
  @Can('read', 'RewardOfferCategory')
  rewardOfferCategories(@Ctx() ctx: GraphQLContext): Promise<RewardOfferCategory[]> {
    return config.listRewardOfferCategories(ctx);
  }

  @Mutation(() => RewardOfferCategoryType)
  @Can('create', 'RewardOfferCategory')
  createRewardOfferCategory(@Ctx() ctx: GraphQLContext, @Arg('name') name: string): Promise<RewardOfferCategory> {
    return config.createRewardOfferCategory(ctx, name);
  }

  @Query(() => [RewardOfferTypeType])
  @Can('read', 'RewardOfferType')
  rewardOfferTypes(@Ctx() ctx: GraphQLContext): Promise<RewardOfferType[]> {
    return config.listRewardOfferTypes(ctx);
  }

  @Mutation(() => RewardOfferTypeType)
  @Can('create', 'RewardOfferType')
  createRewardOfferType(@Ctx() ctx: GraphQLContext, @Arg('input') input: CreateRewardOfferTypeInput): Promise<RewardOfferType> {
    return config.createRewardOfferType(ctx, input);
  }

  @FieldResolver(() => [RewardOfferCategoryType])
  allowedCategories(@Ctx() ctx: GraphQLContext, @Root() type: RewardOfferType): Promise<RewardOfferCategory[]> {
    return byIds(ctx, RewardOfferCategory, type.allowedCategoryIds);
  }
}

@Resolver(() => RewardOfferTemplateType)
export class RewardOfferTemplateResolver {
  @Query(() => [RewardOfferTemplateType])
  @Can('read', 'RewardOfferTemplate')
  rewardOfferTemplates(
    @Ctx() ctx: GraphQLContext,
    @Arg('classification', () => OfferClassificationEnum, { nullable: true, description: 'Only templates of this classification' }) classification?: string | null,
  ): Promise<RewardOfferTemplate[]> {
    return config.listRewardOfferTemplates(ctx, classification);
  }

  @Query(() => RewardOfferTemplateType, { nullable: true })
  @Can('read', 'RewardOfferTemplate')
  rewardOfferTemplate(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<RewardOfferTemplate | null> {
    return findReadable(ctx, RewardOfferTemplate, 'RewardOfferTemplate', id);
  }

  @Mutation(() => RewardOfferTemplateType)
  @Can('create', 'RewardOfferTemplate')
  createRewardOfferTemplate(@Ctx() ctx: GraphQLContext, @Arg('input') input: CreateRewardOfferTemplateInput): Promise<RewardOfferTemplate> {
    return config.createRewardOfferTemplate(ctx, input);
  }

  @FieldResolver(() => AwardType, { nullable: true })
  award(@Root() template: RewardOfferTemplate): AwardRule | null {
    return template.award ?? null;
  }

  @FieldResolver(() => SpendConditionsType, { nullable: true })
  spendConditions(@Root() template: RewardOfferTemplate): SpendConditionsRule | null {
    return template.spendConditions ?? null;
  }

  @FieldResolver(() => GroupType)
  ownedByGroup(@Ctx() ctx: GraphQLContext, @Root() template: RewardOfferTemplate): Promise<Group> {
    return ownerOf(ctx, template);
  }

  @FieldResolver(() => PrivacyLevelType, { nullable: true })
  privacyLevel(@Ctx() ctx: GraphQLContext, @Root() template: RewardOfferTemplate): Promise<PrivacyLevel | null> {
    return privacyOf(ctx, template);
  }
}

// ------------------------------------------------------------------ offer rules (jsonb values resolved to records)

@Resolver(() => AwardType)
export class AwardResolver {
  @FieldResolver(() => DecimalScalar, { nullable: true })
  amount(@Root() award: AwardRule): string | null {
    return trimDecimal(award.amount);
  }

  @FieldResolver(() => DecimalScalar, { nullable: true })
  percentage(@Root() award: AwardRule): string | null {
    return trimDecimal(award.percentage);
  }

  @FieldResolver(() => [RewardOfferTypeType])
  considerOfferTypes(@Ctx() ctx: GraphQLContext, @Root() award: AwardRule): Promise<RewardOfferType[]> {
    return byIds(ctx, RewardOfferType, award.considerOfferTypeIds ?? []);
  }

  @FieldResolver(() => [RewardSchemeType])
  considerSchemes(@Ctx() ctx: GraphQLContext, @Root() award: AwardRule): Promise<RewardScheme[]> {
    return byIds(ctx, RewardScheme, award.considerSchemeIds ?? []);
  }
}

@Resolver(() => AwardConditionsType)
export class AwardConditionsResolver {
  @FieldResolver(() => [SegmentObject])
  includedSegments(@Ctx() ctx: GraphQLContext, @Root() c: AwardConditionsRule): Promise<Segment[]> {
    return byIds(ctx, Segment, c.includedSegmentIds);
  }

  @FieldResolver(() => [SegmentObject])
  excludedSegments(@Ctx() ctx: GraphQLContext, @Root() c: AwardConditionsRule): Promise<Segment[]> {
    return byIds(ctx, Segment, c.excludedSegmentIds);
  }

  @FieldResolver(() => [GroupType])
  allowedGroups(@Ctx() ctx: GraphQLContext, @Root() c: AwardConditionsRule): Promise<Group[]> {
    return byIds(ctx, Group, c.allowedGroupIds);
  }

  @FieldResolver(() => [UnitType])
  allowedUnits(@Ctx() ctx: GraphQLContext, @Root() c: AwardConditionsRule): Promise<Unit[]> {
    return byIds(ctx, Unit, c.allowedUnitIds);
  }
}

@Resolver(() => SpendConditionsType)
export class SpendConditionsResolver {
  @FieldResolver(() => [ProductObject])
  products(@Ctx() ctx: GraphQLContext, @Root() c: SpendConditionsRule): Promise<Product[]> {
    return byIds(ctx, Product, c.productIds);
  }

  @FieldResolver(() => [ProductTypeObject])
  productTypes(@Ctx() ctx: GraphQLContext, @Root() c: SpendConditionsRule): Promise<ProductType[]> {
    return byIds(ctx, ProductType, c.productTypeIds);
  }

  @FieldResolver(() => [ProductFamilyObject])
  productFamilies(@Ctx() ctx: GraphQLContext, @Root() c: SpendConditionsRule): Promise<ProductFamily[]> {
    return byIds(ctx, ProductFamily, c.productFamilyIds);
  }

  @FieldResolver(() => [GroupType])
  allowedGroups(@Ctx() ctx: GraphQLContext, @Root() c: SpendConditionsRule): Promise<Group[]> {
    return byIds(ctx, Group, c.allowedGroupIds);
  }

  @FieldResolver(() => [UnitType])
  allowedUnits(@Ctx() ctx: GraphQLContext, @Root() c: SpendConditionsRule): Promise<Unit[]> {
    return byIds(ctx, Unit, c.allowedUnitIds);
  }
}

// ------------------------------------------------------------------ offers

@Resolver(() => RewardOfferObject)
export class RewardOfferResolver {
  @Query(() => RewardOfferObject, { nullable: true })
  @Can('read', 'RewardOffer')
  rewardOffer(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<RewardOffer | null> {
    return findReadable(ctx, RewardOffer, 'RewardOffer', id);
  }

  @Query(() => RewardOfferConnection, { description: 'Newest first; search matches name, alternative code or number' })
  @Can('read', 'RewardOffer')
  rewardOffers(
    @Ctx() ctx: GraphQLContext,
    @Arg('filter', () => RewardOfferFilter, { nullable: true }) filter?: RewardOfferFilter | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<Page<RewardOffer>> {
    return offers.pageRewardOffers(ctx, filter, { first, after });
  }

  @Mutation(() => RewardOfferObject)
  @Can('create', 'RewardOffer')
  createRewardOffer(@Ctx() ctx: GraphQLContext, @Arg('input') input: CreateRewardOfferInput): Promise<RewardOffer> {
    return offers.createRewardOffer(ctx, input);
  }

  @Mutation(() => RewardOfferObject)
  @Can('update', 'RewardOffer')
  updateRewardOffer(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string, @Arg('input') input: UpdateRewardOfferInput): Promise<RewardOffer> {
    return offers.updateRewardOffer(ctx, id, input);
  }

  @Mutation(() => RewardOfferObject)
  @Can('update', 'RewardOffer')
  setRewardOfferEffective(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string, @Arg('effective') effective: boolean): Promise<RewardOffer> {
    return offers.setRewardOfferEffective(ctx, id, effective);
  }

  @Mutation(() => Boolean)
  @Can('delete', 'RewardOffer')
  deleteRewardOffer(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<boolean> {
    return offers.deleteRewardOffer(ctx, id);
  }

  @FieldResolver(() => RewardSchemeType)
  scheme(@Ctx() ctx: GraphQLContext, @Root() offer: RewardOffer): Promise<RewardScheme> {
    return requireRef(ctx, offer.scheme);
  }

  @FieldResolver(() => RewardOfferTypeType)
  type(@Ctx() ctx: GraphQLContext, @Root() offer: RewardOffer): Promise<RewardOfferType> {
    return requireRef(ctx, offer.type);
  }

  @FieldResolver(() => RewardOfferCategoryType, { nullable: true })
  category(@Ctx() ctx: GraphQLContext, @Root() offer: RewardOffer): Promise<RewardOfferCategory | null> {
    return loadRef(ctx, offer.category);
  }

  @FieldResolver(() => RewardOfferTemplateType, { nullable: true })
  template(@Ctx() ctx: GraphQLContext, @Root() offer: RewardOffer): Promise<RewardOfferTemplate | null> {
    return loadRef(ctx, offer.template);
  }

  @FieldResolver(() => AwardType)
  award(@Root() offer: RewardOffer): AwardRule {
    return offer.award;
  }

  @FieldResolver(() => OfferValidityType)
  validity(@Root() offer: RewardOffer): OfferValidityType {
    const v = offer.validity;
    return { ...v, validFrom: v.validFrom ? new Date(v.validFrom) : null, validTo: v.validTo ? new Date(v.validTo) : null };
  }

  @FieldResolver(() => AwardValidityType)
  awardValidity(@Root() offer: RewardOffer): AwardValidityType {
    const v = offer.awardValidity;
    return { kind: v.kind, after: v.after ?? null, until: v.until ? new Date(v.until) : null };
  }

  @FieldResolver(() => AwardConditionsType)
  awardConditions(@Root() offer: RewardOffer): AwardConditionsRule {
    return offer.awardConditions;
  }

  @FieldResolver(() => SpendConditionsType)
  spendConditions(@Root() offer: RewardOffer): SpendConditionsRule {
    return offer.spendConditions;
  }

  @FieldResolver(() => GroupType)
  ownedByGroup(@Ctx() ctx: GraphQLContext, @Root() offer: RewardOffer): Promise<Group> {
    return ownerOf(ctx, offer);
  }

  @FieldResolver(() => PrivacyLevelType, { nullable: true })
  privacyLevel(@Ctx() ctx: GraphQLContext, @Root() offer: RewardOffer): Promise<PrivacyLevel | null> {
    return privacyOf(ctx, offer);
  }
}

// ------------------------------------------------------------------ participants, events, runs, wallets

@Resolver(() => RewardsParticipantType)
export class RewardsParticipantResolver {
  @Mutation(() => RewardsParticipantType, { description: 'Enrolling again returns the existing participant' })
  @Can('create', 'RewardsParticipant')
  enrollParticipant(@Ctx() ctx: GraphQLContext, @Arg('schemeId', () => ID) schemeId: string, @Arg('customerId', () => ID) customerId: string): Promise<RewardsParticipant> {
    return wallets.enrollParticipant(ctx, schemeId, customerId);
  }

  @Query(() => [RewardsParticipantType], { description: "A customer's schemes, or a scheme's first 200 participants" })
  @Can('read', 'RewardsParticipant')
  rewardsParticipants(
    @Ctx() ctx: GraphQLContext,
    @Arg('customerId', () => ID, { nullable: true }) customerId?: string | null,
    @Arg('schemeId', () => ID, { nullable: true }) schemeId?: string | null,
  ): Promise<RewardsParticipant[]> {
    return wallets.listParticipants(ctx, { customerId, schemeId });
  }

  @FieldResolver(() => CustomerObject)
  customer(@Ctx() ctx: GraphQLContext, @Root() participant: RewardsParticipant): Promise<Customer> {
    return requireRef(ctx, participant.customer);
  }

  @FieldResolver(() => RewardSchemeType)
  scheme(@Ctx() ctx: GraphQLContext, @Root() participant: RewardsParticipant): Promise<RewardScheme> {
    return requireRef(ctx, participant.scheme);
  }
}

@Resolver(() => CustomerEventType)
export class CustomerEventResolver {
  @FieldResolver(() => Date, { nullable: true, description: 'When a reward run evaluated the event against the BATCH offers (null until one has)' })
  async processedAt(@Ctx() ctx: GraphQLContext, @Root() event: CustomerEvent): Promise<Date | null> {
    if (event.processedAt) return event.processedAt;
    const [batch] = await sqlOf(ctx.rootEm).all<{ created_at: Date }>(
      'select created_at from reward_run_batch where up_to_event_id >= ?::bigint and after_event_id < ?::bigint order by up_to_event_id limit 1',
      [event.id, event.id],
    );
    return batch ? new Date(batch.created_at) : null;
  }

  @Mutation(() => CustomerEventType)
  @Can('submit', 'CustomerEvent')
  submitCustomerEvent(@Ctx() ctx: GraphQLContext, @Arg('input') input: SubmitCustomerEventInput): Promise<CustomerEvent> {
    return events.submitCustomerEvent(ctx, input);
  }

  @Query(() => CustomerEventConnection, { description: "A customer's events, newest first" })
  @Can('read', 'CustomerEvent')
  customerEvents(
    @Ctx() ctx: GraphQLContext,
    @Arg('customerId', () => ID) customerId: string,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<Page<CustomerEvent>> {
    return events.pageCustomerEvents(ctx, customerId, { first, after });
  }

  @FieldResolver(() => CustomerObject)
  customer(@Ctx() ctx: GraphQLContext, @Root() event: CustomerEvent): Promise<Customer> {
    return requireRef(ctx, event.customer);
  }

  @FieldResolver(() => DecimalScalar, { nullable: true })
  amount(@Root() event: CustomerEvent): string | null {
    return trimDecimal(event.amount);
  }

  @FieldResolver(() => [ProductObject])
  products(@Ctx() ctx: GraphQLContext, @Root() event: CustomerEvent): Promise<Product[]> {
    return byIds(ctx, Product, event.productIds);
  }

  @FieldResolver(() => UnitType, { nullable: true })
  unit(@Ctx() ctx: GraphQLContext, @Root() event: CustomerEvent): Promise<Unit | null> {
    return loadRef(ctx, event.unit);
  }
}

@Resolver(() => RewardRunType)
export class RewardRunResolver {
  @Mutation(() => RewardRunType, {
    description:
      'Starts a reward run on the job queue (or joins the run already active) and, unless wait is false, answers once it has finished or after 60 s, whichever is first (then finishedAt is null: poll rewardRun)',
  })
  @Can('run', 'RewardRun')
  runRewards(
    @Ctx() ctx: GraphQLContext,
    @Arg('wait', () => Boolean, { nullable: true, defaultValue: true, description: 'Wait for the run to finish (at most 60 s)' }) wait?: boolean | null,
  ): Promise<RewardRunType> {
    return queueRun(ctx, wait !== false);
  }

  @Mutation(() => RewardRunType, { description: 'Starts a reward run on the job queue (or returns the run already active) and answers at once' })
  @Can('run', 'RewardRun')
  startRewardRun(@Ctx() ctx: GraphQLContext): Promise<RewardRunType> {
    return queueRun(ctx, false);
  }

  @Query(() => [RewardRunType], { description: 'Newest first' })
  @Can('read', 'RewardRun')
  rewardRuns(@Ctx() ctx: GraphQLContext, @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number): Promise<RewardRun[]> {
    return ctx.em.find(RewardRun, {}, { orderBy: { id: 'desc' }, limit: checkPageSize(first) });
  }

  @Query(() => RewardRunType, { nullable: true })
  @Can('read', 'RewardRun')
  rewardRun(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<RewardRun | null> {
    return /^\d{1,18}$/.test(id) ? ctx.em.findOne(RewardRun, { id }) : Promise.resolve(null);
  }

  @FieldResolver(() => Boolean, { description: 'RUNNING without progress for over 30 s (a long batch, or its worker stopped: the sweeper then re-queues it, resuming after the last batch)' })
  stalled(@Root() run: RewardRun | RewardRunType): boolean {
    return isStalled(run.state === 'RUNNING', run.heartbeatAt);
  }

  @FieldResolver(() => DecimalScalar)
  totalAwarded(@Root() run: RewardRun): string {
    const total = new Money(run.totalAwarded);
    return total.toFixed(Math.max(2, total.decimalPlaces()));
  }
}

const RUN_WAIT_MS = 60_000;

function runView(row: RewardRunRow): RewardRunType {
  return {
    id: row.id,
    state: row.state,
    trigger: row.trigger,
    startedAt: new Date(row.started_at),
    finishedAt: row.finished_at ? new Date(row.finished_at) : null,
    eventsProcessed: row.events_processed,
    awardsCreated: row.awards_created,
    totalAwarded: row.total_awarded,
    batches: row.batches,
    error: row.error,
    heartbeatAt: row.heartbeat_at ? new Date(row.heartbeat_at) : null,
  };
}

/** Records (or joins) the active run; after commit enqueues its job and, when asked, waits for it. */
async function queueRun(ctx: GraphQLContext, wait: boolean): Promise<RewardRunType> {
  const { run, created, abandoned } = await startRewardRun(sqlOf(ctx.em), 'MANUAL');
  for (const id of abandoned) recordAudit(ctx, { action: 'abandon', entityType: 'RewardRun', entityId: id, after: { state: 'ABANDONED', resumedBy: run.id } });
  if (created) recordAudit(ctx, { action: 'start', entityType: 'RewardRun', entityId: run.id, after: { state: 'QUEUED', trigger: 'MANUAL' } });
  const view = runView(run);
  ctx.afterCommit(async () => {
    // A joined QUEUED run is sent again: its job may have been lost; a duplicate finds the run taken and does nothing.
    if (created || run.state === 'QUEUED') await ctx.jobs.send(REWARD_RUN_QUEUE, { runId: run.id });
    // A process without workers (PERKFLOW_WORKERS=false) that is asked to wait runs it itself: the lease makes
    // sure only one process executes a run, and the queued job finds it done.
    if (wait && !ctx.jobs.working) {
      void executeRewardRun(ctx.rootEm, run.id).catch((error: unknown) => ctx.logger.error({ err: error, runId: run.id }, 'reward run failed'));
    }
    const latest = wait ? await waitForRun(sqlOf(ctx.rootEm), run.id, RUN_WAIT_MS) : await loadRun(sqlOf(ctx.rootEm), run.id);
    if (latest) Object.assign(view, runView(latest));
  });
  return view;
}

@Resolver(() => WalletType)
export class WalletResolver {
  @Query(() => WalletType)
  @Can('read', 'Wallet')
  wallet(@Ctx() ctx: GraphQLContext, @Arg('customerId', () => ID) customerId: string, @Arg('schemeId', () => ID) schemeId: string): Promise<WalletType> {
    return wallets.getWallet(ctx, customerId, schemeId);
  }

  @Mutation(() => SpendTransactionType)
  @Can('spend', 'Wallet')
  spendAwards(@Ctx() ctx: GraphQLContext, @Arg('input') input: SpendAwardsInput): Promise<SpendTransactionType> {
    return wallets.spendAwards(ctx, input);
  }

  @FieldResolver(() => CustomerObject)
  customer(@Ctx() ctx: GraphQLContext, @Root() wallet: WalletType): Promise<Customer> {
    return parentOf(ctx, Customer, wallet.customerId);
  }

  @FieldResolver(() => RewardSchemeType)
  scheme(@Ctx() ctx: GraphQLContext, @Root() wallet: WalletType): Promise<RewardScheme> {
    return parentOf(ctx, RewardScheme, wallet.schemeId);
  }
}

@Resolver(() => AwardTransactionType)
export class AwardTransactionResolver {
  @FieldResolver(() => RewardOfferObject)
  offer(@Ctx() ctx: GraphQLContext, @Root() award: AwardTransactionType): Promise<RewardOffer> {
    return parentOf(ctx, RewardOffer, award.offerId);
  }

  @FieldResolver(() => CustomerEventType, { nullable: true })
  event(@Ctx() ctx: GraphQLContext, @Root() award: AwardTransactionType): Promise<CustomerEvent | null> {
    return award.eventId ? loadById(ctx, CustomerEvent, award.eventId) : Promise.resolve(null);
  }
}

@Resolver(() => SpendTransactionType)
export class SpendTransactionResolver {
  @FieldResolver(() => UnitType, { nullable: true })
  unit(@Ctx() ctx: GraphQLContext, @Root() spend: SpendTransactionType): Promise<Unit | null> {
    return spend.unitId ? loadById(ctx, Unit, spend.unitId) : Promise.resolve(null);
  }

  @FieldResolver(() => [ProductObject])
  products(@Ctx() ctx: GraphQLContext, @Root() spend: SpendTransactionType): Promise<Product[]> {
    return byIds(ctx, Product, spend.productIds);
  }
}

export const rewardResolvers = [
  RewardsDefinitionResolver,
  RewardOfferTypeResolver,
  RewardOfferTemplateResolver,
  AwardResolver,
  AwardConditionsResolver,
  SpendConditionsResolver,
  RewardOfferResolver,
  RewardsParticipantResolver,
  CustomerEventResolver,
  RewardRunResolver,
  WalletResolver,
  AwardTransactionResolver,
  SpendTransactionResolver,
] as const;
