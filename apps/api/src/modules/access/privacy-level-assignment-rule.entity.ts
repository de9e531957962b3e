import { Entity, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import type { PrivacyEntityKind } from '@perkflow/domain';
import { BaseEntity } from '../../database/base.entity.js';
import { Group } from './group.entity.js';
import { PrivacyLevel } from './privacy-level.entity.js';

/** Ordered rules that give a new explicit viewing entity its privacy level (SPEC §1). */
@Entity()
export class PrivacyLevelAssignmentRule extends BaseEntity {
  @Property()
  position!: number;

  @Property({ type: 'text' })
  entity!: PrivacyEntityKind;

  @Property({ type: 'text', nullable: true })
  classification?: string | null;

  @ManyToOne({ entity: () => Group, ref: true, nullable: true })
  ownedByGroup?: Ref<Group> | null;

  @ManyToOne({ entity: () => PrivacyLevel, ref: true })
  privacyLevel!: Ref<PrivacyLevel>;
}
