import { Entity, ManyToOne, Property, Unique, type Opt, type Ref } from '@mikro-orm/core';
import { BaseEntity } from '../../database/base.entity.js';
import { Group } from './group.entity.js';

@Entity({ tableName: 'org_unit' })
@Unique({ name: 'org_unit_ci_unique', expression: 'create unique index "org_unit_ci_unique" on "org_unit" ("group_id", lower("name"))' })
@Unique({ properties: ['group', 'name'] })
export class Unit extends BaseEntity {
  @Property()
  name!: string;

  @ManyToOne({ entity: () => Group, ref: true })
  group!: Ref<Group>;

  @Property({ default: 'UTC' })
  timezone: Opt<string> = 'UTC';
}
