import { Entity, Enum, Index, ManyToOne, Property, type Opt, type Ref } from '@mikro-orm/core';
import { Visible } from '../../database/visibility.js';
import type { ApprovalMethod, BillingFrequency, DiscountApplication, DiscountDuration, DiscountTarget, DiscountValueKind, TimeUnit } from '@perkflow/domain';
import { OwnedByGroupEntity } from '../access/owned-by-group.entity.js';
import { Unit } from '../access/unit.entity.js';

export const DISCOUNT_TARGETS = ['SUBSCRIPTION', 'JOB'] as const satisfies readonly DiscountTarget[];
export const DISCOUNT_APPLICATIONS = ['AD_HOC', 'AUTO_APPLY'] as const satisfies readonly DiscountApplication[];
export const DISCOUNT_VALUE_KINDS = ['AMOUNT', 'AMOUNT_RANGE', 'PERCENTAGE', 'FREE_PERIOD'] as const satisfies readonly DiscountValueKind[];
export const DISCOUNT_DURATIONS = ['ONCE_OFF', 'FIXED_DATE', 'FLEXIBLE'] as const satisfies readonly DiscountDuration[];
export const APPROVAL_METHODS = ['AUTOMATIC', 'MANUAL'] as const satisfies readonly ApprovalMethod[];

/**
 * An additive discount definition (SPEC §3, seed 003): what agents may add (AD_HOC) or what applies by
 * itself (AUTO_APPLY). An explicit viewing entity. Money and percentages are exact numerics; validity
 * instants are UTC; criteria are id lists (empty = no restriction). Names need not be unique (a new
 * year's definition may reuse last year's name).
 */
@Visible('AdditiveDiscountDefinition', 'additive_discount_definition')
@Entity({ tableName: 'additive_discount_definition' })
@Index({ properties: ['target', 'application'] })
export class AdditiveDiscountDefinition extends OwnedByGroupEntity {
  @Property()
  name!: string;

  @Enum({ items: () => [...DISCOUNT_TARGETS] })
  target!: DiscountTarget;

  @Enum({ items: () => [...DISCOUNT_APPLICATIONS] })
  application!: DiscountApplication;

  @Enum({ items: () => [...DISCOUNT_VALUE_KINDS] })
  valueKind!: DiscountValueKind;

  @Property({ type: 'decimal', precision: 19, scale: 4, nullable: true })
  amount?: string | null;

  @Property({ type: 'decimal', precision: 19, scale: 4, nullable: true })
  minAmount?: string | null;

  @Property({ type: 'decimal', precision: 19, scale: 4, nullable: true })
  maxAmount?: string | null;

  @Property({ type: 'decimal', precision: 9, scale: 4, nullable: true })
  percentage?: string | null;

  @Property({ type: 'integer', nullable: true })
  freePeriodDays?: number | null;

  @Property({ type: 'text', length: 3, nullable: true })
  currency?: string | null;

  @Property({ type: 'timestamptz' })
  effectiveDate!: Date;

  /** Inclusive (see inclusiveEndMs in @perkflow/domain): "until 31/12/2015" includes that day. */
  @Property({ type: 'timestamptz', nullable: true })
  expirationDate?: Date | null;

  @Enum({ items: () => [...DISCOUNT_DURATIONS], default: 'ONCE_OFF' })
  duration: Opt<DiscountDuration> = 'ONCE_OFF';

  @Property({ type: 'timestamptz', nullable: true })
  durationUntil?: Date | null;

  /** "N per rolling period per customer": N, with the period below. */
  @Property({ type: 'integer', nullable: true })
  maxApplications?: number | null;

  @Property({ type: 'integer', nullable: true })
  applicationPeriodCount?: number | null;

  @Property({ type: 'text', nullable: true })
  applicationPeriodUnit?: TimeUnit | null;

  @Enum({ items: () => [...APPROVAL_METHODS] })
  approvalMethod!: ApprovalMethod;

  @ManyToOne({ entity: () => Unit, ref: true, nullable: true })
  approvalUnit?: Ref<Unit> | null;

  @Property({ type: 'text[]', default: '{}' })
  billingFrequencies: Opt<BillingFrequency[]> = [];

  @Property({ type: 'text[]', default: '{}' })
  productIds: Opt<string[]> = [];

  @Property({ type: 'text[]', default: '{}' })
  productTypeIds: Opt<string[]> = [];

  @Property({ type: 'text[]', default: '{}' })
  includedSegmentIds: Opt<string[]> = [];

  @Property({ type: 'text[]', default: '{}' })
  excludedSegmentIds: Opt<string[]> = [];
}
