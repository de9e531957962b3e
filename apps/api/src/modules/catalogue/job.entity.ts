import { Cascade, Collection, Entity, ManyToOne, OneToMany, Property, type Ref } from '@mikro-orm/core';
import { BaseEntity } from '../../database/base.entity.js';
import { Customer } from './customer.entity.js';
import { Product } from './product.entity.js';

/** One-off work for a customer, e.g. an installation (SPEC §2). Its lines live in the same file (no ESM import cycle). */
@Entity()
export class Job extends BaseEntity {
  @ManyToOne({ entity: () => Customer, ref: true, index: true })
  customer!: Ref<Customer>;

  /** YYYY-MM-DD */
  @Property({ type: 'date' })
  orderDate!: string;

  @Property({ type: 'date' })
  expectedCompletionDate!: string;

  /** Set once, by completeJob. */
  @Property({ type: 'date', nullable: true })
  actualCompletionDate?: string | null;

  /** The currency of every line price. */
  @Property({ type: 'text', length: 3 })
  currency!: string;

  @OneToMany({ entity: () => JobLine, mappedBy: 'job', cascade: [Cascade.ALL], orderBy: { id: 'asc' } })
  lines = new Collection<JobLine>(this);
}

/** A product on a job at a price. */
@Entity()
export class JobLine extends BaseEntity {
  @ManyToOne({ entity: () => Job, ref: true, deleteRule: 'cascade', index: true })
  job!: Ref<Job>;

  @ManyToOne({ entity: () => Product, ref: true })
  product!: Ref<Product>;

  @Property({ type: 'decimal', precision: 19, scale: 4 })
  price!: string;
}
