import type { Role } from '@perkflow/authz';
import type { PrivacyEntityKind } from '@perkflow/domain';
import { Field, ID, InputType, Int } from 'type-graphql';
import { PrivacyEntityEnum, RoleEnum } from './access.types.js';

@InputType()
export class CreateGroupInput {
  @Field() name!: string;
}

@InputType()
export class UpdateGroupInput {
  @Field() name!: string;
}

@InputType()
export class CreateUnitInput {
  @Field() name!: string;
  @Field(() => ID) groupId!: string;
  @Field(() => String, { nullable: true, defaultValue: 'UTC' }) timezone!: string;
}

@InputType()
export class UpdateUnitInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) timezone?: string | null;
}

@InputType()
export class CreateUserInput {
  @Field() email!: string;
  @Field() name!: string;
  @Field() password!: string;
  @Field(() => [RoleEnum]) roles!: Role[];
  @Field(() => ID) groupId!: string;
  @Field(() => ID, { nullable: true }) unitId?: string | null;
  @Field(() => ID, { nullable: true }) privacyClearanceId?: string | null;
}

@InputType()
export class UpdateUserInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true, description: 'A new password' }) password?: string | null;
  @Field(() => [RoleEnum], { nullable: true }) roles?: Role[] | null;
  @Field(() => ID, { nullable: true }) groupId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Set to change the unit; see clearUnit to remove it' }) unitId?: string | null;
  @Field(() => Boolean, { nullable: true }) clearUnit?: boolean | null;
  @Field(() => ID, { nullable: true }) privacyClearanceId?: string | null;
  @Field(() => Boolean, { nullable: true }) clearPrivacyClearance?: boolean | null;
  @Field(() => Boolean, { nullable: true }) active?: boolean | null;
}

@InputType()
export class CreatePrivacyLevelInput {
  @Field() name!: string;
  @Field(() => Int) rank!: number;
}

@InputType()
export class CreatePrivacyLevelAssignmentRuleInput {
  @Field(() => PrivacyEntityEnum) entity!: PrivacyEntityKind;
  @Field(() => ID) privacyLevelId!: string;
  @Field(() => String, { nullable: true, description: 'Only entities of this offer classification' }) classification?: string | null;
  @Field(() => ID, { nullable: true, description: 'Only entities owned by this group' }) ownedByGroupId?: string | null;
  @Field(() => Int, { nullable: true, description: 'Where in the order; default: last' }) position?: number | null;
}
