import { Collection, Entity, ManyToMany, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../../database/base.entity.js';

@Entity({ tableName: 'org_group' })
@Unique({ name: 'org_group_ci_unique', expression: 'create unique index "org_group_ci_unique" on "org_group" (lower("name"))' })
export class Group extends BaseEntity {
  @Property({ unique: true })
  name!: string;

  /** Groups this group collaborates with: they see what this group owns (SPEC §1). */
  @ManyToMany({ entity: () => Group, pivotTable: 'group_collaborator', joinColumn: 'group_id', inverseJoinColumn: 'collaborator_id' })
  collaboratingGroups = new Collection<Group>(this);
}
