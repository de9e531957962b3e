import { Entity, Enum, Index, ManyToOne, Property, Unique, type Opt, type Ref } from '@mikro-orm/core';
import { VisibleThrough } from '../../database/visibility.js';
import { BaseEntity } from '../../database/base.entity.js';
import { Unit } from '../access/unit.entity.js';
import { Customer } from '../catalogue/customer.entity.js';
import { RewardOffer } from './reward-offer.entity.js';
import { RewardScheme } from './reward-scheme.entity.js';

export const CUSTOMER_EVENT_KINDS = ['PURCHASE', 'REFERRAL', 'SIGN_UP', 'ACHIEVEMENT', 'BIRTHDAY', 'PERSONAL_DATA_COMPLETED', 'SUBSCRIPTION_MATURITY', 'BEHAVIOR', 'OTHER'] as const;
export type CustomerEventKind = (typeof CUSTOMER_EVENT_KINDS)[number];

/** A customer taking part in a reward scheme; their wallet in that scheme hangs off this row (and its lock serialises spends). */
@VisibleThrough('RewardsParticipant', 'reward_participant', (a) => ['RewardScheme', `${a}.scheme_id`])
@Entity({ tableName: 'reward_participant' })
@Unique({ properties: ['scheme', 'customer'] })
@Index({ properties: ['customer'] })
export class RewardsParticipant extends BaseEntity {
  @ManyToOne({ entity: () => RewardScheme, ref: true })
  scheme!: Ref<RewardScheme>;

  @ManyToOne({ entity: () => Customer, ref: true })
  customer!: Ref<Customer>;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  joinedAt: Opt<Date> = new Date();
}

/**
 * Something a customer did (SPEC §4). A reward run evaluates it against the BATCH offers in a batch whose
 * event-id range covers it (`reward_run_batch`); `processedAt` is only set on events evaluated before runs
 * recorded ranges.
 */
@Entity()
@Index({ properties: ['customer', 'id'] })
export class CustomerEvent extends BaseEntity {
  @ManyToOne({ entity: () => Customer, ref: true })
  customer!: Ref<Customer>;

  @Enum({ items: () => [...CUSTOMER_EVENT_KINDS] })
  kind!: CustomerEventKind;

  @Property({ type: 'timestamptz' })
  performedAt!: Date;

  @Property({ type: 'decimal', precision: 19, scale: 4, nullable: true })
  amount?: string | null;

  @Property({ type: 'text', length: 3, nullable: true })
  currency?: string | null;

  @Property({ type: 'text[]', default: '{}' })
  productIds: Opt<string[]> = [];

  @ManyToOne({ entity: () => Unit, ref: true, nullable: true })
  unit?: Ref<Unit> | null;

  @Property({ default: false })
  processImmediately: Opt<boolean> = false;

  @Property({ type: 'text', nullable: true, unique: true })
  idempotencyKey?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  processedAt?: Date | null;

  @Property({ type: 'bigint', nullable: true })
  processedByRun?: string | null;
}

/** Money awarded to a participant by an offer, spendable until `expiresAt` (exclusive). */
@VisibleThrough('AwardTransaction', 'award_transaction', (a) => ['RewardOffer', `${a}.offer_id`])
@Entity()
@Unique({ properties: ['offer', 'event'] })
@Unique({ name: 'award_transaction_only_one', expression: 'create unique index "award_transaction_only_one" on "award_transaction" ("offer_id", "participant_id") where "only_one"' })
@Index({ properties: ['participant', 'createdAt'] })
export class AwardTransaction extends BaseEntity {
  // No foreign-key constraints to the participant and the event: reward runs insert millions of awards
  // set-based, taking both ids from the same statement's join, and neither table ever deletes rows.
  @ManyToOne({ entity: () => RewardsParticipant, ref: true, createForeignKeyConstraint: false })
  participant!: Ref<RewardsParticipant>;

  // No foreign-key constraint either (see the migration): runs hold FOR KEY SHARE on the offer while they
  // insert, and deleteRewardOffer locks it FOR UPDATE before checking it has no awards.
  @ManyToOne({ entity: () => RewardOffer, ref: true, createForeignKeyConstraint: false, index: true })
  offer!: Ref<RewardOffer>;

  @ManyToOne({ entity: () => CustomerEvent, ref: true, nullable: true, createForeignKeyConstraint: false })
  event?: Ref<CustomerEvent> | null;

  @Property({ type: 'decimal', precision: 19, scale: 4 })
  amount!: string;

