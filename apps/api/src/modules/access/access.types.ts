import { ROLES, type Role } from '@perkflow/authz';
import { PRIVACY_ENTITIES, type PrivacyEntityKind } from '@perkflow/domain';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

export const RoleEnum = Object.fromEntries(ROLES.map((r) => [r, r])) as { [K in Role]: K };
registerEnumType(RoleEnum, { name: 'Role' });

export const PrivacyEntityEnum = Object.fromEntries(PRIVACY_ENTITIES.map((r) => [r, r])) as { [K in PrivacyEntityKind]: K };
registerEnumType(PrivacyEntityEnum, { name: 'PrivacyEntity' });

@ObjectType('Group')
export class GroupType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  // collaboratingGroups: resolved in GroupResolver
}

@ObjectType('Unit')
export class UnitType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field({ description: "IANA time zone of the unit (a store's merchant days are its calendar days)" }) timezone!: string;
  // group: resolved in UnitResolver
}

@ObjectType('PrivacyLevel')
export class PrivacyLevelType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => Int) rank!: number;
}

@ObjectType('User')
export class UserType {
  @Field(() => ID) id!: string;
  @Field() email!: string;
  @Field() name!: string;
  @Field(() => [RoleEnum]) roles!: Role[];
  @Field() isSuperUser!: boolean;
  @Field({ description: 'False once deactivated: the user can no longer sign in' }) active!: boolean;
  // group, unit, privacyClearance, visibleOwnerGroupIds, clearedPrivacyLevelIds: resolved in UserResolver
}

@ObjectType('AuthPayload')
export class AuthPayloadType {
  @Field() token!: string;
  @Field(() => UserType) user!: object;
}

@ObjectType('ApiKey')
export class ApiKeyType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true }) revokedAt?: Date | null;
  @Field(() => Date, { nullable: true }) lastUsedAt?: Date | null;
  // user: resolved in ApiKeyResolver
}

@ObjectType('PrivacyLevelAssignmentRule')
export class PrivacyLevelAssignmentRuleType {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: 'Rules are tried in ascending position; the first match wins' }) position!: number;
  @Field(() => PrivacyEntityEnum) entity!: PrivacyEntityKind;
  @Field(() => String, { nullable: true, description: 'Matches entities of this offer classification only' }) classification?: string | null;
  // ownedByGroup, privacyLevel: resolved in PrivacyLevelAssignmentRuleResolver
}
