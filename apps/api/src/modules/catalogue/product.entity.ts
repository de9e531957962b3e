import { Entity, ManyToOne, Property, Unique, type Ref } from '@mikro-orm/core';
import { BaseEntity } from '../../database/base.entity.js';
import { ProductFamily } from './product-family.entity.js';
import { ProductType } from './product-type.entity.js';

/** Something the company sells: a subscription package, an add-on, a fee (SPEC §2). */
@Entity()
@Unique({ name: 'product_ci_unique', expression: 'create unique index "product_ci_unique" on "product" (lower("code"))' })
export class Product extends BaseEntity {
  /** Unique, as entered (trimmed). */
  @Property({ unique: true })
  code!: string;

  @Property()
  name!: string;

  @ManyToOne({ entity: () => ProductType, ref: true })
  type!: Ref<ProductType>;

  @ManyToOne({ entity: () => ProductFamily, ref: true, nullable: true })
  family?: Ref<ProductFamily> | null;

  /** The list price, exact (numeric); set together with `currency` or not at all. */
  @Property({ type: 'decimal', precision: 19, scale: 4, nullable: true })
  price?: string | null;

  @Property({ type: 'text', length: 3, nullable: true })
  currency?: string | null;
}
