import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { batched, loadById, loadByIds } from '../../graphql/batch.js';
import { formatMoney } from '@perkflow/domain';
import { parentOf } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';
import { Can } from '../../graphql/guard.js';
import { DecimalScalar, LocalDateScalar } from '../../graphql/scalars.js';
import { UnitType, UserType } from '../access/access.types.js';
import { Unit } from '../access/unit.entity.js';
import { User } from '../access/user.entity.js';
import { ApprovalRequestType } from '../approvals/approvals.types.js';
import { CampaignType, CodeType, RedemptionCheckType, ReviewFlagType } from '../campaigns/campaign.types.js';
import type { Campaign } from '../campaigns/campaign.entity.js';
import { Code } from '../campaigns/code.entity.js';
import { ReviewFlag } from '../campaigns/review-flag.entity.js';
import { ProductObject } from '../catalogue/catalogue.types.js';
import { Product } from '../catalogue/product.entity.js';
import { listMerchantDays, moveMerchantDay, openingHoursList, openingHoursOf, setOpeningHours } from './merchant-day.service.js';
import { requestOnePerCustomerException } from './one-per-customer-exception.js';
import { verifyVoucher } from './verify-voucher.service.js';
import { voucherReport } from './voucher-report.service.js';
import { setVoucherTerms, termsOf } from './voucher-terms.service.js';
import { WriteOff, type VoucherTerms } from './voucher.entity.js';
import {
  MerchantDayType,
  OpeningHoursInput,
  OpeningHoursType,
  VoucherReportType,
  VoucherTermsInput,
  VoucherTermsType,
  VoucherVerdictType,
  WriteOffInput,
  WriteOffType,
} from './vouchers.types.js';
import { writeOffVoucher } from './write-off.service.js';

@Resolver()
export class VoucherResolver {
  @Query(() => RedemptionCheckType, { description: "A merchant's check of a voucher at a store, before writing it off" })
  @Can('writeOff', 'Code')
  async verifyVoucher(
    @Ctx() ctx: GraphQLContext,
    @Arg('code') code: string,
    @Arg('unitId', () => ID) unitId: string,
    @Arg('amount', () => DecimalScalar, { nullable: true }) amount?: string | null,
  ): Promise<RedemptionCheckType> {
    const v = await verifyVoucher(ctx, { code, unitId, amount });
    return { valid: v.valid, reason: v.reason, explanation: v.explanation, discount: v.value };
  }

  @Query(() => VoucherVerdictType, { description: 'verifyVoucher with the details a merchant screen shows (value, uses left, holder, products); writtenOffAt checks a paper voucher used earlier' })
  @Can('writeOff', 'Code')
  voucherVerdict(
    @Ctx() ctx: GraphQLContext,
    @Arg('code') code: string,
    @Arg('unitId', () => ID) unitId: string,
    @Arg('amount', () => DecimalScalar, { nullable: true }) amount?: string | null,
    @Arg('productIds', () => [ID], { nullable: true }) productIds?: string[] | null,
    @Arg('writtenOffAt', () => Date, { nullable: true }) writtenOffAt?: Date | null,
  ): Promise<VoucherVerdictType> {
    return verifyVoucher(ctx, { code, unitId, amount, productIds, writtenOffAt });
  }

  @Mutation(() => WriteOffType)
  @Can('writeOff', 'Code')
  writeOffVoucher(@Ctx() ctx: GraphQLContext, @Arg('input', () => WriteOffInput) input: WriteOffInput): Promise<WriteOff> {
    return writeOffVoucher(ctx, input);
  }

  @Query(() => [MerchantDayType], { description: "Merchant days in a period (dates inclusive); a merchant sees their own store's" })
  @Can('read', 'MerchantDay')
  merchantDays(
    @Ctx() ctx: GraphQLContext,
    @Arg('from', () => LocalDateScalar) from: string,
    @Arg('to', () => LocalDateScalar) to: string,
    @Arg('unitId', () => ID, { nullable: true }) unitId?: string | null,
  ): Promise<MerchantDayType[]> {
    return listMerchantDays(ctx, unitId, from, to);
  }

  @Query(() => MerchantDayType, { description: 'One store day' })
  @Can('read', 'MerchantDay')
  async merchantDay(@Ctx() ctx: GraphQLContext, @Arg('unitId', () => ID) unitId: string, @Arg('date', () => LocalDateScalar) date: string): Promise<MerchantDayType> {
    return (await listMerchantDays(ctx, unitId, date, date))[0];
  }

