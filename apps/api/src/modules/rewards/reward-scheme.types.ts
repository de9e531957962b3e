import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { Connection } from '../../graphql/pagination.js';

@ObjectType('RewardScheme')
export class RewardSchemeType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => String, { nullable: true }) code?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field({ description: 'Currency of every award and spend in the scheme' }) currency!: string;
  @Field({ description: 'IANA time zone in which weekdays, hours, birthdays, name days and recurring periods are read' }) timezone!: string;
  // ownedByGroup, privacyLevel: resolved in RewardSchemeResolver
}

@ObjectType('RewardSchemeConnection')
export class RewardSchemeConnection extends Connection(RewardSchemeType) {}

@InputType()
export class CreateRewardSchemeInput {
  @Field() name!: string;
  @Field(() => String, { nullable: true }) code?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => String, { nullable: true, defaultValue: 'EUR' }) currency!: string;
  @Field(() => String, { nullable: true, defaultValue: 'UTC' }) timezone!: string;
}
