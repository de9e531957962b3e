import { ManyToOne, type Ref } from '@mikro-orm/core';
import { BaseEntity } from '../../database/base.entity.js';
import { Group } from './group.entity.js';
import { PrivacyLevel } from './privacy-level.entity.js';

/**
 * Base of every explicit viewing entity (SPEC §1): owned by a group, optionally at a privacy level.
 * Extend it, declare `@Visible(type, table)` (database/visibility.ts), list the subject in
 * `EXPLICIT_VIEWING_SUBJECTS` (packages/authz) and register the class in `privacy-registry.ts`; visibility
 * on every read, "not found" and `changePrivacyLevel` then come for free (test/visibility-mechanism.test.ts
 * fails on an entity that extends this without the declaration).
 */
export abstract class OwnedByGroupEntity extends BaseEntity {
  @ManyToOne({ entity: () => Group, ref: true })
  ownedByGroup!: Ref<Group>;

  /** Read-only in ordinary updates: set on create by the assignment rules, then only by `changePrivacyLevel`. */
  @ManyToOne({ entity: () => PrivacyLevel, ref: true, nullable: true })
  privacyLevel?: Ref<PrivacyLevel> | null;
}
