import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../../graphql/pagination.js';
import { DecimalScalar } from '../../graphql/scalars.js';
import { BUDGET_PERIODS, CAMPAIGN_KINDS, CAMPAIGN_STATES, DISCOUNT_KINDS, STACKING_RULES, VOUCHER_FORMS, VOUCHER_KINDS } from './campaign.entity.js';
import { ISSUE_CHANNELS } from './code.entity.js';
import { REDEMPTION_STATES } from './redemption.entity.js';

const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const CampaignKindEnum = enumOf(CAMPAIGN_KINDS);
registerEnumType(CampaignKindEnum, { name: 'CampaignKind' });
export const CampaignStateEnum = enumOf(CAMPAIGN_STATES);
registerEnumType(CampaignStateEnum, { name: 'CampaignState' });
export const CampaignDiscountKindEnum = enumOf(DISCOUNT_KINDS);
registerEnumType(CampaignDiscountKindEnum, { name: 'CampaignDiscountKind' });
export const BudgetPeriodEnum = enumOf(BUDGET_PERIODS);
registerEnumType(BudgetPeriodEnum, { name: 'BudgetPeriod' });
export const StackingRuleEnum = enumOf(STACKING_RULES);
registerEnumType(StackingRuleEnum, { name: 'StackingRule' });
export const VoucherKindEnum = enumOf(VOUCHER_KINDS);
registerEnumType(VoucherKindEnum, { name: 'VoucherKind' });
export const VoucherFormEnum = enumOf(VOUCHER_FORMS);
registerEnumType(VoucherFormEnum, { name: 'VoucherForm' });
export const IssueChannelEnum = enumOf(ISSUE_CHANNELS);
registerEnumType(IssueChannelEnum, { name: 'IssueChannel' });
export const CodeStateEnum = enumOf(['ACTIVE', 'DISABLED', 'EXHAUSTED'] as const);
registerEnumType(CodeStateEnum, { name: 'CodeState' });
export const RedemptionStateEnum = enumOf(REDEMPTION_STATES);
registerEnumType(RedemptionStateEnum, { name: 'RedemptionState' });
export const REJECTION_REASONS = [
  'CODE_NOT_FOUND',
  'NOT_STARTED',
  'EXPIRED',
  'CAMPAIGN_NOT_ACTIVE',
  'CODE_DISABLED',
  'CODE_LIMIT_REACHED',
  'CUSTOMER_LIMIT_REACHED',
  'CAMPAIGN_LIMIT_REACHED',
  'BUDGET_EXHAUSTED',
  'NOT_ELIGIBLE',
  'MIN_SPEND_NOT_MET',
  'PRODUCT_NOT_APPLICABLE',
  'UNIT_NOT_ALLOWED',
  'NOT_STACKABLE',
  'CUSTOMER_BLACKLISTED',
  'NOT_ASSIGNED_TO_CUSTOMER',
] as const;
export const RejectionReasonEnum = enumOf(REJECTION_REASONS);
registerEnumType(RejectionReasonEnum, { name: 'RejectionReason' });

@ObjectType('Budget')
export class BudgetType {
  @Field(() => BudgetPeriodEnum) period!: string;
  @Field(() => DecimalScalar) amount!: string;
  @Field(() => DecimalScalar, { description: 'Consumed in the current period (this month for MONTH)' }) spent!: string;
  @Field(() => DecimalScalar) remaining!: string;
  @Field(() => DecimalScalar, { description: 'Average consumption per day over the current period so far' }) burnRatePerDay!: string;
  @Field(() => Date, { nullable: true, description: 'Projected exhaustion at the current burn rate; null when not projected to run out this period' })
  projectedExhaustionAt?: Date | null;
  @Field(() => String, { description: 'The current period: "YYYY-MM" in the campaign time zone for MONTH, "TOTAL" otherwise' }) periodKey!: string;
  @Field(() => Date, { description: 'Start of the current period (UTC instant)' }) periodStart!: Date;
  @Field(() => Date, { nullable: true, description: 'End of the current period, exclusive (UTC instant)' }) periodEnd?: Date | null;
  @Field(() => DecimalScalar, { nullable: true, description: 'The campaign pauses itself when the remaining budget falls below this' }) pauseThreshold?: string | null;
}

