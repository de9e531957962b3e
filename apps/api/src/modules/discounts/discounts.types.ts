import type { AdHocDiscountState, ApprovalMethod, BillingFrequency, DiscountApplication, DiscountDuration, DiscountTarget, DiscountValueKind } from '@perkflow/domain';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../../graphql/pagination.js';
import { PeriodInput } from '../../graphql/period.type.js';
import { DecimalScalar, LocalDateScalar } from '../../graphql/scalars.js';
import { BillingFrequencyEnum } from '../catalogue/catalogue.types.js';
import { AD_HOC_DISCOUNT_STATES } from './ad-hoc-discount.entity.js';
import { APPROVAL_METHODS, DISCOUNT_APPLICATIONS, DISCOUNT_DURATIONS, DISCOUNT_TARGETS, DISCOUNT_VALUE_KINDS } from './discount-definition.entity.js';

const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const DiscountTargetEnum = enumOf(DISCOUNT_TARGETS);
registerEnumType(DiscountTargetEnum, { name: 'DiscountTarget' });
export const DiscountApplicationEnum = enumOf(DISCOUNT_APPLICATIONS);
registerEnumType(DiscountApplicationEnum, { name: 'DiscountApplication' });
export const DiscountValueKindEnum = enumOf(DISCOUNT_VALUE_KINDS);
registerEnumType(DiscountValueKindEnum, { name: 'DiscountValueKind' });
export const DiscountDurationEnum = enumOf(DISCOUNT_DURATIONS);
registerEnumType(DiscountDurationEnum, { name: 'DiscountDuration' });
export const ApprovalMethodEnum = enumOf(APPROVAL_METHODS);
registerEnumType(ApprovalMethodEnum, { name: 'ApprovalMethod' });
export const AdHocDiscountStateEnum = enumOf(AD_HOC_DISCOUNT_STATES);
registerEnumType(AdHocDiscountStateEnum, { name: 'AdHocDiscountState' });

@ObjectType('AdditiveDiscountDefinition')
export class AdditiveDiscountDefinitionType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => DiscountTargetEnum) target!: DiscountTarget;
  @Field(() => DiscountApplicationEnum) application!: DiscountApplication;
  @Field(() => DiscountValueKindEnum) valueKind!: DiscountValueKind;
  @Field(() => Int, { nullable: true }) freePeriodDays?: number | null;
  @Field(() => String, { nullable: true }) currency?: string | null;
  @Field(() => Date) effectiveDate!: Date;
  @Field(() => Date, { nullable: true, description: 'Inclusive: a date at midnight UTC includes that whole day (docs/discounts.md)' }) expirationDate?: Date | null;
  @Field(() => DiscountDurationEnum) duration!: DiscountDuration;
  @Field(() => Date, { nullable: true, description: 'FIXED_DATE: discounts run until this date, inclusive' }) durationUntil?: Date | null;
  @Field(() => Int, { nullable: true, description: 'At most this many per customer within applicationPeriod (pending and approved count)' }) maxApplications?: number | null;
  @Field(() => ApprovalMethodEnum) approvalMethod!: ApprovalMethod;
  @Field(() => [BillingFrequencyEnum]) billingFrequencies!: BillingFrequency[];
  // amount, minAmount, maxAmount, percentage, applicationPeriod, approvalUnit, products, productTypes,
  // includedSegments, excludedSegments, ownedByGroup, privacyLevel: resolved in DiscountDefinitionResolver
}

@InputType()
export class CreateAdditiveDiscountDefinitionInput {
  @Field() name!: string;
  @Field(() => DiscountTargetEnum) target!: DiscountTarget;
  @Field(() => DiscountApplicationEnum) application!: DiscountApplication;
  @Field(() => DiscountValueKindEnum) valueKind!: DiscountValueKind;
  @Field(() => DecimalScalar, { nullable: true }) amount?: string | null;
  @Field(() => DecimalScalar, { nullable: true }) minAmount?: string | null;
  @Field(() => DecimalScalar, { nullable: true }) maxAmount?: string | null;
  @Field(() => DecimalScalar, { nullable: true }) percentage?: string | null;
  @Field(() => Int, { nullable: true }) freePeriodDays?: number | null;
  @Field(() => String, { nullable: true }) currency?: string | null;
  @Field(() => Date) effectiveDate!: Date;
  @Field(() => Date, { nullable: true }) expirationDate?: Date | null;
  @Field(() => DiscountDurationEnum, { nullable: true, defaultValue: 'ONCE_OFF' }) duration?: DiscountDuration | null;
  @Field(() => Date, { nullable: true }) durationUntil?: Date | null;
  @Field(() => Int, { nullable: true }) maxApplications?: number | null;
  @Field(() => PeriodInput, { nullable: true }) applicationPeriod?: PeriodInput | null;
  @Field(() => ApprovalMethodEnum) approvalMethod!: ApprovalMethod;
  @Field(() => ID, { nullable: true }) approvalUnitId?: string | null;
  @Field(() => [BillingFrequencyEnum], { nullable: true }) billingFrequencies?: BillingFrequency[] | null;
  @Field(() => [ID], { nullable: true }) productIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) productTypeIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) includedSegmentIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) excludedSegmentIds?: string[] | null;
}

