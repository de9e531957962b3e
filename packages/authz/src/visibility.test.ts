import { describe, expect, it } from 'vitest';
import { defineAbilityFor, asSubject, type AbilityUser } from './ability.js';
import { isVisibleTo, NOTHING_VISIBLE, visibilityScope } from './visibility.js';

const user = (overrides: Partial<AbilityUser> = {}): AbilityUser => ({
  id: 'u1', roles: ['AUDITOR'], isSuperUser: false, groupId: 'g1', unitId: null, visibleOwnerGroupIds: ['g1', 'g2'], clearedPrivacyLevelIds: ['l1'], ...overrides,
});

describe('visibilityScope', () => {
  it('is everything for super users, nothing for anonymous callers, else the owner groups and cleared levels', () => {
    expect(visibilityScope(user({ isSuperUser: true }))).toEqual({ all: true });
    expect(visibilityScope(null)).toBe(NOTHING_VISIBLE);
    expect(visibilityScope(user())).toEqual({ all: false, groupIds: ['g1', 'g2'], levelIds: ['l1'] });
  });

  it('agrees with the abilities on every combination of owner and level', () => {
    const u = user();
    const scope = visibilityScope(u);
    const ability = defineAbilityFor(u);
    for (const ownedByGroupId of ['g1', 'g2', 'g3']) {
      for (const privacyLevelId of [null, 'l1', 'l2']) {
        expect(isVisibleTo(scope, { ownedByGroupId, privacyLevelId }), `${ownedByGroupId}/${privacyLevelId}`)
          .toBe(ability.can('read', asSubject('Campaign', { ownedByGroup: ownedByGroupId, privacyLevel: privacyLevelId })));
      }
    }
  });
});
