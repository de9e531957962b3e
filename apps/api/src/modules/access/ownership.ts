import { assignPrivacyLevel, type PrivacyEntityKind } from '@perkflow/domain';
import type { GraphQLContext } from '../../graphql/context.js';
import { requireViewer } from '../../graphql/context.js';
import { Group } from './group.entity.js';
import type { OwnedByGroupEntity } from './owned-by-group.entity.js';
import { PrivacyLevel } from './privacy-level.entity.js';
import { PrivacyLevelAssignmentRule } from './privacy-level-assignment-rule.entity.js';

/**
 * Gives a new explicit viewing entity its owner (the creator's group) and its privacy level (the first
 * matching assignment rule). Call before the first flush.
 */
export async function assignOwnership(
  ctx: GraphQLContext,
  entity: OwnedByGroupEntity,
  kind: PrivacyEntityKind,
  facts: { classification?: string | null } = {},
): Promise<void> {
  const viewer = requireViewer(ctx);
  entity.ownedByGroup = ctx.em.getReference(Group, viewer.groupId, { wrapped: true });
  const rules = await ctx.em.find(PrivacyLevelAssignmentRule, { entity: kind });
  const levelId = assignPrivacyLevel(
    rules.map((r) => ({
      id: r.id,
      position: r.position,
      entity: r.entity,
      classification: r.classification,
      ownedByGroupId: r.ownedByGroup ? String(r.ownedByGroup.id) : null,
      privacyLevelId: String(r.privacyLevel.id),
    })),
    { entity: kind, ownedByGroupId: viewer.groupId, classification: facts.classification },
  );
  entity.privacyLevel = levelId ? ctx.em.getReference(PrivacyLevel, levelId, { wrapped: true }) : null;
}
