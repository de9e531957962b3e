import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { visibleRecordOfTypeSql, VisibleWhere } from '../../database/visibility.js';

/** Append-only, hash-chained record of a change or decision (SPEC §9). Written pending by audit-trail.ts, chained by audit-chainer.ts. */
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

  /** Null while pending: set once, with `hash` and `chainSeq`, by the chainer (audit-chainer.ts). */
  @Property({ length: 64, nullable: true })
  prevHash?: string | null;

  @Property({ length: 64, nullable: true })
  hash?: string | null;

  /** Position in the hash chain (1, 2, …), in the order the chainer saw entries committed; null while pending. */
  @Property({ type: 'bigint', nullable: true, unique: true })
  chainSeq?: string | null;
}
