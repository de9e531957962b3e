/** Entity kinds that carry owned-by-group visibility and a privacy level (SPEC §1). */
export const PRIVACY_ENTITIES = [
  'REWARD_SCHEME',
  'REWARD_OFFER',
  'REWARD_OFFER_TEMPLATE',
  'ADDITIVE_DISCOUNT_DEFINITION',
  'CAMPAIGN',
] as const;
export type PrivacyEntityKind = (typeof PRIVACY_ENTITIES)[number];

/** An assignment rule: entity kind plus optional conditions, mapped to a privacy level. */
export interface PrivacyAssignmentRule {
  id: string;
  position: number;
  entity: PrivacyEntityKind;
  /** Matches when set and equal to the new entity's classification (reward offers, templates). */
  classification?: string | null;
  /** Matches when set and equal to the new entity's owning group. */
  ownedByGroupId?: string | null;
  privacyLevelId: string;
}

/** Facts about an entity being created that rules may test. */
export interface PrivacyAssignmentFacts {
  entity: PrivacyEntityKind;
  ownedByGroupId: string;
  classification?: string | null;
}

/**
 * The privacy level a new entity receives: the first rule (by position) whose every condition holds,
 * or `null` when none does.
 */
export function assignPrivacyLevel(
  rules: readonly PrivacyAssignmentRule[],
  facts: PrivacyAssignmentFacts,
): string | null {
  const ordered = [...rules].sort((a, b) => a.position - b.position || Number(a.id) - Number(b.id));
  for (const rule of ordered) {
    if (rule.entity !== facts.entity) continue;
    if (rule.classification && rule.classification !== facts.classification) continue;
    if (rule.ownedByGroupId && rule.ownedByGroupId !== facts.ownedByGroupId) continue;
    return rule.privacyLevelId;
  }
  return null;
}
