import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { DecimalScalar, LocalDateScalar } from '../../graphql/scalars.js';
import { UnitType } from '../access/access.types.js';
import { BreakdownRowType, CampaignType, RejectionReasonEnum, ReviewFlagType, VoucherFormEnum, VoucherKindEnum } from '../campaigns/campaign.types.js';
import { WeekdayEnum } from '../../graphql/period.type.js';

@InputType('WriteOffInput')
export class WriteOffInput {
  @Field() code!: string;
  @Field(() => ID) unitId!: string;
  @Field(() => DecimalScalar) amount!: string;
  @Field(() => [ID], { nullable: true }) productIds?: string[] | null;
  @Field(() => Date, { nullable: true, description: 'When a paper voucher is entered afterwards' }) writtenOffAt?: Date | null;
  @Field(() => String, { nullable: true }) idempotencyKey?: string | null;
}

@ObjectType('WriteOff')
export class WriteOffType {
  @Field(() => ID) id!: string;
  // code, unit, products, writtenOffBy, campaign: WriteOffResolver
  @Field(() => DecimalScalar) amount!: string;
  @Field() currency!: string;
  @Field(() => Date) writtenOffAt!: Date;
  @Field(() => Date, { description: 'When the write-off was recorded (later than writtenOffAt for a paper voucher entered afterwards)' }) createdAt!: Date;
  @Field(() => LocalDateScalar, { description: "The store's calendar day the write-off belongs to" }) merchantDate!: string;
  @Field(() => DecimalScalar, { nullable: true, description: "The voucher's value when written off" }) voucherValue?: string | null;
}

@ObjectType('MerchantDay')
export class MerchantDayType {
  @Field(() => UnitType) unit!: object;
  @Field(() => LocalDateScalar) date!: string;
  @Field(() => Int) writeOffs!: number;
  @Field(() => DecimalScalar) amount!: string;
  @Field({ description: 'OPEN, CONFIRMED, AUDITED or SETTLED' }) status!: string;
  @Field(() => [ReviewFlagType], { description: 'Anomalies found when audited' }) flags!: object[];
  @Field(() => Date, { nullable: true }) confirmedAt?: Date | null;
  @Field(() => Date, { nullable: true }) auditedAt?: Date | null;
  @Field(() => String, { nullable: true }) auditComment?: string | null;
  @Field(() => Date, { nullable: true }) settledAt?: Date | null;
  @Field(() => [WriteOffType], { description: "The day's write-offs, in time order" }) writeOffList!: object[];
  // internal
  unitId!: string;
}

@ObjectType('VoucherVerdict', { description: "A merchant's check of a voucher, with what the merchant needs to see" })
export class VoucherVerdictType {
  @Field() valid!: boolean;
  @Field(() => RejectionReasonEnum, { nullable: true }) reason?: string | null;
  @Field() explanation!: string;
  @Field() code!: string;
  @Field(() => String, { nullable: true }) campaignName?: string | null;
  @Field(() => VoucherKindEnum, { nullable: true }) voucherKind?: string | null;
  @Field(() => VoucherFormEnum, { nullable: true }) voucherForm?: string | null;
  @Field(() => DecimalScalar, { nullable: true, description: "The voucher's value" }) value?: string | null;
  @Field(() => String, { nullable: true }) currency?: string | null;
  @Field(() => DecimalScalar, { nullable: true }) minSpend?: string | null;
  @Field(() => Int, { nullable: true, description: 'Uses left before this one' }) usesLeft?: number | null;
  @Field(() => Date, { nullable: true }) expiresAt?: Date | null;
  @Field(() => String, { nullable: true, description: 'The holder, when the voucher was issued' }) customerName?: string | null;
  @Field(() => [ID], { description: 'Applicable products (empty: any)' }) productIds!: string[];
}

@ObjectType('VoucherPeriodRow', { description: 'One day (or month, for long periods) of a voucher report, for charts' })
export class VoucherPeriodRowType {
  @Field({ description: 'YYYY-MM-DD or YYYY-MM' }) period!: string;
  @Field(() => Int) issued!: number;
  @Field(() => Int) writeOffs!: number;
  @Field(() => DecimalScalar) amount!: string;
}

@ObjectType('VoucherReport')
export class VoucherReportType {
  @Field(() => CampaignType) campaign!: object;
  @Field(() => LocalDateScalar) from!: string;
  @Field(() => LocalDateScalar) to!: string;
  @Field(() => Int) issued!: number;
  @Field(() => Int, { description: 'Vouchers that could be issued: the issuance cap, else the codes created' }) target!: number;
  @Field(() => Float, { description: 'Claim rate: issued / target' }) claimRate!: number;
  @Field(() => Int, { description: 'Issued vouchers redeemed or written off at least once' }) used!: number;
  @Field(() => Int) writtenOff!: number;
  @Field(() => Float) useRate!: number;
  @Field(() => Float) writeOffRate!: number;
  @Field(() => Int, { description: 'Customers who used a voucher' }) customersUsed!: number;
  @Field(() => DecimalScalar, { description: 'What customers who used a voucher spent, per the write-offs and orders' }) spend!: string;
  @Field(() => [BreakdownRowType]) byChannel!: BreakdownRowType[];
  @Field(() => [VoucherPeriodRowType]) byPeriod!: VoucherPeriodRowType[];
}

@ObjectType('VoucherTerms', { description: "An experience voucher campaign's exclusions (products, weekdays, dates on which it is not accepted)" })
export class VoucherTermsType {
  @Field(() => [ID]) excludedProductIds!: string[];
  @Field(() => [ID]) excludedProductTypeIds!: string[];
  @Field(() => [WeekdayEnum]) excludedWeekdays!: string[];
  @Field(() => [LocalDateScalar]) excludedDates!: string[];
  @Field(() => String, { nullable: true }) description?: string | null;
}

@InputType('VoucherTermsInput')
export class VoucherTermsInput {
  @Field(() => [ID], { nullable: true }) excludedProductIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) excludedProductTypeIds?: string[] | null;
  @Field(() => [WeekdayEnum], { nullable: true }) excludedWeekdays?: string[] | null;
  @Field(() => [LocalDateScalar], { nullable: true }) excludedDates?: string[] | null;
  @Field(() => String, { nullable: true }) description?: string | null;
}

@ObjectType('OpeningHours', { description: 'A weekday on which the store is open, local times' })
export class OpeningHoursType {
  @Field(() => WeekdayEnum) weekday!: string;
  @Field({ description: 'HH:MM' }) opens!: string;
  @Field({ description: 'HH:MM (24:00 for midnight)' }) closes!: string;
}

@InputType('OpeningHoursInput')
export class OpeningHoursInput {
  @Field(() => WeekdayEnum) weekday!: string;
  @Field() opens!: string;
  @Field() closes!: string;
}
