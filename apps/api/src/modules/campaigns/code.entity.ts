import { Entity, Enum, Index, ManyToOne, Property, type Opt, type Ref } from '@mikro-orm/core';
import { VisibleThrough } from '../../database/visibility.js';
import { BaseEntity } from '../../database/base.entity.js';
import { Customer } from '../catalogue/customer.entity.js';
import { Campaign } from './campaign.entity.js';

export const ISSUE_CHANNELS = ['WEBSITE', 'SOCIAL', 'EMAIL', 'APP', 'EVENT', 'PARTNER', 'STORE', 'API'] as const;
export type IssueChannel = (typeof ISSUE_CHANNELS)[number];
/** Stored states; EXHAUSTED is derived (redemptionsCount reached the cap). */
export const STORED_CODE_STATES = ['ACTIVE', 'DISABLED'] as const;
export type StoredCodeState = (typeof STORED_CODE_STATES)[number];

/**
 * A promo code or voucher code (SPEC §5, §6). `code` is normalised (upper case, no spaces or dashes)
 * and unique across the whole system by a unique index. `redemptionsCount` is changed only by
 * conditional UPDATEs in the redemption path (see redemption.sql.ts). The column has the "C" collation
 * (migration codecollation: byte-wise index compares); MikroORM does not model collations, so drop any
 * `alter column "code" type text` that `migration:create` may propose.
 */
@VisibleThrough('Code', 'code', (a) => ['Campaign', `${a}.campaign_id`])
@Entity()
@Index({ properties: ['campaign', 'id'] })
@Index({ properties: ['customer'] })
export class Code extends BaseEntity {
  @Property({ type: 'text', unique: true })
  code!: string;

  @ManyToOne({ entity: () => Campaign, ref: true })
  campaign!: Ref<Campaign>;

  @Enum({ items: () => [...STORED_CODE_STATES], default: 'ACTIVE' })
  state: Opt<StoredCodeState> = 'ACTIVE';

  /** Set when the code is assigned (issued) to one customer; a generic code has none. */
  @ManyToOne({ entity: () => Customer, ref: true, nullable: true })
  customer?: Ref<Customer> | null;

  /** Per-code cap overriding the campaign's maxRedemptionsPerCode. */
  @Property({ type: 'integer', nullable: true })
  maxRedemptions?: number | null;

  @Property({ type: 'integer', default: 0 })
  redemptionsCount: Opt<number> = 0;

  @Property({ type: 'timestamptz', nullable: true })
  issuedAt?: Date | null;

  @Enum({ items: () => [...ISSUE_CHANNELS], nullable: true })
  channel?: IssueChannel | null;

  /** The generation batch that created the code; null when imported or created one by one. */
  @Property({ type: 'bigint', nullable: true })
  batchId?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  disabledAt?: Date | null;
}

export const CODE_BATCH_STATUSES = ['PENDING', 'RUNNING', 'DONE', 'FAILED'] as const;
export type CodeBatchStatus = (typeof CODE_BATCH_STATUSES)[number];

/** A bulk generation of codes from a pattern, run as a background job; `generated` is its progress. */
@VisibleThrough('CodeBatch', 'code_batch', (a) => ['Campaign', `${a}.campaign_id`])
@Entity()
export class CodeBatch extends BaseEntity {
  @ManyToOne({ entity: () => Campaign, ref: true })
  campaign!: Ref<Campaign>;

  @Property({ type: 'integer' })
  requested!: number;

  @Property({ type: 'integer', default: 0 })
  generated: Opt<number> = 0;

  @Enum({ items: () => [...CODE_BATCH_STATUSES], default: 'PENDING' })
  status: Opt<CodeBatchStatus> = 'PENDING';

  /** The resolved pattern (prefix, postfix, length, charset). */
  @Property({ type: 'json' })
  pattern!: { prefix: string; postfix: string; length: number; charset: string };

  @Property({ type: 'text', nullable: true })
  error?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  finishedAt?: Date | null;

  /** Moved with every committed chunk (and by the sweeper when it re-queues the batch). */
  @Property({ type: 'timestamptz', nullable: true })
  heartbeatAt?: Date | null;
}
