import { Entity, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../../database/base.entity.js';

@Entity()
@Unique({ name: 'privacy_level_ci_unique', expression: 'create unique index "privacy_level_ci_unique" on "privacy_level" (lower("name"))' })
export class PrivacyLevel extends BaseEntity {
  @Property({ unique: true })
  name!: string;

  /** Higher is more restricted; a user sees a level when their clearance rank is at least this. */
  @Property()
  rank!: number;
}
