import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, type Opt, type Ref } from '@mikro-orm/core';
import { VisibleThrough } from '../../database/visibility.js';
import { BaseEntity } from '../../database/base.entity.js';
import { Unit } from '../access/unit.entity.js';
import { Customer } from '../catalogue/customer.entity.js';
import { Campaign } from './campaign.entity.js';
import { Code } from './code.entity.js';

export const REDEMPTION_STATES = ['SUCCEEDED', 'ROLLED_BACK'] as const;
export type RedemptionState = (typeof REDEMPTION_STATES)[number];

/**
 * One redemption of a code on an order (SPEC §5). Written only by the redemption path (one SQL
 * function call per redemption, see redemption.sql.ts). `budgetPeriod`/`budgetSlot` say which budget
 * slot it consumed, `countedTotal` whether it took a unit of the campaign's total cap, so a rollback
 * gives back exactly what was taken.
 */
@VisibleThrough('Redemption', 'redemption', (a) => ['Campaign', `${a}.campaign_id`])
@Entity()
@Index({ properties: ['campaign', 'createdAt'] })
@Index({ properties: ['code'] })
@Index({ properties: ['customer', 'campaign'] })
export class Redemption extends BaseEntity {
  /** No foreign key: every concurrent insert would take a KEY SHARE lock on the one campaign row (multixact contention); the code's foreign key already ties it. */
  @ManyToOne({ entity: () => Campaign, ref: true, createForeignKeyConstraint: false })
  campaign!: Ref<Campaign>;

  @ManyToOne({ entity: () => Code, ref: true })
  code!: Ref<Code>;

  @ManyToOne({ entity: () => Customer, ref: true })
  customer!: Ref<Customer>;

  @Property({ type: 'decimal', precision: 19, scale: 4 })
  orderAmount!: string;

  @Property({ type: 'decimal', precision: 19, scale: 4 })
  discount!: string;

  @Property({ length: 3 })
  currency!: string;

  @ManyToOne({ entity: () => Unit, ref: true, nullable: true })
  unit?: Ref<Unit> | null;

  @Enum({ items: () => [...REDEMPTION_STATES], default: 'SUCCEEDED' })
  state: Opt<RedemptionState> = 'SUCCEEDED';

  @Property({ default: false })
  test: Opt<boolean> = false;

  @Property({ type: 'text', nullable: true })
  budgetPeriod?: string | null;

  @Property({ type: 'smallint', nullable: true })
  budgetSlot?: number | null;

  @Property({ default: false })
  countedTotal: Opt<boolean> = false;

  @Property({ type: 'timestamptz', nullable: true })
  rolledBackAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  rollbackReason?: string | null;

  /** Who redeemed: the user (or API key's user) and the API key, when one was used. */
  @Property({ type: 'bigint', nullable: true })
  actorId?: string | null;

  @Property({ type: 'bigint', nullable: true })
  apiKeyId?: string | null;
}

/**
 * The answer given to an idempotency key (SPEC §5): the first request with a key inserts this row
 * (a concurrent one with the same key waits on the primary key and then reads the answer), so the
 * same key always gets the same answer and never redeems twice.
 */
@Entity()
export class RedemptionRequest {
  @PrimaryKey({ type: 'text' })
  idempotencyKey!: string;

  @Property({ type: 'bigint', nullable: true })
  redemptionId?: string | null;

  @Property({ type: 'text', nullable: true })
  reason?: string | null;

  @Property({ type: 'text', default: '' })
  explanation: Opt<string> = '';

  /** A hash of the request; the same key with a different request is refused (CONFLICT). */
  @Property({ type: 'text', nullable: true })
  fingerprint?: string | null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();
}

/**
 * One slot of a campaign's budget for one period (SPEC §5 budget ceiling). The period's budget is split
 * over N slots; a redemption consumes from one random slot with `spent + d <= allowance`, so concurrent
 * redemptions lock different rows. When no single slot can pay, allowance is moved between slots under
 * a lock of all slots (docs/campaigns.md). Invariant: Σ allowance = the period budget, spent ≤ allowance.
 */
@Entity()
export class CampaignBudgetSlot {
  @PrimaryKey({ type: 'bigint' })
  campaignId!: string;

  /** "YYYY-MM" in the campaign's time zone for MONTH, "TOTAL" for TOTAL. */
  @PrimaryKey({ type: 'text' })
  period!: string;

  @PrimaryKey({ type: 'smallint' })
  slot!: number;

  @Property({ type: 'decimal', precision: 19, scale: 4 })
  allowance!: string;

  @Property({ type: 'decimal', precision: 19, scale: 4, default: 0 })
  spent: Opt<string> = '0';
}

/** Redemptions of one campaign by one customer (the per-customer limit, a conditional upsert). */
@Entity()
export class CustomerCampaignUsage {
  @PrimaryKey({ type: 'bigint' })
  campaignId!: string;

  @PrimaryKey({ type: 'bigint' })
  customerId!: string;

  @Property({ type: 'integer', default: 0 })
  redemptions: Opt<number> = 0;
}

/**
 * Campaign-wide counters changed by conditional updates: total redemptions (kept while the campaign has
 * a total cap, maxRedemptions) and codes issued to customers (the maxIssued cap).
 */
@Entity()
export class CampaignUsage {
  @PrimaryKey({ type: 'bigint', autoincrement: false })
  campaignId!: string;

  @Property({ type: 'integer', default: 0 })
  redemptions: Opt<number> = 0;

  @Property({ type: 'integer', default: 0 })
  issued: Opt<number> = 0;
}
