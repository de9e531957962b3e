import { Entity, ManyToOne, Property, type Opt, type Ref } from '@mikro-orm/core';
import type { Role } from '@perkflow/authz';
import { BaseEntity } from '../../database/base.entity.js';
import { Group } from './group.entity.js';
import { PrivacyLevel } from './privacy-level.entity.js';
import { Unit } from './unit.entity.js';

@Entity({ tableName: 'app_user' })
export class User extends BaseEntity {
  /** Stored lower-cased; unique. */
  @Property({ unique: true })
  email!: string;

  @Property()
  name!: string;

  /** argon2id hash; never leaves the API. */
  @Property({ hidden: true, lazy: true })
  passwordHash!: string;

  @Property({ type: 'text[]' })
  roles!: Role[];

  @ManyToOne({ entity: () => Group, ref: true })
  group!: Ref<Group>;

  @ManyToOne({ entity: () => Unit, ref: true, nullable: true })
  unit?: Ref<Unit> | null;

  @ManyToOne({ entity: () => PrivacyLevel, ref: true, nullable: true })
  privacyClearance?: Ref<PrivacyLevel> | null;

  @Property({ default: false })
  isSuperUser: Opt<boolean> = false;

  @Property({ default: true })
  active: Opt<boolean> = true;

  /**
   * Every token carries it (claim `sv`) and is honoured only while it matches: bumped by a password, role,
   * clearance, group or unit change, a deactivation or reactivation, and "sign out everywhere".
   */
  @Property({ default: 1, hidden: true })
  sessionVersion: Opt<number> = 1;
}
