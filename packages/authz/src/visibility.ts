import type { AbilityUser } from './ability.js';

/**
 * What a viewer may see of explicit viewing entities (SPEC §1), as data: either everything (super
 * users, and the system's own work), or the owner groups and privacy levels the viewer is cleared for.
 * The one place the rule's inputs are decided; the API turns it into its entity filter and SQL predicate.
 */
export type VisibilityScope =
  | { all: true; groupIds?: undefined; levelIds?: undefined; system?: string }
  | { all: false; groupIds: readonly string[]; levelIds: readonly string[]; system?: undefined };

/** Sees nothing: an anonymous caller. */
export const NOTHING_VISIBLE: VisibilityScope = Object.freeze({ all: false, groupIds: [], levelIds: [] });

/** The scope of a viewer: super users see everything; others their visible owner groups and cleared levels. */
export function visibilityScope(user: AbilityUser | null): VisibilityScope {
  if (!user) return NOTHING_VISIBLE;
  if (user.isSuperUser || user.roles.includes('SUPER_USER')) return { all: true };
  return { all: false, groupIds: [...user.visibleOwnerGroupIds], levelIds: [...user.clearedPrivacyLevelIds] };
}

/** Pure twin of the SQL predicate: may a viewer with this scope see an entity with these facts? */
export function isVisibleTo(scope: VisibilityScope, facts: { ownedByGroupId: string; privacyLevelId: string | null }): boolean {
  if (scope.all) return true;
  return scope.groupIds.includes(facts.ownedByGroupId) && (facts.privacyLevelId === null || scope.levelIds.includes(facts.privacyLevelId));
}
