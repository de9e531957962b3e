import { Entity, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import type { BillLineOutput } from '@perkflow/domain';
import { BaseEntity } from '../../database/base.entity.js';
import { User } from '../access/user.entity.js';
import { Customer } from '../catalogue/customer.entity.js';
import { Job } from '../catalogue/job.entity.js';
import { Subscription } from '../catalogue/subscription.entity.js';

/**
 * A stored bill (SPEC §3): a preview turned into a record, with each line's applied discounts. A
 * subscription is billed once per period and a job once (unique indexes in the migration).
 */
@Entity({ tableName: 'bill' })
export class Bill extends BaseEntity {
  /** BILL-000001, … from a sequence. */
  @Property({ unique: true })
  number!: string;

  @ManyToOne({ entity: () => Subscription, ref: true, nullable: true })
  subscription?: Ref<Subscription> | null;

  @ManyToOne({ entity: () => Job, ref: true, nullable: true })
  job?: Ref<Job> | null;

  @ManyToOne({ entity: () => Customer, ref: true, index: true })
  customer!: Ref<Customer>;

  @Property({ type: 'text', length: 3 })
  currency!: string;

  @Property({ type: 'date', nullable: true })
  periodStart?: string | null;

  @Property({ type: 'date', nullable: true })
  periodEnd?: string | null;

  /** Each line: product, amount, applied discounts (definition and ad hoc ids, amounts), net. */
  @Property({ type: 'json' })
  lines!: BillLineOutput[];

  @Property({ type: 'decimal', precision: 19, scale: 4 })
  subtotal!: string;

  @Property({ type: 'decimal', precision: 19, scale: 4 })
  discountTotal!: string;

  @Property({ type: 'decimal', precision: 19, scale: 4 })
  total!: string;

  @ManyToOne({ entity: () => User, ref: true })
  billedBy!: Ref<User>;
}
