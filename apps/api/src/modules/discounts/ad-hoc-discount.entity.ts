import { Entity, Enum, Index, ManyToOne, Property, type Opt, type Ref } from '@mikro-orm/core';
import { VisibleThrough } from '../../database/visibility.js';
import type { AdHocDiscountState, ApprovalMethod } from '@perkflow/domain';
import { BaseEntity } from '../../database/base.entity.js';
import { User } from '../access/user.entity.js';
import { Customer } from '../catalogue/customer.entity.js';
import { Job } from '../catalogue/job.entity.js';
import { Subscription } from '../catalogue/subscription.entity.js';
import { AdditiveDiscountDefinition, APPROVAL_METHODS } from './discount-definition.entity.js';

export const AD_HOC_DISCOUNT_STATES = ['PENDING_APPROVAL', 'APPROVED', 'CANCELLED'] as const satisfies readonly AdHocDiscountState[];

/**
 * A discount an agent added to one subscription or job (SPEC §3). The customer is copied from the
 * target so the rolling limit counts by (definition, customer, providedOn) on one index. A once-off
 * discount records the bill that consumed it.
 */
@VisibleThrough('AdHocDiscount', 'ad_hoc_discount', (a) => ['AdditiveDiscountDefinition', `${a}.definition_id`])
@Entity({ tableName: 'ad_hoc_discount' })
@Index({ properties: ['definition', 'customer', 'providedOn'] })
@Index({ properties: ['state'] })
export class AdHocDiscount extends BaseEntity {
  /** AHD-000001, … from a sequence. */
  @Property({ unique: true })
  number!: string;

  @ManyToOne({ entity: () => AdditiveDiscountDefinition, ref: true })
  definition!: Ref<AdditiveDiscountDefinition>;

  @ManyToOne({ entity: () => Subscription, ref: true, nullable: true, index: true })
  subscription?: Ref<Subscription> | null;

  @ManyToOne({ entity: () => Job, ref: true, nullable: true, index: true })
  job?: Ref<Job> | null;

  @ManyToOne({ entity: () => Customer, ref: true })
  customer!: Ref<Customer>;

  @Enum({ items: () => [...AD_HOC_DISCOUNT_STATES] })
  state!: AdHocDiscountState;

  @Property({ type: 'decimal', precision: 19, scale: 4, nullable: true })
  amount?: string | null;

  @Property({ type: 'decimal', precision: 9, scale: 4, nullable: true })
  percentage?: string | null;

  @Property({ type: 'integer', nullable: true })
  freePeriodDays?: number | null;

  /** The target's currency (amounts are in it). */
  @Property({ type: 'text', length: 3 })
  currency!: string;

  /** Empty = every billed product. */
  @Property({ type: 'text[]', default: '{}' })
  applicableProductIds: Opt<string[]> = [];

  @Enum({ items: () => [...APPROVAL_METHODS] })
  approvalMethod!: ApprovalMethod;

  @Property({ default: false })
  onceOff: Opt<boolean> = false;

  @ManyToOne({ entity: () => User, ref: true })
  providedBy!: Ref<User>;

  @Property({ type: 'timestamptz' })
  providedOn!: Date;

  @ManyToOne({ entity: () => User, ref: true, nullable: true })
  approvedBy?: Ref<User> | null;

  @Property({ type: 'timestamptz', nullable: true })
  approvedOn?: Date | null;

  @ManyToOne({ entity: () => User, ref: true, nullable: true })
  cancelledBy?: Ref<User> | null;

  @Property({ type: 'timestamptz', nullable: true })
  cancelledOn?: Date | null;

  /** The approver's or canceller's comment. */
  @Property({ type: 'text', nullable: true })
  decisionComment?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  effectiveDate?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  expirationDate?: Date | null;

  /** The bill that applied this once-off discount (it applies once). */
  @Property({ type: 'bigint', nullable: true })
  consumedByBillId?: string | null;
}