@ObjectType('Campaign')
export class CampaignType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => CampaignKindEnum) kind!: string;
  @Field(() => CampaignStateEnum) state!: string;
  @Field(() => String, { nullable: true }) pausedReason?: string | null;
  @Field(() => CampaignDiscountKindEnum) discountKind!: string;
  @Field() currency!: string;
  @Field(() => Date) startsAt!: Date;
  @Field(() => Date) expiresAt!: Date;
  @Field() timezone!: string;
  @Field(() => Int, { nullable: true }) maxRedemptionsPerCode?: number | null;
  @Field(() => Int, { nullable: true }) maxRedemptionsPerCustomer?: number | null;
  @Field(() => Int, { nullable: true }) maxRedemptions?: number | null;
  @Field(() => StackingRuleEnum) stacking!: string;
  @Field(() => String, { nullable: true }) stackingGroup?: string | null;
  @Field(() => Int, { nullable: true, description: 'Most codes of a stacking group on one order' }) maxCodesPerOrder?: number | null;
  @Field(() => Int, { nullable: true, description: 'Most codes that may be issued to customers' }) maxIssued?: number | null;
  @Field() onePerCustomer!: boolean;
  @Field(() => VoucherKindEnum, { nullable: true }) voucherKind?: string | null;
  @Field(() => VoucherFormEnum, { nullable: true }) voucherForm?: string | null;
  // percentage, amount, maxDiscount, minSpend, budget, expiresAtLocal, startsAtLocal, segments, products,
  // productTypes, allowedUnits, codesCount, redemptionsCount, ownedByGroup, privacyLevel: CampaignResolver
}

@InputType()
export class CampaignBudgetInput {
  @Field(() => BudgetPeriodEnum) period!: 'MONTH' | 'TOTAL';
  @Field(() => DecimalScalar) amount!: string;
  @Field(() => DecimalScalar, { nullable: true, description: 'Pause the campaign when the remaining budget falls below this' })
  pauseThreshold?: string | null;
}

@InputType()
export class CreateCampaignInput {
  @Field() name!: string;
  @Field(() => CampaignKindEnum) kind!: 'DISCOUNT_CODE' | 'EXPERIENCE_VOUCHER';
  @Field(() => CampaignDiscountKindEnum) discountKind!: 'PERCENTAGE' | 'AMOUNT';
  @Field(() => DecimalScalar, { nullable: true }) percentage?: string | null;
  @Field(() => DecimalScalar, { nullable: true }) amount?: string | null;
  @Field(() => DecimalScalar, { nullable: true }) maxDiscount?: string | null;
  @Field() currency!: string;
  @Field(() => Date) startsAt!: Date;
  @Field(() => Date) expiresAt!: Date;
  @Field(() => String, { nullable: true, defaultValue: 'UTC' }) timezone?: string | null;
  @Field(() => CampaignBudgetInput, { nullable: true }) budget?: CampaignBudgetInput | null;
  @Field(() => Int, { nullable: true }) maxRedemptionsPerCode?: number | null;
  @Field(() => Int, { nullable: true }) maxRedemptionsPerCustomer?: number | null;
  @Field(() => Int, { nullable: true }) maxRedemptions?: number | null;
  @Field(() => DecimalScalar, { nullable: true }) minSpend?: string | null;
  @Field(() => StackingRuleEnum, { nullable: true, defaultValue: 'EXCLUSIVE' }) stacking?: 'EXCLUSIVE' | 'STACKABLE' | null;
  @Field(() => String, { nullable: true }) stackingGroup?: string | null;
  @Field(() => Int, { nullable: true }) maxCodesPerOrder?: number | null;
  @Field(() => Int, { nullable: true }) maxIssued?: number | null;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) onePerCustomer?: boolean | null;
  @Field(() => VoucherKindEnum, { nullable: true }) voucherKind?: 'PRODUCT' | 'SERVICE' | 'PACKAGE' | null;
  @Field(() => VoucherFormEnum, { nullable: true }) voucherForm?: 'PAPER' | 'ELECTRONIC' | null;
  @Field(() => [ID], { nullable: true }) includedSegmentIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) excludedSegmentIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) productIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) productTypeIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) allowedUnitIds?: string[] | null;
}

