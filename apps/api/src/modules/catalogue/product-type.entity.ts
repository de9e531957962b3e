import { Entity, Property } from '@mikro-orm/core';
import { BaseEntity } from '../../database/base.entity.js';

/** A kind of product, e.g. "Subscription Packages", "Add-ons", "Fees" (SPEC §2). */
@Entity()
export class ProductType extends BaseEntity {
  @Property({ unique: true })
  name!: string;
}
