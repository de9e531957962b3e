import { describe, expect, it } from 'vitest';
import { defineAbilityFor, type AbilityUser } from './ability.js';
import { accessCondition } from './access-filter.js';
import { asSubject } from './index.js';
import type { Role } from './roles.js';

function user(roles: Role[], overrides: Partial<AbilityUser> = {}): AbilityUser {
  return {
    id: 'u1',
    roles,
    isSuperUser: false,
    groupId: 'g1',
    unitId: 'unit1',
    visibleOwnerGroupIds: ['g1', 'g2'],
    clearedPrivacyLevelIds: ['internal'],
    ...overrides,
  };
}

const scheme = (ownedByGroup: string, privacyLevel: string | null) =>
  asSubject('RewardScheme', { ownedByGroup, privacyLevel });

describe('visibility of explicit viewing entities', () => {
  const ability = defineAbilityFor(user(['MARKETING_MANAGER']));
  it.each([
    ['owner group, no level', scheme('g1', null), true],
    ['collaborating owner, no level', scheme('g2', null), true],
    ['other group', scheme('g3', null), false],
    ['cleared level', scheme('g1', 'internal'), true],
    ['level above clearance', scheme('g1', 'confidential'), false],
  ])('%s → %s', (_name, record, expected) => {
    expect(ability.can('read', record)).toBe(expected);
    expect(ability.can('update', record)).toBe(expected);
  });

  it('super users see everything', () => {
    const superUser = defineAbilityFor(user([], { isSuperUser: true, clearedPrivacyLevelIds: [] }));
    expect(superUser.can('read', scheme('g9', 'confidential'))).toBe(true);
    expect(accessCondition(superUser, 'read', 'RewardScheme')).toEqual({});
  });

  it('turns the rules into one condition for SQL filters', () => {
    expect(accessCondition(ability, 'read', 'RewardScheme')).toEqual({
      ownedByGroup: { $in: ['g1', 'g2'] },
      privacyLevel: { $in: [null, 'internal'] },
    });
    expect(accessCondition(ability, 'read', 'Group')).toEqual({});
    expect(accessCondition(ability, 'read', 'AuditEntry')).toBeNull();
  });
});

describe('role abilities', () => {
  it.each([
    [['ADMIN'], 'create', 'Group', true],
    [['ADMIN'], 'read', 'AuditEntry', false],
    [['AUDITOR'], 'read', 'AuditEntry', true],
    [['AUDITOR'], 'create', 'Group', false],
    [['AGENT'], 'read', 'Customer', true],
    [['AGENT'], 'create', 'Customer', false],
    [['MARKETING_MANAGER'], 'create', 'Segment', true],
    [['MARKETING_MANAGER'], 'changePrivacy', 'RewardScheme', false],
    [['ADMIN'], 'changePrivacy', 'RewardScheme', true],
    [['PORTAL'], 'redeem', 'Redemption', true],
    [['MERCHANT'], 'create', 'Product', false],
    [['AGENT', 'AUDITOR'], 'read', 'AuditEntry', true],
    [['MARKETING_MANAGER'], 'run', 'RewardRun', true],
    [['MARKETING_MANAGER'], 'read', 'Wallet', true],
    [['MARKETING_MANAGER'], 'issue', 'Code', true],
    [['FINANCE_MANAGER'], 'issue', 'Code', false],
    [['PORTAL'], 'spend', 'Wallet', true],
    [['PORTAL'], 'submit', 'CustomerEvent', true],
    [['PORTAL'], 'run', 'RewardRun', false],
    [['AGENT'], 'spend', 'Wallet', false],
    [['ADMIN'], 'update', 'RewardsDefinition', true],
    [['MARKETING_MANAGER'], 'update', 'RewardsDefinition', false],
  ] as [Role[], Parameters<ReturnType<typeof defineAbilityFor>['can']>[0], 'Group', boolean][])(
    '%j may %s %s: %s',
    (roles, action, subject, expected) => {
      expect(defineAbilityFor(user(roles)).can(action, subject)).toBe(expected);
    },
  );

  it('an agent edits only their own pending ad hoc discounts', () => {
    const ability = defineAbilityFor(user(['AGENT']));
    expect(ability.can('update', asSubject('AdHocDiscount', { providedBy: 'u1', state: 'PENDING_APPROVAL' }))).toBe(true);
    expect(ability.can('update', asSubject('AdHocDiscount', { providedBy: 'u2', state: 'PENDING_APPROVAL' }))).toBe(false);
    expect(ability.can('update', asSubject('AdHocDiscount', { providedBy: 'u1', state: 'APPROVED' }))).toBe(false);
  });

  it('nobody unauthenticated may do anything', () => {
    expect(defineAbilityFor(null).can('read', 'Product')).toBe(false);
  });
});
