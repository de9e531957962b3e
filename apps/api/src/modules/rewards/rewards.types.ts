import {
  AWARD_KINDS,
  AWARD_VALIDITY_KINDS,
  EVALUATION_METHODS,
  NUMBER_OF_AWARDS,
  OFFER_CLASSIFICATIONS,
  OFFER_LIFE_CYCLE_STATES,
  OFFER_VALIDITY_KINDS,
  type AwardKind,
  type AwardValidityKind,
  type EvaluationMethod,
  type NumberOfAwards,
  type OfferClassification,
  type OfferLifeCycleState,
  type OfferValidityKind,
  type Weekday,
} from '@perkflow/domain';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../../graphql/pagination.js';
import { PeriodInput, PeriodType, WeekdayEnum } from '../../graphql/period.type.js';
import { DecimalScalar } from '../../graphql/scalars.js';
import { CUSTOMER_EVENT_KINDS, REWARD_RUN_STATES, type CustomerEventKind, type RewardRunState } from './wallet.entity.js';

const enumOf = <T extends string>(values: readonly T[], name: string, description?: string) => {
  const e = Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
  registerEnumType(e, { name, description });
  return e;
};
export const OfferClassificationEnum = enumOf(OFFER_CLASSIFICATIONS, 'OfferClassification');
export const OfferLifeCycleStateEnum = enumOf(OFFER_LIFE_CYCLE_STATES, 'OfferLifeCycleState');
export const EvaluationMethodEnum = enumOf(EVALUATION_METHODS, 'EvaluationMethod');
export const AwardKindEnum = enumOf(AWARD_KINDS, 'AwardKind');
export const OfferValidityKindEnum = enumOf(OFFER_VALIDITY_KINDS, 'OfferValidityKind');
export const AwardValidityKindEnum = enumOf(AWARD_VALIDITY_KINDS, 'AwardValidityKind');
export const NumberOfAwardsEnum = enumOf(NUMBER_OF_AWARDS, 'NumberOfAwards');
export const CustomerEventKindEnum = enumOf(CUSTOMER_EVENT_KINDS, 'CustomerEventKind');
export const RewardRunStateEnum = enumOf(REWARD_RUN_STATES, 'RewardRunState');

// ------------------------------------------------------------------ configuration

@ObjectType('RewardsDefinition')
export class RewardsDefinitionType {
  // allowedOfferTypes: resolved
  @Field({ description: 'False until setRewardsDefinition is first called: until then every offer type is allowed' }) isSet!: boolean;
}

@ObjectType('RewardOfferCategory')
export class RewardOfferCategoryType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
}

@ObjectType('RewardOfferType')
export class RewardOfferTypeType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => OfferClassificationEnum) classification!: OfferClassification;
  // allowedCategories: resolved
}

@InputType()
export class CreateRewardOfferTypeInput {
  @Field() name!: string;
  @Field(() => OfferClassificationEnum) classification!: OfferClassification;
  @Field(() => [ID], { nullable: true }) allowedCategoryIds?: string[] | null;
}

// ------------------------------------------------------------------ offer rules

@ObjectType('Award')
export class AwardType {
  @Field(() => AwardKindEnum) kind!: AwardKind;
  @Field(() => DecimalScalar, { nullable: true }) amount?: string | null;
  @Field(() => DecimalScalar, { nullable: true }) percentage?: string | null;
  @Field(() => PeriodType, { nullable: true }) within?: PeriodType | null;
  // considerOfferTypes, considerSchemes: resolved
}

@InputType()
export class AwardInput {
  @Field(() => AwardKindEnum) kind!: AwardKind;
  @Field(() => DecimalScalar, { nullable: true }) amount?: string | null;
  @Field(() => DecimalScalar, { nullable: true }) percentage?: string | null;
  @Field(() => PeriodInput, { nullable: true }) within?: PeriodInput | null;
  @Field(() => [ID], { nullable: true }) considerOfferTypeIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) considerSchemeIds?: string[] | null;
}

