import { Entity, Property } from '@mikro-orm/core';
import { BaseEntity } from '../../database/base.entity.js';

/** A product line, e.g. "Fibre broadband" (SPEC §2). */
@Entity()
export class ProductFamily extends BaseEntity {
  @Property({ unique: true })
  name!: string;
}
