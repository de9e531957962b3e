import { SEGMENT_ENTITIES, type SegmentEntityKind } from '@perkflow/domain';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Connection, PageInfo } from '../../graphql/pagination.js';
import { JSONObjectScalar, LocalDateScalar } from '../../graphql/scalars.js';
import { BILLING_FREQUENCIES, type BillingFrequency } from './subscription.entity.js';

// The GraphQL classes of this module end in `Object`: the contract has a type named `ProductType`,
// which is also the name of the entity, so the usual `…Type` suffix would be ambiguous here.

export const SegmentEntityEnum = Object.fromEntries(SEGMENT_ENTITIES.map((e) => [e, e])) as { [K in SegmentEntityKind]: K };
registerEnumType(SegmentEntityEnum, { name: 'SegmentEntity' });

export const BillingFrequencyEnum = Object.fromEntries(BILLING_FREQUENCIES.map((f) => [f, f])) as { [K in BillingFrequency]: K };
registerEnumType(BillingFrequencyEnum, { name: 'BillingFrequency' });

@ObjectType('ProductType')
export class ProductTypeObject {
  @Field(() => ID) id!: string;
  @Field() name!: string;
}

@ObjectType('ProductFamily')
export class ProductFamilyObject {
  @Field(() => ID) id!: string;
  @Field() name!: string;
}

@ObjectType('Product')
export class ProductObject {
  @Field(() => ID) id!: string;
  @Field() code!: string;
  @Field() name!: string;
  // type, family, price: resolved in ProductResolver
}

@ObjectType('Address')
export class AddressObject {
  @Field(() => String, { nullable: true }) area?: string | null;
  @Field(() => String, { nullable: true }) city?: string | null;
  @Field(() => String, { nullable: true }) district?: string | null;
  @Field() active!: boolean;
}

@ObjectType('Customer')
export class CustomerObject {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => String, { nullable: true }) email?: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) birthday?: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) nameDay?: string | null;
  @Field(() => Date) signedUpAt!: Date;
  @Field(() => String, { nullable: true }) region?: string | null;
  @Field(() => [AddressObject]) addresses!: AddressObject[];
  @Field() blacklisted!: boolean;
  @Field(() => String, { nullable: true }) blacklistReason?: string | null;
}

@ObjectType('CustomerConnection')
export class CustomerConnection extends Connection(CustomerObject) {}

@ObjectType('Segment')
export class SegmentObject {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => SegmentEntityEnum) entity!: SegmentEntityKind;
  @Field(() => JSONObjectScalar, { nullable: true, description: "JsonLogic rule over the entity's facts; null for a static segment" })
  rule?: Record<string, unknown> | null;
  @Field(() => [ID], { description: 'Members of a static segment; empty for a dynamic one' }) memberIds!: string[];
}

@ObjectType('SubscriptionService')
export class SubscriptionServiceObject {
  @Field(() => ID) id!: string;
  @Field() isMain!: boolean;
  // product, price: resolved in SubscriptionServiceResolver
}

@ObjectType('Subscription')
export class SubscriptionObject {
  @Field(() => ID) id!: string;
  @Field(() => BillingFrequencyEnum) billingFrequency!: BillingFrequency;
  @Field(() => LocalDateScalar) effectiveDate!: string;
  @Field({ description: 'Currency of every service price' }) currency!: string;
  // customer, services: resolved in SubscriptionResolver
}

@ObjectType('JobLine')
export class JobLineObject {
  @Field(() => ID) id!: string;
  // product, price: resolved in JobLineResolver
}

@ObjectType('Job')
export class JobObject {
  @Field(() => ID) id!: string;
  @Field(() => LocalDateScalar) orderDate!: string;
  @Field(() => LocalDateScalar) expectedCompletionDate!: string;
  @Field(() => LocalDateScalar, { nullable: true }) actualCompletionDate?: string | null;
  @Field({ description: 'Currency of every line price' }) currency!: string;
  // customer, lines: resolved in JobResolver
}

@ObjectType('SegmentMemberPage', { description: "A page of a segment's members, in ascending id order; only the list of the segment's entity kind is filled" })
export class SegmentMemberPage {
  @Field(() => SegmentEntityEnum) entity!: SegmentEntityKind;
  @Field(() => [ID]) memberIds!: string[];
  @Field(() => [CustomerObject]) customers!: object[];
  @Field(() => [SubscriptionObject]) subscriptions!: object[];
  @Field(() => [JobObject]) jobs!: object[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int, { description: 'All members (a dynamic segment is evaluated over every record of its kind)' }) totalCount!: number;
  @Field({
    description:
      'False when evaluating a dynamic segment stopped at its time budget (a few seconds): the page and totalCount then cover only the records scanned so far, in id order',
  })
  complete!: boolean;
}

