import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { sql } from './sql.js';
import { DateTime } from 'luxon';
import { formatMoney, Money } from '@perkflow/domain';
import { parentOf } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { Can } from '../../graphql/guard.js';
import { batched, loadById, loadByIds, pgArray } from '../../graphql/batch.js';
import { MAX_LIST_SIZE, paginate, type Page } from '../../graphql/pagination.js';
import { scopeOfEm, visibleRecordSql } from '../../database/visibility.js';
import { DecimalScalar } from '../../graphql/scalars.js';
import { GroupType, PrivacyLevelType, UnitType } from '../access/access.types.js';
import { Group as GroupEntity, type Group } from '../access/group.entity.js';
import { PrivacyLevel as PrivacyLevelEntity, type PrivacyLevel } from '../access/privacy-level.entity.js';
import { Unit } from '../access/unit.entity.js';
import { CustomerObject, ProductObject, ProductTypeObject, SegmentObject } from '../catalogue/catalogue.types.js';
import { Customer } from '../catalogue/customer.entity.js';
import { ProductType } from '../catalogue/product-type.entity.js';
import { Product } from '../catalogue/product.entity.js';
import { Segment } from '../catalogue/segment.entity.js';
import { Campaign } from './campaign.entity.js';
import {
  activateCampaign,
  campaignBudget,
  campaignConflicts,
  createCampaign,
  getCampaign,
  listCampaigns,
  transition,
  updateCampaign,
} from './campaign.service.js';
import {
  ActivationResultType,
  BudgetType,
  CampaignConflictType,
  CampaignConnection,
  CampaignStateEnum,
  CampaignType,
  CodeConnection,
  CodeImportReportType,
  CodeFilter,
  CodeStateEnum,
  CodeType,
  CreateCampaignInput,
  IssueChannelEnum,
  UpdateCampaignInput,
} from './campaign.types.js';
import { Code, type IssueChannel } from './code.entity.js';
import { codeState, disableCode, findCode, importCodes, issueCode, listCodes, qrSvg } from './code.service.js';

const money = (value: string | null | undefined, currency: string): string | null => (value == null ? null : formatMoney(value, currency));
const decimal = (value: string | null | undefined): string | null => (value == null ? null : new Money(value).toString());

/** The records of an id array column, batched over the list (graphql/batch.ts), in id order. */
function byIds<T extends object>(ctx: GraphQLContext, entity: new () => T, ids: readonly string[]): Promise<T[]> {
  return loadByIds(ctx, entity, ids, 'id');
}

/** Counts per campaign of a record that exists only through its campaign, in one statement over the list. */
function countPerCampaign(ctx: GraphQLContext, name: string, campaignId: string, from: string): Promise<number> {
  const em = ctx.em;
  return batched(ctx, name, campaignId, async (ids) => {
    const rows = await sql<{ campaign_id: string; n: string }[]>(em,
      `select x.campaign_id::text as campaign_id, count(*)::text as n from ${from} and x.campaign_id = any(?::bigint[])
         and ${visibleRecordSql(scopeOfEm(em), 'Campaign', 'x.campaign_id')} group by x.campaign_id`, [pgArray(ids)]);
    return new Map(rows.map((r) => [r.campaign_id, Number(r.n)]));
  }).then((n) => n ?? 0);
}

@Resolver(() => CampaignType)
export class CampaignResolver {
  @Query(() => [CampaignType], { description: `The newest campaigns first, at most ${MAX_LIST_SIZE} (campaignsPage pages through all)` })
  @Can('read', 'Campaign')
  campaigns(@Ctx() ctx: GraphQLContext, @Arg('state', () => CampaignStateEnum, { nullable: true }) state?: 'DRAFT' | 'ACTIVE' | 'PAUSED' | 'ENDED' | null): Promise<Campaign[]> {
    return listCampaigns(ctx, state);
  }