@InputType()
export class UpdateCampaignInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => DecimalScalar, { nullable: true }) percentage?: string | null;
  @Field(() => DecimalScalar, { nullable: true }) amount?: string | null;
  @Field(() => DecimalScalar, { nullable: true }) maxDiscount?: string | null;
  @Field(() => Date, { nullable: true }) startsAt?: Date | null;
  @Field(() => Date, { nullable: true, description: 'Only while DRAFT; later the expiry moves only through an approved extension' }) expiresAt?: Date | null;
  @Field(() => String, { nullable: true }) timezone?: string | null;
  @Field(() => Int, { nullable: true }) maxRedemptionsPerCode?: number | null;
  @Field(() => Int, { nullable: true }) maxRedemptionsPerCustomer?: number | null;
  @Field(() => Int, { nullable: true }) maxRedemptions?: number | null;
  @Field(() => DecimalScalar, { nullable: true }) minSpend?: string | null;
  @Field(() => StackingRuleEnum, { nullable: true }) stacking?: 'EXCLUSIVE' | 'STACKABLE' | null;
  @Field(() => String, { nullable: true }) stackingGroup?: string | null;
  @Field(() => Int, { nullable: true }) maxCodesPerOrder?: number | null;
  @Field(() => Int, { nullable: true }) maxIssued?: number | null;
  @Field(() => Boolean, { nullable: true }) onePerCustomer?: boolean | null;
  @Field(() => [ID], { nullable: true }) includedSegmentIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) excludedSegmentIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) productIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) productTypeIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) allowedUnitIds?: string[] | null;
  @Field(() => DecimalScalar, { nullable: true, description: 'Pause threshold of the budget (the budget amount grows only through an approved BUDGET_INCREASE)' })
  budgetPauseThreshold?: string | null;
}

@ObjectType('CampaignConflict')
export class CampaignConflictType {
  @Field(() => CampaignType) campaign!: object;
  @Field(() => [String]) reasons!: string[];
}

@ObjectType('ActivationResult')
export class ActivationResultType {
  @Field(() => CampaignType) campaign!: object;
  @Field(() => [CampaignConflictType]) conflicts!: CampaignConflictType[];
}

@InputType()
export class CodePatternInput {
  @Field(() => String, { nullable: true }) prefix?: string | null;
  @Field(() => String, { nullable: true }) postfix?: string | null;
  @Field(() => Int, { nullable: true, defaultValue: 8, description: 'Characters after the prefix; default 8' }) length?: number | null;
  @Field(() => String, { nullable: true, description: 'Default: upper-case letters and digits without 0 O 1 I L' }) charset?: string | null;
}

@ObjectType('CodeBatch')
export class CodeBatchType {
  @Field(() => ID) id!: string;
  @Field(() => Int) requested!: number;
  @Field(() => Int) generated!: number;
  @Field({ description: 'PENDING, RUNNING, DONE or FAILED' }) status!: string;
  @Field(() => String, { nullable: true, description: 'Why the batch failed' }) error?: string | null;
  // campaign: CodeBatchResolver
}

@ObjectType('Code')
export class CodeType {
  @Field(() => ID, { description: 'Internal id of the code' }) id!: string;
  @Field() code!: string;
  @Field(() => Int, { nullable: true }) maxRedemptions?: number | null;
  @Field(() => Int) redemptionsCount!: number;
  @Field(() => Date, { nullable: true }) issuedAt?: Date | null;
  @Field(() => IssueChannelEnum, { nullable: true }) channel?: string | null;
  // campaign, state, customer, qrSvg: CodeResolver
}

@InputType()
export class CodeFilter {
  @Field(() => CodeStateEnum, { nullable: true }) state?: 'ACTIVE' | 'DISABLED' | 'EXHAUSTED' | null;
  @Field(() => ID, { nullable: true }) customerId?: string | null;
  @Field(() => Boolean, { nullable: true }) issued?: boolean | null;
  @Field(() => String, { nullable: true, description: 'Codes starting with this text (normalised)' }) search?: string | null;
}

@ObjectType('CampaignConnection')
export class CampaignConnection extends Connection(CampaignType) {}

@ObjectType('CodeConnection')
export class CodeConnection extends Connection(CodeType) {}

@InputType()
export class OrderLineInput {
  @Field(() => ID) productId!: string;
  @Field(() => Int) quantity!: number;
  @Field(() => DecimalScalar) unitPrice!: string;
}

@InputType()
export class OrderInput {
  @Field(() => DecimalScalar) amount!: string;
  @Field() currency!: string;
  @Field(() => ID, { nullable: true }) unitId?: string | null;
  @Field(() => [OrderLineInput], { nullable: true }) lines?: OrderLineInput[] | null;
  @Field(() => [String], { nullable: true, description: 'Other codes already applied to the same order, for stacking rules' }) otherCodes?: string[] | null;
}

@InputType()
export class RedemptionInput {
  @Field() code!: string;
  @Field(() => ID) customerId!: string;
  @Field(() => OrderInput) order!: OrderInput;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) test?: boolean | null;
}

