import { Entity, Index, Property, type Opt } from '@mikro-orm/core';
import { BaseEntity } from '../../database/base.entity.js';

/** One of a customer's addresses (kept with the customer as jsonb; never queried on its own). */
export interface CustomerAddress {
  area: string | null;
  city: string | null;
  district: string | null;
  active: boolean;
}

/** A customer of the company (SPEC §2). */
/** Listed by name (keyset pagination on name, id). */
@Entity()
@Index({ properties: ['name', 'id'] })
export class Customer extends BaseEntity {
  @Property()
  name!: string;

  /** Lower-cased. */
  @Property({ type: 'text', nullable: true })
  email?: string | null;

  /** A local date YYYY-MM-DD (the driver returns date columns as strings, so no time-zone shift). */
  @Property({ type: 'date', nullable: true })
  birthday?: string | null;

  @Property({ type: 'date', nullable: true })
  nameDay?: string | null;

  @Property({ type: 'timestamptz' })
  signedUpAt!: Date;

  @Property({ type: 'text', nullable: true })
  region?: string | null;

  @Property({ type: 'json', default: '[]' })
  addresses: Opt<CustomerAddress[]> = [];

  @Property({ default: false })
  blacklisted: Opt<boolean> = false;

  @Property({ type: 'text', nullable: true })
  blacklistReason?: string | null;
}
