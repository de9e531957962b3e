import { Entity, Property } from '@mikro-orm/core';
import { BaseEntity } from '../../database/base.entity.js';

@Entity()
export class PrivacyLevel extends BaseEntity {
  @Property({ unique: true })
  name!: string;

  /** Higher is more restricted; a user sees a level when their clearance rank is at least this. */
  @Property()
  rank!: number;
}
