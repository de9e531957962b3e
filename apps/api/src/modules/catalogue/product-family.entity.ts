import { Entity, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../../database/base.entity.js';

/** A product line, e.g. "Fibre broadband" (SPEC §2). */
@Entity()
@Unique({ name: 'product_family_ci_unique', expression: 'create unique index "product_family_ci_unique" on "product_family" (lower("name"))' })
export class ProductFamily extends BaseEntity {
  @Property({ unique: true })
  name!: string;
}
