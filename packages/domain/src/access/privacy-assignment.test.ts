import { describe, expect, it } from 'vitest';
import { assignPrivacyLevel, type PrivacyAssignmentRule } from './privacy-assignment.js';

const rules: PrivacyAssignmentRule[] = [
  { id: '3', position: 3, entity: 'REWARD_OFFER', privacyLevelId: 'internal' },
  { id: '1', position: 1, entity: 'REWARD_OFFER', classification: 'JUST_MONEY', privacyLevelId: 'confidential' },
  { id: '2', position: 2, entity: 'CAMPAIGN', ownedByGroupId: 'finance', privacyLevelId: 'confidential' },
];

describe('assignPrivacyLevel', () => {
  it.each([
    [{ entity: 'REWARD_OFFER', ownedByGroupId: 'mkt', classification: 'JUST_MONEY' }, 'confidential'],
    [{ entity: 'REWARD_OFFER', ownedByGroupId: 'mkt', classification: 'REWARD_SIGN_UPS' }, 'internal'],
    [{ entity: 'CAMPAIGN', ownedByGroupId: 'finance' }, 'confidential'],
    [{ entity: 'CAMPAIGN', ownedByGroupId: 'mkt' }, null],
    [{ entity: 'REWARD_SCHEME', ownedByGroupId: 'mkt' }, null],
  ] as const)('assigns %j → %s', (facts, expected) => {
    expect(assignPrivacyLevel(rules, facts)).toBe(expected);
  });
});
