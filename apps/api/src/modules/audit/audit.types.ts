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
  @Field() hash!: string;
  @Field({ description: 'Hash of the previous entry in the chain' }) prevHash!: string;
  // actor: resolved in AuditResolver
}

@ObjectType('AuditEntryConnection')
export class AuditEntryConnection extends Connection(AuditEntryType) {}

@ObjectType('AuditVerification')
export class AuditVerificationType {
  @Field() ok!: boolean;
  @Field(() => Int) checked!: number;
  @Field(() => ID, { nullable: true, description: 'Id of the first entry whose hash does not match, if any' }) firstBrokenId?: string | null;
}
