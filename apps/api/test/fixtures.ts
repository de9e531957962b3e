import type { TestApp } from './harness.js';

/** Creates records through the public API as the super user, returning their ids. */
export function fixtures(t: TestApp) {
  const as = t.adminToken;
  return {
    async group(name: string): Promise<string> {
      return (await t.ok<{ createGroup: { id: string } }>('mutation($i:CreateGroupInput!){ createGroup(input:$i){ id } }', { i: { name } }, as)).createGroup.id;
    },
    async unit(name: string, groupId: string, timezone = 'UTC'): Promise<string> {
      return (await t.ok<{ createUnit: { id: string } }>('mutation($i:CreateUnitInput!){ createUnit(input:$i){ id } }', { i: { name, groupId, timezone } }, as)).createUnit.id;
    },
    async privacyLevel(name: string, rank: number): Promise<string> {
      return (await t.ok<{ createPrivacyLevel: { id: string } }>('mutation($i:CreatePrivacyLevelInput!){ createPrivacyLevel(input:$i){ id } }', { i: { name, rank } }, as)).createPrivacyLevel.id;
    },
    /** The super user's group: it owns what the super user creates (SPEC §1). */
    async adminGroup(): Promise<string> {
      return (await t.ok<{ me: { group: { id: string } } }>('{ me { group { id } } }', {}, as)).me.group.id;
    },
    /**
     * Lets `groupId` see what the super user's group owns (adds it to that group's collaborating groups):
     * campaigns and offers created by the super user are then visible to its users (SPEC §1).
     */
    async seeAdminGroup(groupId: string): Promise<void> {
      const { me } = await t.ok<{ me: { group: { id: string; collaboratingGroups: { id: string }[] } } }>('{ me { group { id collaboratingGroups { id } } } }', {}, as);
      const ids = [...new Set([...me.group.collaboratingGroups.map((g) => g.id), groupId])];
      await t.ok('mutation($g:ID!,$c:[ID!]!){ setCollaboratingGroups(groupId:$g, collaboratingGroupIds:$c){ id } }', { g: me.group.id, c: ids }, as);
    },
    async collaborate(groupId: string, collaboratorIds: string[]): Promise<void> {
      await t.ok('mutation($g:ID!,$c:[ID!]!){ setCollaboratingGroups(groupId:$g, collaboratingGroupIds:$c){ id } }', { g: groupId, c: collaboratorIds }, as);
    },
    /** Creates a user and returns their id and a signed-in token. */
    async user(email: string, roles: string[], groupId: string, extra: { unitId?: string; privacyClearanceId?: string } = {}): Promise<{ id: string; token: string }> {
      const password = 'password-1234';
      const id = (
        await t.ok<{ createUser: { id: string } }>(
          'mutation($i:CreateUserInput!){ createUser(input:$i){ id } }',
          { i: { email, name: email.split('@')[0], password, roles, groupId, ...extra } },
          as,
        )
      ).createUser.id;
      return { id, token: await t.login(email, password) };
    },
  };
}

/** Counts the rows of a table (for "nothing was written" assertions). */
export async function countRows(t: TestApp, table: string): Promise<number> {
  const rows = await t.sql<{ n: string }>(`select count(*)::text as n from ${table}`);
  return Number(rows[0].n);
}
