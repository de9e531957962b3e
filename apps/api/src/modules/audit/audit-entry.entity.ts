import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/** Append-only, hash-chained record of a change or decision (SPEC §9). Written only by audit-trail.ts. */
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
