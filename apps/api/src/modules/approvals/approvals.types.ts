import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { JSONObjectScalar } from '../../graphql/scalars.js';

export enum ApprovalSubjectEnum {
  AD_HOC_DISCOUNT = 'AD_HOC_DISCOUNT',
  CAMPAIGN_EXTENSION = 'CAMPAIGN_EXTENSION',
  ONE_PER_CUSTOMER_EXCEPTION = 'ONE_PER_CUSTOMER_EXCEPTION',
  BUDGET_INCREASE = 'BUDGET_INCREASE',
}
registerEnumType(ApprovalSubjectEnum, { name: 'ApprovalSubject' });

export enum ApprovalStateEnum {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}
registerEnumType(ApprovalStateEnum, { name: 'ApprovalState' });

/** The public shape of an approval request (GraphQL `ApprovalRequest`); users are resolved by ApprovalRequestResolver. */
@ObjectType('ApprovalRequest')
export class ApprovalRequestType {
  @Field(() => ID) id!: string;
  @Field(() => ApprovalSubjectEnum) subject!: ApprovalSubjectEnum;
  @Field(() => ID) subjectId!: string;
  @Field(() => ApprovalStateEnum) state!: ApprovalStateEnum;
  @Field(() => Date) requestedAt!: Date;
  @Field(() => Date, { nullable: true }) decidedAt?: Date | null;
  @Field(() => String, { nullable: true }) comment?: string | null;
  @Field(() => JSONObjectScalar, { nullable: true, description: 'What is asked, e.g. the new expiry' }) payload?: Record<string, unknown> | null;
  @Field(() => String, { description: 'The role whose holders decide: SUPERVISOR (of decidingUnitId) or FINANCE_MANAGER' }) decidingRole!: string;
  @Field(() => ID, { nullable: true, description: 'For ad hoc discounts: the approval unit whose supervisors decide' }) decidingUnitId?: string | null;
  @Field({ description: 'True when the viewer may decide this request now' }) canDecide!: boolean;
  requestedById!: string;
  decidedById?: string | null;
}
