import { Field, ID, Int, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Connection } from '../../graphql/pagination.js';

@ObjectType('AuditEntry')
export class AuditEntryType {
  @Field(() => ID) id!: string;
  @Field(() => Date) at!: Date;
  @Field() action!: string;
  @Field() entityType!: string;
  @Field(() => ID) entityId!: string;
  @Field(() => GraphQLJSONObject, { nullable: true }) before?: Record<string, unknown> | null;
  @Field(() => GraphQLJSONObject, { nullable: true }) after?: Record<string, unknown> | null;
  // hash, prevHash, pending, chainSeq, actor: resolved in AuditResolver
}

@ObjectType('AuditEntryConnection')
export class AuditEntryConnection extends Connection(AuditEntryType) {}

@ObjectType('AuditCheckpoint', { description: "The chain's end as last recorded by the chainer, signed with a key kept apart from the audit table" })
export class AuditCheckpointType {
  @Field(() => Int, { description: 'Chained entries (the head position)' }) chainSeq!: number;
  @Field(() => ID, { nullable: true }) entryId?: string | null;
  @Field() headHash!: string;
  @Field(() => Date) chainedAt!: Date;
  @Field({ description: 'The signature matches' }) signed!: boolean;
}

@ObjectType('AuditVerification')
export class AuditVerificationType {
  @Field() ok!: boolean;
  @Field(() => Int) checked!: number;
  @Field(() => ID, { nullable: true, description: 'Id of the first entry whose hash does not match, if any' }) firstBrokenId?: string | null;
  @Field(() => Int, { description: 'Entries written but not chained yet (checked for consistency)' }) pending!: number;
  @Field({ description: 'The newest entries the signed checkpoint vouches for are missing' }) truncated!: boolean;
  @Field(() => Int, { nullable: true, description: 'First missing chain position (truncation or a hole)' }) missingFrom?: number | null;
  @Field(() => Int, { nullable: true, description: 'Last missing chain position' }) missingTo?: number | null;
  @Field(() => String, { nullable: true, description: 'What is wrong, in words' }) problem?: string | null;
  @Field(() => AuditCheckpointType, { nullable: true, description: 'The signed anchor of the chain end' }) checkpoint?: AuditCheckpointType | null;
}
