import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DecimalScalar, LocalDateScalar } from '../../graphql/scalars.js';

@ObjectType('RewardsReportMonth')
export class RewardsReportMonthType {
  @Field({ description: 'YYYY-MM in the scheme time zone' }) month!: string;
  @Field(() => DecimalScalar) awarded!: string;
  @Field(() => DecimalScalar) spent!: string;
  @Field(() => DecimalScalar) expired!: string;
}

@ObjectType('RewardsReportOffer')
export class RewardsReportOfferType {
  @Field(() => ID) offerId!: string;
  @Field() offerName!: string;
  @Field(() => Int) awards!: number;
  @Field(() => DecimalScalar) awarded!: string;
}

@ObjectType('RewardsReport', { description: 'SPEC §8: awarded, spent, expired and outstanding liability of one scheme over [from, to) in its time zone' })
export class RewardsReportType {
  @Field(() => ID) schemeId!: string;
  @Field() currency!: string;
  @Field() timezone!: string;
  @Field(() => LocalDateScalar) from!: string;
  @Field(() => LocalDateScalar, { description: 'Exclusive end date' }) to!: string;
  @Field(() => Int) participants!: number;
  @Field(() => Int) awards!: number;
  @Field(() => DecimalScalar, { description: 'Sum of the awards created in the period' }) awarded!: string;
  @Field(() => Int) spends!: number;
  @Field(() => DecimalScalar, { description: 'Sum of the spends performed in the period' }) spent!: string;
  @Field(() => DecimalScalar, { description: 'Unspent remainder of the awards that expired in the period' }) expired!: string;
  @Field(() => DecimalScalar, { description: 'Unspent remainder of every award not expired now: what the scheme still owes' }) outstandingLiability!: string;
  @Field(() => [RewardsReportMonthType]) byMonth!: RewardsReportMonthType[];
  @Field(() => [RewardsReportOfferType], { description: 'Awarded per offer in the period, largest first' }) byOffer!: RewardsReportOfferType[];
}
