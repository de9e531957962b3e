import { Entity, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../../database/base.entity.js';

/** A kind of product, e.g. "Subscription Packages", "Add-ons", "Fees" (SPEC §2). */
@Entity()
@Unique({ name: 'product_type_ci_unique', expression: 'create unique index "product_type_ci_unique" on "product_type" (lower("name"))' })
export class ProductType extends BaseEntity {
  @Property({ unique: true })
  name!: string;
}