@ObjectType('OfferValidity')
export class OfferValidityType {
  @Field(() => OfferValidityKindEnum) kind!: OfferValidityKind;
  @Field(() => Date, { nullable: true }) validFrom?: Date | null;
  @Field(() => Date, { nullable: true }) validTo?: Date | null;
  @Field(() => Int, { nullable: true }) daysBefore?: number | null;
  @Field(() => Int, { nullable: true }) daysAfter?: number | null;
  @Field(() => Int, { nullable: true }) fromDay?: number | null;
  @Field(() => Int, { nullable: true }) fromMonth?: number | null;
  @Field(() => Int, { nullable: true }) toDay?: number | null;
  @Field(() => Int, { nullable: true }) toMonth?: number | null;
}

@InputType()
export class OfferValidityInput {
  @Field(() => OfferValidityKindEnum) kind!: OfferValidityKind;
  @Field(() => Date, { nullable: true }) validFrom?: Date | null;
  @Field(() => Date, { nullable: true }) validTo?: Date | null;
  @Field(() => Int, { nullable: true }) daysBefore?: number | null;
  @Field(() => Int, { nullable: true }) daysAfter?: number | null;
  @Field(() => Int, { nullable: true }) fromDay?: number | null;
  @Field(() => Int, { nullable: true }) fromMonth?: number | null;
  @Field(() => Int, { nullable: true }) toDay?: number | null;
  @Field(() => Int, { nullable: true }) toMonth?: number | null;
}

@ObjectType('AwardValidity')
export class AwardValidityType {
  @Field(() => AwardValidityKindEnum) kind!: AwardValidityKind;
  @Field(() => PeriodType, { nullable: true }) after?: PeriodType | null;
  @Field(() => Date, { nullable: true }) until?: Date | null;
}

@InputType()
export class AwardValidityInput {
  @Field(() => AwardValidityKindEnum) kind!: AwardValidityKind;
  @Field(() => PeriodInput, { nullable: true }) after?: PeriodInput | null;
  @Field(() => Date, { nullable: true }) until?: Date | null;
}

@ObjectType('HourRange')
export class HourRangeType {
  @Field({ description: 'HH:MM, inclusive' }) from!: string;
  @Field({ description: 'HH:MM, exclusive' }) to!: string;
}

@InputType()
export class HourRangeInput {
  @Field() from!: string;
  @Field() to!: string;
}

@ObjectType('AwardConditions')
export class AwardConditionsType {
  @Field(() => NumberOfAwardsEnum) numberOfAwards!: NumberOfAwards;
  @Field(() => [String]) allowedAreas!: string[];
  @Field(() => [String]) allowedCities!: string[];
  @Field(() => [String]) allowedDistricts!: string[];
  // includedSegments, excludedSegments, allowedGroups, allowedUnits: resolved
}

@InputType()
export class AwardConditionsInput {
  @Field(() => NumberOfAwardsEnum) numberOfAwards!: NumberOfAwards;
  @Field(() => [ID], { nullable: true }) includedSegmentIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) excludedSegmentIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) allowedGroupIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) allowedUnitIds?: string[] | null;
  @Field(() => [String], { nullable: true }) allowedAreas?: string[] | null;
  @Field(() => [String], { nullable: true }) allowedCities?: string[] | null;
  @Field(() => [String], { nullable: true }) allowedDistricts?: string[] | null;
}

@ObjectType('SpendConditions')
export class SpendConditionsType {
  @Field(() => [WeekdayEnum]) days!: Weekday[];
  @Field(() => [HourRangeType]) hourRanges!: HourRangeType[];
  @Field(() => PeriodType, { nullable: true }) afterAwarding?: PeriodType | null;
  // products, productTypes, productFamilies, allowedGroups, allowedUnits: resolved
}

@InputType()
export class SpendConditionsInput {
  @Field(() => [WeekdayEnum], { nullable: true }) days?: Weekday[] | null;
  @Field(() => [HourRangeInput], { nullable: true }) hourRanges?: HourRangeInput[] | null;
  @Field(() => PeriodInput, { nullable: true }) afterAwarding?: PeriodInput | null;
  @Field(() => [ID], { nullable: true }) productIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) productTypeIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) productFamilyIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) allowedGroupIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) allowedUnitIds?: string[] | null;
}

// ------------------------------------------------------------------ templates and offers

