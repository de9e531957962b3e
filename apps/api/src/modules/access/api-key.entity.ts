import { Entity, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { BaseEntity } from '../../database/base.entity.js';
import { User } from './user.entity.js';

/** A machine credential (portals, checkouts): `pk_<id>_<secret>`; only the secret's SHA-256 is stored. */
@Entity()
export class ApiKey extends BaseEntity {
  @Property()
  name!: string;

  @ManyToOne({ entity: () => User, ref: true })
  user!: Ref<User>;

  @Property({ hidden: true })
  secretHash!: string;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  lastUsedAt?: Date | null;
}
