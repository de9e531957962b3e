import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { visibleRecordOfTypeSql, VisibleWhere } from '../../database/visibility.js';

/** Append-only, hash-chained record of a change or decision (SPEC §9). Written only by audit-trail.ts. */
// Entries about an invisible entity, or about a record that exists only through one, are invisible.
@VisibleWhere('AuditEntry', 'audit_entry', (scope, a) => visibleRecordOfTypeSql(scope, `${a}.entity_type`, `${a}.entity_id`), { polymorphic: true })
@Entity()
@Index({ properties: ['entityType', 'entityId'] })
export class AuditEntry {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'timestamptz' })
  at!: Date;

  @Property({ type: 'bigint', nullable: true })
  actorId?: string | null;

  @Property()
  action!: string;

  @Property()
  entityType!: string;

  @Property()
  entityId!: string;

  @Property({ type: 'jsonb', nullable: true })
  before?: unknown;

  @Property({ type: 'jsonb', nullable: true })
  after?: unknown;

  @Property({ length: 64 })
  prevHash!: string;

  @Property({ length: 64 })
  hash!: string;
}
