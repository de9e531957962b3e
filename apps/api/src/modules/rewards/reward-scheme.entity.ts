import { Entity, Property, Unique, type Opt } from '@mikro-orm/core';
import { Visible } from '../../database/visibility.js';
import { OwnedByGroupEntity } from '../access/owned-by-group.entity.js';

/** A programme customers join (SPEC §4). An explicit viewing entity. */
@Visible('RewardScheme', 'reward_scheme')
@Entity()
@Unique({ name: 'reward_scheme_ci_unique', expression: 'create unique index "reward_scheme_ci_unique" on "reward_scheme" (lower("name"))' })
export class RewardScheme extends OwnedByGroupEntity {
  @Property({ unique: true })
  name!: string;

  @Property({ type: 'text', nullable: true, unique: true })
  code?: string | null;

  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @Property({ length: 3, default: 'EUR' })
  currency: Opt<string> = 'EUR';

  @Property({ default: 'UTC' })
  timezone: Opt<string> = 'UTC';
}