@ObjectType('RedemptionCheck')
export class RedemptionCheckType {
  @Field() valid!: boolean;
  @Field(() => RejectionReasonEnum, { nullable: true }) reason?: string | null;
  @Field() explanation!: string;
  @Field(() => DecimalScalar, { nullable: true }) discount?: string | null;
}

@ObjectType('Redemption')
export class RedemptionType {
  @Field(() => ID) id!: string;
  @Field() currency!: string;
  @Field(() => RedemptionStateEnum) state!: string;
  @Field() test!: boolean;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true }) rolledBackAt?: Date | null;
  @Field(() => String, { nullable: true }) rollbackReason?: string | null;
  // code, campaign, customer, orderAmount, discount, unit: RedemptionResolver
}

@ObjectType('RedemptionResult')
export class RedemptionResultType {
  @Field() ok!: boolean;
  @Field(() => RejectionReasonEnum, { nullable: true }) reason?: string | null;
  @Field() explanation!: string;
  @Field(() => RedemptionType, { nullable: true }) redemption?: object | null;
}

@ObjectType('BreakdownRow')
export class BreakdownRowType {
  @Field({ description: 'A channel name or a unit id' }) key!: string;
  @Field(() => Int) issued!: number;
  @Field(() => Int) redemptions!: number;
  @Field(() => DecimalScalar) applied!: string;
}

@ObjectType('DailyRedemptions', { description: 'Redemptions and discount applied on one calendar day of the campaign time zone' })
export class DailyRedemptionsType {
  @Field() date!: string;
  @Field(() => Int) redemptions!: number;
  @Field(() => DecimalScalar) applied!: string;
  @Field(() => DecimalScalar, { nullable: true, description: 'Budget left at the end of the day (burn-down)' }) remaining?: string | null;
}

@ObjectType('CampaignReport')
export class CampaignReportType {
  @Field(() => CampaignType) campaign!: object;
  @Field({ description: 'YYYY-MM' }) month!: string;
  @Field(() => DecimalScalar, { nullable: true, description: "The month's budget (its slots' allowance, else the campaign's budget per period); a TOTAL budget's whole amount" }) budget?: string | null;
  @Field(() => DecimalScalar, { description: 'Discount applied by the month\'s successful, non-test redemptions' }) applied!: string;
  @Field(() => DecimalScalar, { nullable: true, description: 'applied − budget at month end (negative: under budget); a TOTAL budget compares appliedToDate' }) variance?: string | null;
  @Field(() => Int, { description: 'Codes created (generated or imported) up to the end of the month' }) codesGenerated!: number;
  @Field(() => Int, { description: 'Codes issued to customers during the month' }) codesIssued!: number;
  @Field(() => Int) redemptions!: number;
  @Field(() => Int) rolledBack!: number;
  @Field(() => Float, { description: 'redemptions ÷ codes issued in the month (÷ codes generated when none were issued)' }) redemptionRate!: number;
  @Field(() => Float, { nullable: true, description: 'Median hours from a code\'s issue to its redemption, over the month\'s redemptions of issued codes' }) medianHoursToRedeem?: number | null;
  @Field(() => [BreakdownRowType]) byChannel!: BreakdownRowType[];
  @Field(() => [BreakdownRowType]) byUnit!: BreakdownRowType[];
  @Field(() => [DailyRedemptionsType], { description: 'Per day of the month, for charts' }) daily!: DailyRedemptionsType[];
}

@ObjectType('ReviewFlag')
export class ReviewFlagType {
  @Field(() => ID) id!: string;
  @Field({ description: 'e.g. BUDGET_EXHAUSTED, VELOCITY, FAILED_ATTEMPTS, MANY_CODES_ONE_CUSTOMER, WRITE_OFF_OUTSIDE_HOURS' }) kind!: string;
  @Field() subjectType!: string;
  @Field(() => ID) subjectId!: string;
  @Field() message!: string;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true }) resolvedAt?: Date | null;
  @Field(() => String, { nullable: true }) resolveComment?: string | null;
  // resolvedBy: ReviewFlagResolver
}

@ObjectType('CodeImportReject')
export class CodeImportRejectType {
  @Field(() => Int, { description: '1-based position in the input' }) row!: number;
  @Field() code!: string;
  @Field() reason!: string;
}

@ObjectType('CodeImportReport')
export class CodeImportReportType {
  @Field(() => Int) imported!: number;
  @Field(() => [CodeImportRejectType]) rejected!: CodeImportRejectType[];
}
