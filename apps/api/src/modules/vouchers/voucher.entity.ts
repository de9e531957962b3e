import { Entity, Index, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';
import { VisibleThrough } from '../../database/visibility.js';
import { BaseEntity } from '../../database/base.entity.js';

/**
 * Voucher-only terms of an EXPERIENCE_VOUCHER campaign (SPEC §6), beside the campaign's own terms
 * (kind, form, uses per voucher = maxRedemptionsPerCode, minimum spend, products, stores, validity,
 * issuance cap): the exclusions (不適用情況) and a description printed on the voucher.
 */
@VisibleThrough('VoucherTerms', 'voucher_terms', (a) => ['Campaign', `${a}.campaign_id`], { idColumn: 'campaign_id' })
@Entity()
export class VoucherTerms {
  @PrimaryKey({ type: 'bigint', autoincrement: false })
  campaignId!: string;

  @Property({ type: 'text[]', default: '{}' })
  excludedProductIds: Opt<string[]> = [];

  @Property({ type: 'text[]', default: '{}' })
  excludedProductTypeIds: Opt<string[]> = [];

  /** Weekday names (MONDAY…SUNDAY) on which the voucher is not accepted. */
  @Property({ type: 'text[]', default: '{}' })
  excludedWeekdays: Opt<string[]> = [];

  /** Local dates (YYYY-MM-DD, the store's calendar) on which the voucher is not accepted. */
  @Property({ type: 'text[]', default: '{}' })
  excludedDates: Opt<string[]> = [];

  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt: Opt<Date> = new Date();
}

/**
 * One voucher issued to a customer through a channel (time, channel, customer, who issued it).
 * One per person is this table's unique index on (campaign, customer, grant): the first voucher takes
 * grant FIRST, each approved ONE_PER_CUSTOMER_EXCEPTION one more grant EXCEPTION:<approval id>.
 */
@VisibleThrough('VoucherIssuance', 'voucher_issuance', (a) => ['Campaign', `${a}.campaign_id`])
@Entity()
@Unique({ name: 'voucher_issuance_one_per_grant', properties: ['campaignId', 'customerId', 'grantKey'] })
@Index({ properties: ['campaignId', 'issuedAt'] })
export class VoucherIssuance extends BaseEntity {
  @Property({ type: 'bigint' })
  campaignId!: string;

  @Property({ type: 'bigint' })
  customerId!: string;

  @Property({ type: 'bigint', unique: true })
  codeId!: string;

  @Property({ type: 'text' })
  channel!: string;

  @Property({ type: 'timestamptz' })
  issuedAt!: Date;

  @Property({ type: 'bigint', nullable: true })
  issuedById?: string | null;

  @Property({ type: 'text' })
  grantKey!: string;
}

/** The one extra voucher an approved ONE_PER_CUSTOMER_EXCEPTION allows; used once (usedAt). */
@VisibleThrough('VoucherExceptionGrant', 'voucher_exception_grant', (a) => ['Campaign', `${a}.campaign_id`])
@Entity()
@Index({ properties: ['campaignId', 'customerId'] })
export class VoucherExceptionGrant extends BaseEntity {
  @Property({ type: 'bigint', unique: true })
  approvalId!: string;

  @Property({ type: 'bigint' })
  campaignId!: string;

  @Property({ type: 'bigint' })
  customerId!: string;

  @Property({ type: 'timestamptz', nullable: true })
  usedAt?: Date | null;

  @Property({ type: 'bigint', nullable: true })
  codeId?: string | null;
}

/**
 * A voucher written off at a store (SPEC §6): the amount and products consumed, by whom, at what real
 * time (a paper voucher entered afterwards keeps the time it was used), on which merchant day.
 */
@VisibleThrough('WriteOff', 'write_off', (a) => ['Campaign', `${a}.campaign_id`])
@Entity()
@Unique({ name: 'write_off_idempotency', properties: ['unitId', 'idempotencyKey'] })
@Index({ properties: ['unitId', 'merchantDate'] })
@Index({ properties: ['campaignId', 'writtenOffAt'] })
@Index({ properties: ['codeId'] })
export class WriteOff extends BaseEntity {
  @Property({ type: 'bigint' })
  codeId!: string;

  @Property({ type: 'bigint' })
  campaignId!: string;

  @Property({ type: 'bigint' })
  unitId!: string;

  @Property({ type: 'decimal', precision: 19, scale: 4 })
  amount!: string;

  @Property({ length: 3 })
  currency!: string;

  @Property({ type: 'text[]', default: '{}' })
  productIds: Opt<string[]> = [];

  @Property({ type: 'bigint' })
  writtenOffById!: string;

  @Property({ type: 'timestamptz' })
  writtenOffAt!: Date;

  /** The store's calendar day of writtenOffAt. */
  @Property({ type: 'string', columnType: 'date' })
  merchantDate!: string;

  /** The voucher's value when written off (null when unbounded). */
  @Property({ type: 'decimal', precision: 19, scale: 4, nullable: true })
  voucherValue?: string | null;

  @Property({ type: 'text', nullable: true })
  idempotencyKey?: string | null;
}

export const MERCHANT_DAY_STATUSES = ['OPEN', 'CONFIRMED', 'AUDITED', 'SETTLED'] as const;

/**
 * A store's day (SPEC §6 daily reconciliation). The counters change only by the write-off's conditional
 * upsert (…where status = 'OPEN'), and the status only by conditional updates, so a confirmed day can
 * never take another write-off, however requests interleave.
 */
@Entity()
export class MerchantDay {
  @PrimaryKey({ type: 'bigint', autoincrement: false })
  unitId!: string;

  @PrimaryKey({ type: 'string', columnType: 'date' })
  date!: string;

  @Property({ type: 'text', default: 'OPEN' })
  status: Opt<string> = 'OPEN';

  @Property({ type: 'integer', default: 0 })
  writeOffs: Opt<number> = 0;

  @Property({ type: 'decimal', precision: 19, scale: 4, default: 0 })
  amount: Opt<string> = '0';

  @Property({ type: 'timestamptz', nullable: true })
  confirmedAt?: Date | null;

  @Property({ type: 'bigint', nullable: true })
  confirmedById?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  auditedAt?: Date | null;

  @Property({ type: 'bigint', nullable: true })
  auditedById?: string | null;

  @Property({ type: 'text', nullable: true })
  auditComment?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  settledAt?: Date | null;

  @Property({ type: 'bigint', nullable: true })
  settledById?: string | null;
}

/** A store's opening hours (for the audit's "outside opening hours" check); stores without a row use the defaults. */
@Entity()
export class StoreOpeningHours {
  @PrimaryKey({ type: 'bigint', autoincrement: false })
  unitId!: string;

  /** { MONDAY: { opens: "09:00", closes: "21:00" } | null, … } */
  @Property({ type: 'json' })
  hours!: Record<string, { opens: string; closes: string } | null>;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt: Opt<Date> = new Date();
}
