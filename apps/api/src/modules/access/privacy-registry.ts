import type { EntityClass } from '@mikro-orm/core';
import type { ExplicitViewingSubject } from '@perkflow/authz';
import type { PrivacyEntityKind } from '@perkflow/domain';
import type { OwnedByGroupEntity } from './owned-by-group.entity.js';

export interface PrivacyEntityRegistration {
  kind: PrivacyEntityKind;
  subject: ExplicitViewingSubject;
  entity: EntityClass<OwnedByGroupEntity>;
}

const registry = new Map<PrivacyEntityKind, PrivacyEntityRegistration>();

/** Declares an explicit viewing entity, so `changePrivacyLevel` and the assignment rules know it. */
export function registerPrivacyEntity(kind: PrivacyEntityKind, subject: ExplicitViewingSubject, entity: EntityClass<OwnedByGroupEntity>): void {
  registry.set(kind, { kind, subject, entity });
}

export function privacyEntity(kind: PrivacyEntityKind): PrivacyEntityRegistration | undefined {
  return registry.get(kind);
}