  @Mutation(() => MerchantDayType, { description: "The store's merchant confirms a day: from then on it cannot change (later write-offs for it are refused)" })
  @Can('confirm', 'MerchantDay')
  confirmMerchantDay(@Ctx() ctx: GraphQLContext, @Arg('unitId', () => ID) unitId: string, @Arg('date', () => LocalDateScalar) date: string): Promise<MerchantDayType> {
    return moveMerchantDay(ctx, 'confirm', unitId, date);
  }

  @Mutation(() => MerchantDayType, { description: 'Head office audits a confirmed day; anomalies (outside opening hours, over the voucher value) are flagged' })
  @Can('audit', 'MerchantDay')
  auditMerchantDay(
    @Ctx() ctx: GraphQLContext,
    @Arg('unitId', () => ID) unitId: string,
    @Arg('date', () => LocalDateScalar) date: string,
    @Arg('comment', () => String, { nullable: true }) comment?: string | null,
  ): Promise<MerchantDayType> {
    return moveMerchantDay(ctx, 'audit', unitId, date, comment);
  }

  @Mutation(() => MerchantDayType, { description: 'Finance settles an audited day with the merchant' })
  @Can('settle', 'MerchantDay')
  settleMerchantDay(@Ctx() ctx: GraphQLContext, @Arg('unitId', () => ID) unitId: string, @Arg('date', () => LocalDateScalar) date: string): Promise<MerchantDayType> {
    return moveMerchantDay(ctx, 'settle', unitId, date);
  }

  @Query(() => VoucherReportType)
  @Can('read', 'Report')
  voucherReport(
    @Ctx() ctx: GraphQLContext,
    @Arg('campaignId', () => ID) campaignId: string,
    @Arg('from', () => LocalDateScalar) from: string,
    @Arg('to', () => LocalDateScalar) to: string,
  ): Promise<VoucherReportType> {
    return voucherReport(ctx, campaignId, from, to);
  }

  @Mutation(() => VoucherTermsType, { description: "Sets an experience voucher campaign's exclusions" })
  @Can('update', 'Campaign')
  setVoucherTerms(@Ctx() ctx: GraphQLContext, @Arg('campaignId', () => ID) campaignId: string, @Arg('input', () => VoucherTermsInput) input: VoucherTermsInput): Promise<VoucherTerms> {
    return setVoucherTerms(ctx, campaignId, input);
  }

  @Mutation(() => ApprovalRequestType, { description: 'Asks a finance manager to let a customer receive one more voucher of a one-per-person campaign' })
  @Can('issue', 'Code', ['update', 'Campaign'])
  requestOnePerCustomerException(
    @Ctx() ctx: GraphQLContext,
    @Arg('campaignId', () => ID) campaignId: string,
    @Arg('customerId', () => ID) customerId: string,
    @Arg('reason', () => String, { nullable: true }) reason?: string | null,
  ): Promise<ApprovalRequestType> {
    return requestOnePerCustomerException(ctx, campaignId, customerId, reason);
  }

  @Query(() => [OpeningHoursType], { description: "A store's opening hours (the defaults, 09:00-21:00 every day, until set)" })
  @Can('read', 'Unit')
  async storeOpeningHours(@Ctx() ctx: GraphQLContext, @Arg('unitId', () => ID) unitId: string): Promise<OpeningHoursType[]> {
    if (!/^\d{1,18}$/.test(unitId) || !(await loadById(ctx, Unit, unitId))) throw badInput('unitId', `there is no unit with id "${unitId}"`);
    return openingHoursList(await openingHoursOf(ctx.em, unitId));
  }

  @Mutation(() => [OpeningHoursType], { description: "Sets a store's opening hours; a weekday not listed is closed" })
  @Can('update', 'Unit')
  async setStoreOpeningHours(@Ctx() ctx: GraphQLContext, @Arg('unitId', () => ID) unitId: string, @Arg('hours', () => [OpeningHoursInput]) hours: OpeningHoursInput[]): Promise<OpeningHoursType[]> {
    return openingHoursList(await setOpeningHours(ctx, unitId, hours));
  }
}

@Resolver(() => WriteOffType)
export class WriteOffResolver {
  @FieldResolver(() => CodeType)
  code(@Ctx() ctx: GraphQLContext, @Root() w: WriteOff): Promise<Code> {
    return parentOf(ctx, Code, w.codeId);
  }

  @FieldResolver(() => UnitType)
  unit(@Ctx() ctx: GraphQLContext, @Root() w: WriteOff): Promise<Unit> {
    return parentOf(ctx, Unit, w.unitId);
  }