  @Query(() => CampaignConnection, { description: 'The campaigns, newest first, a page at a time (cursor pagination)' })
  @Can('read', 'Campaign')
  campaignsPage(
    @Ctx() ctx: GraphQLContext,
    @Arg('state', () => CampaignStateEnum, { nullable: true }) state?: 'DRAFT' | 'ACTIVE' | 'PAUSED' | 'ENDED' | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<Page<Campaign>> {
    return paginate(ctx, Campaign, 'Campaign', state ? { state } : {}, { first, after }, { createdAt: 'desc', id: 'desc' });
  }

  @Query(() => CampaignType, { nullable: true })
  @Can('read', 'Campaign')
  async campaign(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<Campaign | null> {
    return getCampaign(ctx, id).catch(() => null);
  }

  @Query(() => [CampaignConflictType], { description: 'The conflict check: other active campaigns overlapping in time, audience and products (shown before activation)' })
  @Can('read', 'Campaign')
  async campaignConflicts(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<CampaignConflictType[]> {
    return campaignConflicts(ctx, await getCampaign(ctx, id));
  }

  @Mutation(() => CampaignType)
  @Can('create', 'Campaign')
  createCampaign(@Ctx() ctx: GraphQLContext, @Arg('input') input: CreateCampaignInput): Promise<Campaign> {
    return createCampaign(ctx, input);
  }

  @Mutation(() => CampaignType)
  @Can('update', 'Campaign')
  updateCampaign(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string, @Arg('input') input: UpdateCampaignInput): Promise<Campaign> {
    return updateCampaign(ctx, id, input);
  }

  @Mutation(() => ActivationResultType)
  @Can('update', 'Campaign')
  activateCampaign(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<ActivationResultType> {
    return activateCampaign(ctx, id);
  }

  @Mutation(() => CampaignType)
  @Can('update', 'Campaign')
  pauseCampaign(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string, @Arg('reason', () => String, { nullable: true }) reason?: string | null): Promise<Campaign> {
    return transition(ctx, id, { type: 'pause', reason: 'MANUAL' }, reason);
  }

  @Mutation(() => CampaignType)
  @Can('update', 'Campaign')
  resumeCampaign(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<Campaign> {
    return transition(ctx, id, { type: 'resume' });
  }

  @Mutation(() => CampaignType)
  @Can('update', 'Campaign')
  endCampaign(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<Campaign> {
    return transition(ctx, id, { type: 'end' });
  }

  @FieldResolver(() => Boolean, { description: 'One per customer; experience vouchers are always one per person (SPEC §6), whatever was stored' })
  onePerCustomer(@Root() c: Campaign): boolean {
    return c.kind === 'EXPERIENCE_VOUCHER' || c.onePerCustomer;
  }

  @FieldResolver(() => DecimalScalar, { nullable: true })
  percentage(@Root() c: Campaign): string | null {
    return decimal(c.percentage);
  }

  @FieldResolver(() => DecimalScalar, { nullable: true })
  amount(@Root() c: Campaign): string | null {
    return money(c.amount, c.currency);
  }

  @FieldResolver(() => DecimalScalar, { nullable: true })
  maxDiscount(@Root() c: Campaign): string | null {
    return money(c.maxDiscount, c.currency);
  }

  @FieldResolver(() => DecimalScalar, { nullable: true })
  minSpend(@Root() c: Campaign): string | null {
    return money(c.minSpend, c.currency);
  }

  @FieldResolver(() => String, { description: 'startsAt as a local date-time in the campaign time zone (ISO 8601 with offset)' })
  startsAtLocal(@Root() c: Campaign): string {
    return localTime(c.startsAt, c.timezone);
  }

  @FieldResolver(() => String, { description: 'The hard expiry shown in the campaign time zone (ISO 8601 with offset); it is compared in UTC' })
  expiresAtLocal(@Root() c: Campaign): string {
    return localTime(c.expiresAt, c.timezone);
  }

  @FieldResolver(() => BudgetType, { nullable: true })
  budget(@Ctx() ctx: GraphQLContext, @Root() c: Campaign): Promise<BudgetType | null> {
    const em = ctx.em;
    // The slot sums of every campaign of the list in one statement (the campaigns are visible: loaded through the filter).
    return campaignBudget(em, c, new Date(), (campaignId, period) => batched(ctx, 'Campaign.budget', `${campaignId}:${period}`, async (keys) => {
      const pairs = keys.map((k) => k.split(':'));
      const rows = await sql<{ campaign_id: string; period: string; allowance: string | null; spent: string | null }[]>(em,
        `select s.campaign_id::text as campaign_id, s.period, sum(s.allowance)::text as allowance, sum(s.spent)::text as spent
           from campaign_budget_slot s join unnest(?::bigint[], ?::text[]) as k(campaign_id, period) on k.campaign_id = s.campaign_id and k.period = s.period
          group by s.campaign_id, s.period`, [pgArray(pairs.map((p) => p[0])), pgArray(pairs.map((p) => p[1]))]);
      return new Map(rows.map((r) => [`${r.campaign_id}:${r.period}`, r]));
    }));
  }

  @FieldResolver(() => [SegmentObject])
  includedSegments(@Ctx() ctx: GraphQLContext, @Root() c: Campaign): Promise<Segment[]> {
    return byIds(ctx, Segment, c.includedSegmentIds);
  }

  @FieldResolver(() => [SegmentObject])
  excludedSegments(@Ctx() ctx: GraphQLContext, @Root() c: Campaign): Promise<Segment[]> {
    return byIds(ctx, Segment, c.excludedSegmentIds);
  }

  @FieldResolver(() => [ProductObject])
  products(@Ctx() ctx: GraphQLContext, @Root() c: Campaign): Promise<Product[]> {
    return byIds(ctx, Product, c.productIds);
  }

  @FieldResolver(() => [ProductTypeObject])
  productTypes(@Ctx() ctx: GraphQLContext, @Root() c: Campaign): Promise<ProductType[]> {
    return byIds(ctx, ProductType, c.productTypeIds);
  }

  @FieldResolver(() => [UnitType])
  allowedUnits(@Ctx() ctx: GraphQLContext, @Root() c: Campaign): Promise<Unit[]> {
    return byIds(ctx, Unit, c.allowedUnitIds);
  }

  @FieldResolver(() => Int)
  codesCount(@Ctx() ctx: GraphQLContext, @Root() c: Campaign): Promise<number> {
    return countPerCampaign(ctx, 'Campaign.codesCount', c.id, 'code x where true');
  }

  @FieldResolver(() => Int, { description: 'Successful, not rolled back, non-test redemptions' })
  async redemptionsCount(@Ctx() ctx: GraphQLContext, @Root() c: Campaign): Promise<number> {
    return countPerCampaign(ctx, 'Campaign.redemptionsCount', c.id, `redemption x where x.state = 'SUCCEEDED' and not x.test`);
  }

  @FieldResolver(() => GroupType)
  ownedByGroup(@Ctx() ctx: GraphQLContext, @Root() c: Campaign): Promise<Group> {
    return parentOf(ctx, GroupEntity, c.ownedByGroup.id);
  }

  @FieldResolver(() => PrivacyLevelType, { nullable: true })
  async privacyLevel(@Ctx() ctx: GraphQLContext, @Root() c: Campaign): Promise<PrivacyLevel | null> {
    return c.privacyLevel ? loadById(ctx, PrivacyLevelEntity, c.privacyLevel.id) : null;
  }
}

function localTime(at: Date, zone: string): string {
  return DateTime.fromJSDate(at).setZone(zone).toISO({ suppressMilliseconds: true }) ?? at.toISOString();
}

@Resolver(() => CodeType)
export class CodeResolver {
  @Query(() => CodeConnection)
  @Can('read', 'Code')
  codes(
    @Ctx() ctx: GraphQLContext,
    @Arg('campaignId', () => ID) campaignId: string,
    @Arg('filter', () => CodeFilter, { nullable: true }) filter?: CodeFilter | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<Page<Code>> {
    return listCodes(ctx, campaignId, filter, { first, after });
  }

  @Query(() => CodeType, { nullable: true, description: 'A code by its text, for merchants and agents' })
  @Can('read', 'Code')
  code(@Ctx() ctx: GraphQLContext, @Arg('code') code: string): Promise<Code | null> {
    return findCode(ctx, code);
  }

  @Mutation(() => Int, { description: 'Imports codes into a campaign; returns how many were imported (see importCodesReport for the rejects)' })
  @Can('create', 'Code')
  async importCodes(@Ctx() ctx: GraphQLContext, @Arg('campaignId', () => ID) campaignId: string, @Arg('codes', () => [String]) codes: string[]): Promise<number> {
    return (await importCodes(ctx, campaignId, codes)).imported;
  }

  @Mutation(() => CodeImportReportType, { description: 'Like importCodes, with a per-row report of the rejected codes' })
  @Can('create', 'Code')
  importCodesReport(@Ctx() ctx: GraphQLContext, @Arg('campaignId', () => ID) campaignId: string, @Arg('codes', () => [String]) codes: string[]): Promise<CodeImportReportType> {
    return importCodes(ctx, campaignId, codes);
  }

  @Mutation(() => CodeType)
  @Can('update', 'Code')
  disableCode(@Ctx() ctx: GraphQLContext, @Arg('code') code: string): Promise<Code> {
    return disableCode(ctx, code);
  }

  @Mutation(() => CodeType)
  @Can('issue', 'Code')
  issueCode(
    @Ctx() ctx: GraphQLContext,
    @Arg('campaignId', () => ID) campaignId: string,
    @Arg('customerId', () => ID) customerId: string,
    @Arg('channel', () => IssueChannelEnum) channel: IssueChannel,
  ): Promise<Code> {
    return issueCode(ctx, campaignId, customerId, channel);
  }

  @FieldResolver(() => CampaignType)
  campaign(@Ctx() ctx: GraphQLContext, @Root() code: Code): Promise<Campaign> {
    return parentOf(ctx, Campaign, code.campaign.id);
  }

  @FieldResolver(() => CodeStateEnum)
  async state(@Ctx() ctx: GraphQLContext, @Root() code: Code): Promise<string> {
    return codeState(code, await parentOf(ctx, Campaign, code.campaign.id));
  }

  @FieldResolver(() => CustomerObject, { nullable: true })
  async customer(@Ctx() ctx: GraphQLContext, @Root() code: Code): Promise<Customer | null> {
    return code.customer ? loadById(ctx, Customer, code.customer.id) : null;
  }

  @FieldResolver(() => String, { description: 'The code as an SVG QR code' })
  qrSvg(@Root() code: Code): Promise<string> {
    return qrSvg(code.code);
  }
}

export const campaignsResolvers = [CampaignResolver, CodeResolver] as const;