  @Property({ type: 'decimal', precision: 19, scale: 4 })
  remaining!: string;

  @Property({ type: 'timestamptz', nullable: true })
  expiresAt?: Date | null;

  /** Awarded by an ONLY_ONE offer (a partial unique index keeps it to one per participant). */
  @Property({ default: false })
  onlyOne: Opt<boolean> = false;

  @Property({ type: 'bigint', nullable: true })
  run?: string | null;
}

/** A spend from a participant's wallet; what it consumed is in `spend_allocation`. */
@VisibleThrough('SpendTransaction', 'spend_transaction', (a) => ['RewardsParticipant', `${a}.participant_id`])
@Entity()
@Unique({ properties: ['participant', 'idempotencyKey'] })
@Index({ properties: ['participant', 'performedAt'] })
export class SpendTransaction extends BaseEntity {
  @ManyToOne({ entity: () => RewardsParticipant, ref: true })
  participant!: Ref<RewardsParticipant>;

  @Property({ type: 'decimal', precision: 19, scale: 4 })
  amount!: string;

  @ManyToOne({ entity: () => Unit, ref: true, nullable: true })
  unit?: Ref<Unit> | null;

  @Property({ type: 'text[]', default: '{}' })
  productIds: Opt<string[]> = [];

  @Property({ type: 'timestamptz' })
  performedAt!: Date;

  @Property({ type: 'text', nullable: true })
  idempotencyKey?: string | null;
}

@VisibleThrough('SpendAllocation', 'spend_allocation', (a) => ['AwardTransaction', `${a}.award_id`])
@Entity()
@Index({ properties: ['award'] })
export class SpendAllocation extends BaseEntity {
  @ManyToOne({ entity: () => SpendTransaction, ref: true })
  spend!: Ref<SpendTransaction>;

  @ManyToOne({ entity: () => AwardTransaction, ref: true })
  award!: Ref<AwardTransaction>;

  @Property({ type: 'decimal', precision: 19, scale: 4 })
  amount!: string;
}

export const REWARD_RUN_STATES = ['QUEUED', 'RUNNING', 'FINISHED', 'FAILED', 'ABANDONED'] as const;
export type RewardRunState = (typeof REWARD_RUN_STATES)[number];

/**
 * One reward run: QUEUED until a pg-boss worker claims it, RUNNING while a process holds its lease,
 * then FINISHED, FAILED, or ABANDONED when the process running it died (the next run finishes the work).
 * Its counters grow in the same transaction as each batch's awards. At most one run is active at a time.
 */
@Entity()
@Unique({ name: 'reward_run_one_active', expression: `create unique index "reward_run_one_active" on "reward_run" ((true)) where "state" in ('QUEUED', 'RUNNING')` })
export class RewardRun extends BaseEntity {
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  startedAt: Opt<Date> = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  finishedAt?: Date | null;

  @Enum({ items: () => [...REWARD_RUN_STATES], default: 'RUNNING' })
  state: Opt<RewardRunState> = 'RUNNING';

  /** What started it: MANUAL (runRewards), SCHEDULE, JOB, SEED, TOOL */
  @Property({ default: 'MANUAL' })
  trigger: Opt<string> = 'MANUAL';

  @Property({ default: 0 })
  eventsProcessed: Opt<number> = 0;

  @Property({ default: 0 })
  awardsCreated: Opt<number> = 0;

  @Property({ type: 'decimal', precision: 19, scale: 4, default: 0 })
  totalAwarded: Opt<string> = '0';

  @Property({ default: 0 })
  batches: Opt<number> = 0;

  /** When a worker claimed it (QUEUED → RUNNING). */
  @Property({ type: 'timestamptz', nullable: true })
  claimedAt?: Date | null;

  /** The last committed batch. */
  @Property({ type: 'timestamptz', nullable: true })
  heartbeatAt?: Date | null;

  /** The newest event that existed when the run was claimed: later events wait for the next run. */
  @Property({ type: 'bigint', nullable: true })
  maxEventId?: string | null;

  @Property({ type: 'text', nullable: true })
  error?: string | null;
}

/** An event-id range (after, up to] a reward run has evaluated, committed once all its offers' awards were. */
@Entity()
export class RewardRunBatch extends BaseEntity {
  @Property({ type: 'bigint' })
  @Index()
  runId!: string;

  @Property({ type: 'bigint' })
  afterEventId!: string;

  @Property({ type: 'bigint', unique: 'reward_run_batch_up_to_unique' })
  upToEventId!: string;

  @Property({ default: 0 })
  events: Opt<number> = 0;
}