  @FieldResolver(() => [ProductObject])
  products(@Ctx() ctx: GraphQLContext, @Root() w: WriteOff): Promise<Product[]> {
    return loadByIds(ctx, Product, w.productIds, 'id');
  }

  @FieldResolver(() => UserType)
  writtenOffBy(@Ctx() ctx: GraphQLContext, @Root() w: WriteOff): Promise<User> {
    return parentOf(ctx, User, w.writtenOffById);
  }

  @FieldResolver(() => DecimalScalar)
  amount(@Root() w: WriteOff): string {
    return formatMoney(w.amount, w.currency);
  }

  @FieldResolver(() => DecimalScalar, { nullable: true })
  voucherValue(@Root() w: WriteOff): string | null {
    return w.voucherValue == null ? null : formatMoney(w.voucherValue, w.currency);
  }
}

@Resolver(() => MerchantDayType)
export class MerchantDayResolver {
  @FieldResolver(() => UnitType)
  unit(@Ctx() ctx: GraphQLContext, @Root() d: MerchantDayType): Promise<Unit> {
    return parentOf(ctx, Unit, d.unitId);
  }

  @FieldResolver(() => [ReviewFlagType], { description: "The flags raised on the day's write-offs when it was audited" })
  async flags(@Ctx() ctx: GraphQLContext, @Root() d: MerchantDayType): Promise<ReviewFlag[]> {
    const em = ctx.em;
    const flags = await batched(ctx, 'MerchantDay.flags', dayKey(d.unitId, d.date), async (keys) => {
      // The days' write-offs join the writeOffList batch when both fields are asked (one statement).
      const days = await Promise.all(keys.map(async (key) => [key, await writeOffsOfDay(ctx, key)] as const));
      const dayOf = new Map(days.flatMap(([key, list]) => list.map((w) => [String(w.id), key] as const)));
      const found = dayOf.size ? await em.find(ReviewFlag, { subjectType: 'WriteOff', subjectId: { $in: [...dayOf.keys()] } }, { orderBy: { id: 'asc' } }) : [];
      const byDay = new Map(keys.map((key) => [key, [] as ReviewFlag[]]));
      for (const flag of found) byDay.get(dayOf.get(String(flag.subjectId)) ?? '')?.push(flag);
      return byDay;
    });
    return flags ?? [];
  }

  @FieldResolver(() => [WriteOffType])
  writeOffList(@Ctx() ctx: GraphQLContext, @Root() d: MerchantDayType): Promise<WriteOff[]> {
    return writeOffsOfDay(ctx, dayKey(d.unitId, d.date));
  }
}

const dayKey = (unitId: string | number, date: unknown): string => `${String(unitId)}:${String(date instanceof Date ? date.toISOString() : date).slice(0, 10)}`;

/** The write-offs the viewer may see of the days of a list (`unit:date` keys), in one statement (the filter applies). */
async function writeOffsOfDay(ctx: GraphQLContext, key: string): Promise<WriteOff[]> {
  const em = ctx.em;
  const list = await batched(ctx, 'MerchantDay.writeOffs', key, async (keys) => {
    const pairs = keys.map((k) => k.split(':'));
    const rows = await em.find(WriteOff, { unitId: { $in: [...new Set(pairs.map((p) => p[0]))] }, merchantDate: { $in: [...new Set(pairs.map((p) => p[1]))] } },
      { orderBy: { writtenOffAt: 'asc', id: 'asc' } });
    const byDay = new Map(keys.map((k) => [k, [] as WriteOff[]]));
    for (const w of rows) byDay.get(dayKey(w.unitId, w.merchantDate))?.push(w);
    return byDay;
  });
  return list ?? [];
}

@Resolver(() => CampaignType)
export class CampaignVoucherTermsResolver {
  @FieldResolver(() => VoucherTermsType, { nullable: true, description: 'Exclusions of an experience voucher campaign' })
  async voucherTerms(@Ctx() ctx: GraphQLContext, @Root() c: Campaign): Promise<VoucherTermsType | null> {
    if (c.kind !== 'EXPERIENCE_VOUCHER') return null;
    const t = await termsOf(ctx, c.id);
    return {
      excludedProductIds: t?.excludedProductIds ?? [],
      excludedProductTypeIds: t?.excludedProductTypeIds ?? [],
      excludedWeekdays: t?.excludedWeekdays ?? [],
      excludedDates: t?.excludedDates ?? [],
      description: t?.description ?? null,
    };
  }
}

export const vouchersResolvers = [VoucherResolver, WriteOffResolver, MerchantDayResolver, CampaignVoucherTermsResolver] as const;