@ObjectType('RewardOfferTemplate')
export class RewardOfferTemplateType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => OfferClassificationEnum) classification!: OfferClassification;
  // award, spendConditions, ownedByGroup, privacyLevel: resolved
}

@InputType()
export class CreateRewardOfferTemplateInput {
  @Field() name!: string;
  @Field(() => OfferClassificationEnum) classification!: OfferClassification;
  @Field(() => AwardInput, { nullable: true }) award?: AwardInput | null;
  @Field(() => SpendConditionsInput, { nullable: true }) spendConditions?: SpendConditionsInput | null;
}

@ObjectType('RewardOffer')
export class RewardOfferObject {
  @Field(() => ID) id!: string;
  @Field() number!: string;
  @Field() name!: string;
  @Field(() => String, { nullable: true }) alternativeCode?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => OfferClassificationEnum) classification!: OfferClassification;
  @Field(() => OfferLifeCycleStateEnum) lifeCycleState!: OfferLifeCycleState;
  @Field(() => Date, { nullable: true }) latestEffectiveDate?: Date | null;
  @Field(() => EvaluationMethodEnum) evaluationMethod!: EvaluationMethod;
  @Field() applyIfBestAward!: boolean;
  @Field(() => Date) createdAt!: Date;
  // scheme, type, category, template, award, validity, awardValidity, awardConditions, spendConditions, ownedByGroup, privacyLevel: resolved
}

@ObjectType('RewardOfferConnection')
export class RewardOfferConnection extends Connection(RewardOfferObject) {}

@InputType()
export class CreateRewardOfferInput {
  @Field() name!: string;
  @Field(() => String, { nullable: true }) alternativeCode?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => ID) schemeId!: string;
  @Field(() => ID) typeId!: string;
  @Field(() => ID, { nullable: true }) categoryId?: string | null;
  @Field(() => ID, { nullable: true }) templateId?: string | null;
  @Field(() => EvaluationMethodEnum, { nullable: true, defaultValue: 'BATCH' }) evaluationMethod?: EvaluationMethod | null;
  @Field(() => AwardInput, { nullable: true, description: 'Required unless the template supplies it' }) award?: AwardInput | null;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) applyIfBestAward?: boolean | null;
  @Field(() => OfferValidityInput, { nullable: true }) validity?: OfferValidityInput | null;
  @Field(() => AwardValidityInput, { nullable: true }) awardValidity?: AwardValidityInput | null;
  @Field(() => AwardConditionsInput, { nullable: true }) awardConditions?: AwardConditionsInput | null;
  @Field(() => SpendConditionsInput, { nullable: true }) spendConditions?: SpendConditionsInput | null;
}

@InputType()
export class UpdateRewardOfferInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) alternativeCode?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => ID, { nullable: true }) categoryId?: string | null;
  @Field(() => EvaluationMethodEnum, { nullable: true }) evaluationMethod?: EvaluationMethod | null;
  @Field(() => AwardInput, { nullable: true }) award?: AwardInput | null;
  @Field(() => Boolean, { nullable: true }) applyIfBestAward?: boolean | null;
  @Field(() => OfferValidityInput, { nullable: true }) validity?: OfferValidityInput | null;
  @Field(() => AwardValidityInput, { nullable: true }) awardValidity?: AwardValidityInput | null;
  @Field(() => AwardConditionsInput, { nullable: true }) awardConditions?: AwardConditionsInput | null;
  @Field(() => SpendConditionsInput, { nullable: true }) spendConditions?: SpendConditionsInput | null;
}

@InputType()
export class RewardOfferFilter {
  @Field(() => ID, { nullable: true }) schemeId?: string | null;
  @Field(() => OfferLifeCycleStateEnum, { nullable: true }) lifeCycleState?: OfferLifeCycleState | null;
  @Field(() => OfferClassificationEnum, { nullable: true }) classification?: OfferClassification | null;
  @Field(() => String, { nullable: true }) search?: string | null;
  @Field(() => ID, { nullable: true }) typeId?: string | null;
  @Field(() => EvaluationMethodEnum, { nullable: true }) evaluationMethod?: EvaluationMethod | null;
}

// ------------------------------------------------------------------ participants, events, runs, wallets

