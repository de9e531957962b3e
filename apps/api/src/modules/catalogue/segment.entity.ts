import { Entity, Enum, Property, Unique, type Opt } from '@mikro-orm/core';
import { SEGMENT_ENTITIES, type SegmentEntityKind } from '@perkflow/domain';
import { BaseEntity } from '../../database/base.entity.js';

/**
 * A named set of customers, subscriptions or jobs (SPEC §2): static (explicit `memberIds`) or
 * dynamic (a JsonLogic `rule` over the entity's facts, see @perkflow/domain segment-rule).
 */
@Entity()
@Unique({ name: 'segment_ci_unique', expression: 'create unique index "segment_ci_unique" on "segment" (lower("name"))' })
export class Segment extends BaseEntity {
  @Property({ unique: true })
  name!: string;

  @Enum({ items: () => [...SEGMENT_ENTITIES] })
  entity!: SegmentEntityKind;

  @Property({ type: 'json', nullable: true })
  rule?: Record<string, unknown> | null;

  /** Ids of the members of a static segment; empty for a dynamic one. */
  @Property({ type: 'text[]', default: '{}' })
  memberIds: Opt<string[]> = [];
}
