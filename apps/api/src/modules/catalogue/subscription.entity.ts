import { Cascade, Collection, Entity, Enum, ManyToOne, OneToMany, Property, type Ref } from '@mikro-orm/core';
import { BaseEntity } from '../../database/base.entity.js';
import { Customer } from './customer.entity.js';
import { Product } from './product.entity.js';

export const BILLING_FREQUENCIES = ['MONTHLY', 'QUARTERLY', 'ANNUALLY'] as const;
export type BillingFrequency = (typeof BILLING_FREQUENCIES)[number];

/** A customer's recurring services (SPEC §2). Its service lines live in the same file (no ESM import cycle). */
@Entity()
export class Subscription extends BaseEntity {
  @ManyToOne({ entity: () => Customer, ref: true, index: true })
  customer!: Ref<Customer>;

  @Enum({ items: () => [...BILLING_FREQUENCIES] })
  billingFrequency!: BillingFrequency;

  /** YYYY-MM-DD */
  @Property({ type: 'date' })
  effectiveDate!: string;

  /** The currency of every service price. */
  @Property({ type: 'text', length: 3 })
  currency!: string;

  @OneToMany({ entity: () => SubscriptionService, mappedBy: 'subscription', cascade: [Cascade.ALL], orderBy: { id: 'asc' } })
  services = new Collection<SubscriptionService>(this);
}

/** One service of a subscription: a product at a price; exactly one per subscription is the main service. */
@Entity()
export class SubscriptionService extends BaseEntity {
  @ManyToOne({ entity: () => Subscription, ref: true, deleteRule: 'cascade', index: true })
  subscription!: Ref<Subscription>;

  @ManyToOne({ entity: () => Product, ref: true })
  product!: Ref<Product>;

  @Property({ type: 'decimal', precision: 19, scale: 4 })
  price!: string;

  @Property()
  isMain!: boolean;
}
