import { Entity, Enum, Index, Property, type Opt } from '@mikro-orm/core';
import { Visible } from '../../database/visibility.js';
import type { BudgetPeriod, CampaignDiscountKind, CampaignState, StackingRule } from '@perkflow/domain';
import { OwnedByGroupEntity } from '../access/owned-by-group.entity.js';

export const CAMPAIGN_KINDS = ['DISCOUNT_CODE', 'EXPERIENCE_VOUCHER'] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];
export const CAMPAIGN_STATES = ['DRAFT', 'ACTIVE', 'PAUSED', 'ENDED'] as const satisfies readonly CampaignState[];
export const DISCOUNT_KINDS = ['PERCENTAGE', 'AMOUNT'] as const satisfies readonly CampaignDiscountKind[];
export const BUDGET_PERIODS = ['MONTH', 'TOTAL'] as const satisfies readonly BudgetPeriod[];
export const STACKING_RULES = ['EXCLUSIVE', 'STACKABLE'] as const satisfies readonly StackingRule[];
export const VOUCHER_KINDS = ['PRODUCT', 'SERVICE', 'PACKAGE'] as const;
export type VoucherKind = (typeof VOUCHER_KINDS)[number];
export const VOUCHER_FORMS = ['PAPER', 'ELECTRONIC'] as const;
export type VoucherForm = (typeof VOUCHER_FORMS)[number];

/**
 * A promo code campaign (SPEC §5) or an experience-voucher campaign (SPEC §6, kind EXPERIENCE_VOUCHER).
 * An explicit viewing entity. Money columns are exact numerics (strings); instants are UTC.
 * Counters that concurrent redemptions change live in their own tables (code, campaign_budget_slot,
 * customer_campaign_usage, campaign_usage) so this row is never a hot spot.
 */
@Visible('Campaign', 'campaign')
@Entity()
@Index({ properties: ['state'] })
export class Campaign extends OwnedByGroupEntity {
  @Property()
  name!: string;

  @Enum({ items: () => [...CAMPAIGN_KINDS] })
  kind!: CampaignKind;

  @Enum({ items: () => [...CAMPAIGN_STATES], default: 'DRAFT' })
  state: Opt<CampaignState> = 'DRAFT';

  /** Why the campaign is paused (BUDGET_EXHAUSTED when the system paused it, else the manager's reason). */
  @Property({ type: 'text', nullable: true })
  pausedReason?: string | null;

  /** The budget period key (e.g. "2026-11") in which the budget ran out; a MONTH campaign resumes in the next month. */
  @Property({ type: 'text', nullable: true })
  pausedBudgetPeriod?: string | null;

  @Enum({ items: () => [...DISCOUNT_KINDS] })
  discountKind!: CampaignDiscountKind;

  /** Percent (e.g. "15") for PERCENTAGE. */
  @Property({ type: 'decimal', precision: 9, scale: 4, nullable: true })
  percentage?: string | null;

  /** The fixed discount for AMOUNT. */
  @Property({ type: 'decimal', precision: 19, scale: 4, nullable: true })
  amount?: string | null;

  /** Cap of a PERCENTAGE discount. */
  @Property({ type: 'decimal', precision: 19, scale: 4, nullable: true })
  maxDiscount?: string | null;

  @Property({ length: 3 })
  currency!: string;

  @Property({ type: 'timestamptz' })
  startsAt!: Date;

  /** Hard expiry: codes are valid strictly before this instant (compared in UTC). */
  @Property({ type: 'timestamptz' })
  expiresAt!: Date;

  /** IANA time zone in which dates are shown and MONTH budgets run. */
  @Property({ default: 'UTC' })
  timezone: Opt<string> = 'UTC';

  @Enum({ items: () => [...BUDGET_PERIODS], nullable: true })
  budgetPeriod?: BudgetPeriod | null;

  /** Budget per period, in the campaign currency. */
  @Property({ type: 'decimal', precision: 19, scale: 4, nullable: true })
  budgetAmount?: string | null;

  /** Pause when the remaining budget falls below this (besides "below the smallest possible discount"). */
  @Property({ type: 'decimal', precision: 19, scale: 4, nullable: true })
  budgetPauseThreshold?: string | null;

  /** How many rows a period's budget is split into (perkflow_redeem, docs/campaigns.md "Budget slots"). */
  @Property({ type: 'smallint', default: 16 })
  budgetSlots: Opt<number> = 16;

  @Property({ type: 'integer', nullable: true })
  maxRedemptionsPerCode?: number | null;

  @Property({ type: 'integer', nullable: true })
  maxRedemptionsPerCustomer?: number | null;

  @Property({ type: 'integer', nullable: true })
  maxRedemptions?: number | null;

  @Property({ type: 'decimal', precision: 19, scale: 4, nullable: true })
  minSpend?: string | null;

  @Enum({ items: () => [...STACKING_RULES], default: 'EXCLUSIVE' })
  stacking: Opt<StackingRule> = 'EXCLUSIVE';

  @Property({ type: 'text', nullable: true })
  stackingGroup?: string | null;

  @Property({ type: 'integer', nullable: true })
  maxCodesPerOrder?: number | null;

  /** Most codes that may be issued to customers. */
  @Property({ type: 'integer', nullable: true })
  maxIssued?: number | null;

  @Property({ default: false })
  onePerCustomer: Opt<boolean> = false;

  @Enum({ items: () => [...VOUCHER_KINDS], nullable: true })
  voucherKind?: VoucherKind | null;

  @Enum({ items: () => [...VOUCHER_FORMS], nullable: true })
  voucherForm?: VoucherForm | null;

  @Property({ type: 'text[]', default: '{}' })
  includedSegmentIds: Opt<string[]> = [];

  @Property({ type: 'text[]', default: '{}' })
  excludedSegmentIds: Opt<string[]> = [];

  @Property({ type: 'text[]', default: '{}' })
  productIds: Opt<string[]> = [];

  @Property({ type: 'text[]', default: '{}' })
  productTypeIds: Opt<string[]> = [];

  /** Units (stores) where codes may be redeemed; empty means everywhere. */
  @Property({ type: 'text[]', default: '{}' })
  allowedUnitIds: Opt<string[]> = [];

  @Property({ type: 'timestamptz', nullable: true })
  activatedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  endedAt?: Date | null;
}