@ObjectType('RewardsParticipant')
export class RewardsParticipantType {
  @Field(() => ID) id!: string;
  @Field(() => Date) joinedAt!: Date;
  // customer, scheme: resolved
}

@ObjectType('CustomerEvent')
export class CustomerEventType {
  @Field(() => ID) id!: string;
  @Field(() => CustomerEventKindEnum) kind!: CustomerEventKind;
  @Field(() => Date) performedAt!: Date;
  @Field(() => String, { nullable: true }) currency?: string | null;
  @Field() processImmediately!: boolean;
  // customer, amount, products, unit, processedAt: resolved
}

@ObjectType('CustomerEventConnection')
export class CustomerEventConnection extends Connection(CustomerEventType) {}

@InputType()
export class SubmitCustomerEventInput {
  @Field(() => ID) customerId!: string;
  @Field(() => CustomerEventKindEnum) kind!: CustomerEventKind;
  @Field(() => Date) performedAt!: Date;
  @Field(() => DecimalScalar, { nullable: true }) amount?: string | null;
  @Field(() => String, { nullable: true }) currency?: string | null;
  @Field(() => [ID], { nullable: true }) productIds?: string[] | null;
  @Field(() => ID, { nullable: true }) unitId?: string | null;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) processImmediately?: boolean | null;
  @Field(() => String, { nullable: true, description: 'Makes a retried submission return the first event instead of creating a second' }) idempotencyKey?: string | null;
}

@ObjectType('RewardRun')
export class RewardRunType {
  @Field(() => ID) id!: string;
  @Field(() => Date) startedAt!: Date;
  @Field(() => Date, { nullable: true }) finishedAt?: Date | null;
  @Field(() => Int) eventsProcessed!: number;
  @Field(() => Int) awardsCreated!: number;
  @Field(() => RewardRunStateEnum) state!: RewardRunState;
  @Field({ description: 'MANUAL, SCHEDULE, JOB, SEED or TOOL' }) trigger!: string;
  @Field(() => Int, { description: 'Batches committed so far' }) batches!: number;
  @Field(() => String, { nullable: true }) error?: string | null;
  @Field(() => Date, { nullable: true, description: 'When the run last committed a batch (or was claimed or re-queued)' }) heartbeatAt?: Date | null;
  totalAwarded!: string;
  // totalAwarded, stalled: resolved
}

/** An award as the wallet shows it (amounts already formatted in the scheme currency). */
@ObjectType('AwardTransaction')
export class AwardTransactionType {
  @Field(() => ID) id!: string;
  @Field(() => DecimalScalar) amount!: string;
  @Field(() => DecimalScalar) remaining!: string;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true, description: 'Exclusive: the award can be spent strictly before this instant' }) expiresAt?: Date | null;
  @Field({ description: 'True when the award had expired at the time the wallet was read' }) expired!: boolean;
  offerId!: string;
  eventId!: string | null;
  // offer, event: resolved
}

@ObjectType('SpendTransaction')
export class SpendTransactionType {
  @Field(() => ID) id!: string;
  @Field(() => DecimalScalar) amount!: string;
  @Field(() => Date) performedAt!: string | Date;
  unitId!: string | null;
  productIds!: string[];
  // unit, products: resolved
}

@ObjectType('Wallet')
export class WalletType {
  @Field(() => DecimalScalar, { description: 'Unspent remainder of the awards not expired now' }) balance!: string;
  @Field(() => [AwardTransactionType]) awards!: AwardTransactionType[];
  @Field(() => [SpendTransactionType]) spends!: SpendTransactionType[];
  customerId!: string;
  schemeId!: string;
  // customer, scheme: resolved
}

@InputType()
export class SpendAwardsInput {
  @Field(() => ID) customerId!: string;
  @Field(() => ID) schemeId!: string;
  @Field(() => DecimalScalar) amount!: string;
  @Field(() => [ID], { nullable: true }) productIds?: string[] | null;
  @Field(() => ID, { nullable: true }) unitId?: string | null;
  @Field(() => Date, { nullable: true }) performedAt?: Date | null;
  @Field(() => String, { nullable: true }) idempotencyKey?: string | null;
}