@ObjectType('AdHocDiscount')
export class AdHocDiscountType {
  @Field(() => ID) id!: string;
  @Field() number!: string;
  @Field(() => AdHocDiscountStateEnum) state!: AdHocDiscountState;
  @Field(() => Int, { nullable: true }) freePeriodDays?: number | null;
  @Field(() => ApprovalMethodEnum) approvalMethod!: ApprovalMethod;
  @Field(() => Date) providedOn!: Date;
  @Field(() => Date, { nullable: true }) approvedOn?: Date | null;
  @Field(() => Date, { nullable: true }) cancelledOn?: Date | null;
  @Field(() => Date, { nullable: true }) effectiveDate?: Date | null;
  @Field(() => Date, { nullable: true }) expirationDate?: Date | null;
  @Field(() => String, { nullable: true, description: "The approver's or canceller's comment" }) decisionComment?: string | null;
  @Field({ description: 'Currency of the amount (the target\'s)' }) currency!: string;
  // definition, subscription, job, customer, amount, percentage, applicableProducts, providedBy, approvedBy,
  // cancelledBy, consumed, approvalRequestId: resolved in AdHocDiscountResolver
}

@InputType()
export class UpdateAdHocDiscountInput {
  @Field(() => DecimalScalar, { nullable: true }) amount?: string | null;
  @Field(() => DecimalScalar, { nullable: true }) percentage?: string | null;
  @Field(() => Int, { nullable: true }) freePeriodDays?: number | null;
  @Field(() => [ID], { nullable: true }) applicableProductIds?: string[] | null;
  @Field(() => Date, { nullable: true }) effectiveDate?: Date | null;
  @Field(() => Date, { nullable: true }) expirationDate?: Date | null;
}

/** What an agent submits: the target and the definition, plus what may later be modified while pending. */
@InputType()
export class SubmitAdHocDiscountInput extends UpdateAdHocDiscountInput {
  @Field(() => ID) definitionId!: string;
  @Field(() => ID, { nullable: true }) subscriptionId?: string | null;
  @Field(() => ID, { nullable: true }) jobId?: string | null;
}

@InputType()
export class AdHocDiscountFilter {
  @Field(() => AdHocDiscountStateEnum, { nullable: true }) state?: AdHocDiscountState | null;
  @Field(() => ID, { nullable: true }) subscriptionId?: string | null;
  @Field(() => ID, { nullable: true }) jobId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Only discounts of this definition' }) definitionId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Only discounts of this customer' }) customerId?: string | null;
}

@ObjectType('AdHocDiscountConnection')
export class AdHocDiscountConnection extends Connection(AdHocDiscountType) {}

@ObjectType('AppliedDiscount')
export class AppliedDiscountType {
  @Field(() => DiscountApplicationEnum, { description: 'AD_HOC or AUTO_APPLY' }) application!: DiscountApplication;
  @Field(() => ID) definitionId!: string;
  @Field(() => ID, { nullable: true }) adHocDiscountId?: string | null;
  @Field(() => DecimalScalar) amount!: string;
  // definitionName: resolved in AppliedDiscountResolver
}

@ObjectType('BillLine')
export class BillLineType {
  @Field(() => DecimalScalar) amount!: string;
  @Field(() => [AppliedDiscountType]) discounts!: AppliedDiscountType[];
  @Field(() => DecimalScalar) net!: string;
  productId!: string;
  // product: resolved in BillLineResolver
}

@ObjectType('BillPreview')
export class BillPreviewType {
  @Field() currency!: string;
  @Field(() => LocalDateScalar, { nullable: true }) periodStart?: string | null;
  @Field(() => LocalDateScalar, { nullable: true, description: 'Exclusive: the period is [periodStart, periodEnd)' }) periodEnd?: string | null;
  @Field(() => [BillLineType]) lines!: BillLineType[];
  @Field(() => DecimalScalar) subtotal!: string;
  @Field(() => DecimalScalar) discountTotal!: string;
  @Field(() => DecimalScalar) total!: string;
}

@ObjectType('Bill')
export class BillType extends BillPreviewType {
  @Field(() => ID) id!: string;
  @Field() number!: string;
  @Field(() => Date) createdAt!: Date;
  subscriptionId?: string | null;
  jobId?: string | null;
}

@ObjectType('AdHocDiscountOption', { description: 'A definition an agent may add to a subscription or job now, with the allowed value and what is left of its limit' })
export class AdHocDiscountOptionType {
  @Field(() => AdditiveDiscountDefinitionType) definition!: object;
  @Field(() => [ID], { description: "The target's products the definition applies to (the default applicable products)" }) applicableProductIds!: string[];
  @Field(() => Int, { nullable: true, description: 'Discounts this customer may still receive within the rolling period; null without a limit' }) remaining?: number | null;
  // minAmount, maxAmount: resolved in AdHocDiscountOptionResolver
}
