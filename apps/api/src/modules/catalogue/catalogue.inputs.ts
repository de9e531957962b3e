import type { SegmentEntityKind } from '@perkflow/domain';
import { Field, ID, InputType } from 'type-graphql';
import { DecimalScalar, JSONObjectScalar, LocalDateScalar } from '../../graphql/scalars.js';
import { BillingFrequencyEnum, SegmentEntityEnum } from './catalogue.types.js';
import type { BillingFrequency } from './subscription.entity.js';

@InputType()
export class CreateProductInput {
  @Field() code!: string;
  @Field() name!: string;
  @Field(() => ID) typeId!: string;
  @Field(() => ID, { nullable: true }) familyId?: string | null;
  @Field(() => DecimalScalar, { nullable: true }) price?: string | null;
  @Field(() => String, { nullable: true }) currency?: string | null;
}

@InputType({ description: 'Fields left out stay as they are; price and currency change together (both null removes the price)' })
export class UpdateProductInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => ID, { nullable: true }) typeId?: string | null;
  @Field(() => ID, { nullable: true, description: 'null keeps the family; use clearFamily to remove it' }) familyId?: string | null;
  @Field(() => Boolean, { nullable: true }) clearFamily?: boolean | null;
  @Field(() => DecimalScalar, { nullable: true }) price?: string | null;
  @Field(() => String, { nullable: true }) currency?: string | null;
  @Field(() => Boolean, { nullable: true }) clearPrice?: boolean | null;
}

@InputType()
export class AddressInput {
  @Field(() => String, { nullable: true }) area?: string | null;
  @Field(() => String, { nullable: true }) city?: string | null;
  @Field(() => String, { nullable: true }) district?: string | null;
  @Field(() => Boolean, { nullable: true, defaultValue: true }) active?: boolean | null;
}

@InputType()
export class CreateCustomerInput {
  @Field() name!: string;
  @Field(() => String, { nullable: true }) email?: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) birthday?: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) nameDay?: string | null;
  @Field(() => Date, { nullable: true }) signedUpAt?: Date | null;
  @Field(() => String, { nullable: true }) region?: string | null;
  @Field(() => [AddressInput], { nullable: true }) addresses?: AddressInput[] | null;
}

@InputType({ description: 'Fields left out stay as they are; addresses, when given, replace the list' })
export class UpdateCustomerInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) email?: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) birthday?: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) nameDay?: string | null;
  @Field(() => String, { nullable: true }) region?: string | null;
  @Field(() => [AddressInput], { nullable: true }) addresses?: AddressInput[] | null;
}

@InputType()
export class CreateSegmentInput {
  @Field() name!: string;
  @Field(() => SegmentEntityEnum) entity!: SegmentEntityKind;
  @Field(() => JSONObjectScalar, { nullable: true }) rule?: Record<string, unknown> | null;
  @Field(() => [ID], { nullable: true }) memberIds?: string[] | null;
}

@InputType({ description: 'Fields left out stay as they are; the entity kind never changes. A rule and member ids exclude each other' })
export class UpdateSegmentInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => JSONObjectScalar, { nullable: true }) rule?: Record<string, unknown> | null;
  @Field(() => [ID], { nullable: true }) memberIds?: string[] | null;
}

@InputType()
export class SubscriptionServiceInput {
  @Field(() => ID) productId!: string;
  @Field(() => DecimalScalar) price!: string;
  @Field() isMain!: boolean;
}

@InputType()
export class CreateSubscriptionInput {
  @Field(() => ID) customerId!: string;
  @Field(() => BillingFrequencyEnum) billingFrequency!: BillingFrequency;
  @Field(() => LocalDateScalar) effectiveDate!: string;
  @Field() currency!: string;
  @Field(() => [SubscriptionServiceInput]) services!: SubscriptionServiceInput[];
}

@InputType()
export class JobLineInput {
  @Field(() => ID) productId!: string;
  @Field(() => DecimalScalar) price!: string;
}

@InputType()
export class CreateJobInput {
  @Field(() => ID) customerId!: string;
  @Field(() => LocalDateScalar) orderDate!: string;
  @Field(() => LocalDateScalar) expectedCompletionDate!: string;
  @Field() currency!: string;
  @Field(() => [JobLineInput]) lines!: JobLineInput[];
}
