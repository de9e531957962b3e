import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from './fixtures.js';
import { errorCode, startTestApp, type TestApp } from './harness.js';

// The visibility rule of SPEC §1 on an explicit viewing entity (reward schemes), over list, count and lookup.
let t: TestApp;
const ids: Record<string, string> = {};
const tokens: Record<string, string> = {};

const LIST = '{ rewardSchemes { id name } }';
const PAGE = 'query($first:Int,$after:String){ rewardSchemesPage(first:$first, after:$after){ totalCount nodes { id name } pageInfo { hasNextPage endCursor } } }';
const LOOKUP = 'query($id:ID!){ rewardScheme(id:$id){ id name privacyLevel { name } ownedByGroup { name } } }';

async function createScheme(token: string, name: string): Promise<string> {
  return (await t.ok<{ createRewardScheme: { id: string } }>('mutation($i:CreateRewardSchemeInput!){ createRewardScheme(input:$i){ id } }', { i: { name } }, token)).createRewardScheme.id;
}

async function setLevel(schemeId: string, levelId: string | null) {
  await t.ok('mutation($id:ID!,$l:ID){ changePrivacyLevel(entity: REWARD_SCHEME, id:$id, privacyLevelId:$l) }', { id: schemeId, l: levelId }, t.adminToken);
}

beforeAll(async () => {
  t = await startTestApp();
  const f = fixtures(t);
  const owner = await f.group('Owner');
  const collaborator = await f.group('Collaborator');
  const other = await f.group('Other');
  await f.collaborate(owner, [collaborator]);
  const internal = await f.privacyLevel('Internal', 10);
  const confidential = await f.privacyLevel('Confidential', 20);
  ids.internal = internal;
  ids.confidential = confidential;
  const users = {
    ownerHigh: await f.user('owner.high@example.com', ['MARKETING_MANAGER'], owner, { privacyClearanceId: confidential }),
    ownerMid: await f.user('owner.mid@example.com', ['MARKETING_MANAGER'], owner, { privacyClearanceId: internal }),
    ownerNone: await f.user('owner.none@example.com', ['MARKETING_MANAGER'], owner),
    collaborator: await f.user('collab@example.com', ['MARKETING_MANAGER'], collaborator, { privacyClearanceId: internal }),
    other: await f.user('other@example.com', ['MARKETING_MANAGER'], other, { privacyClearanceId: confidential }),
    orgAdmin: await f.user('orgadmin@example.com', ['ADMIN'], other, { privacyClearanceId: confidential }),
  };
  for (const [k, v] of Object.entries(users)) tokens[k] = v.token;
  ids.open = await createScheme(tokens.ownerHigh, 'Open scheme');
  ids.internalScheme = await createScheme(tokens.ownerHigh, 'Internal scheme');
  ids.confidentialScheme = await createScheme(tokens.ownerHigh, 'Confidential scheme');
  ids.collabOwned = await createScheme(tokens.collaborator, 'Collaborator scheme');
  await setLevel(ids.internalScheme, internal);
  await setLevel(ids.confidentialScheme, confidential);
});
afterAll(async () => t?.stop());

const ownerSchemes = ['Confidential scheme', 'Internal scheme', 'Open scheme'];

describe('visibility matrix', () => {
  it.each([
    ['owner group, clearance above every level', 'ownerHigh', ownerSchemes],
    ['owner group, clearance Internal', 'ownerMid', ['Internal scheme', 'Open scheme']],
    ['owner group, no clearance', 'ownerNone', ['Open scheme']],
    ['collaborating group (sees the owner’s, and its own), clearance Internal', 'collaborator', ['Collaborator scheme', 'Internal scheme', 'Open scheme']],
    ['other group', 'other', []],
    ['super user', 'super', ['Collaborator scheme', ...ownerSchemes]],
  ])('%s: list, count and lookup agree', async (_label, who, expected) => {
    const token = who === 'super' ? t.adminToken : tokens[who];
    const list = await t.ok<{ rewardSchemes: { id: string; name: string }[] }>(LIST, {}, token);
    expect(list.rewardSchemes.map((s) => s.name).sort()).toEqual(expected);
    const page = await t.ok<{ rewardSchemesPage: { totalCount: number; nodes: { name: string }[] } }>(PAGE, { first: 50 }, token);
    expect(page.rewardSchemesPage.totalCount).toBe(expected.length);
    expect(page.rewardSchemesPage.nodes.map((n) => n.name).sort()).toEqual(expected);
    const all = { 'Open scheme': ids.open, 'Internal scheme': ids.internalScheme, 'Confidential scheme': ids.confidentialScheme, 'Collaborator scheme': ids.collabOwned };
    for (const [name, id] of Object.entries(all)) {
      const found = await t.gql<{ rewardScheme: { name: string } | null }>(LOOKUP, { id }, token);
      expect(found.errors).toBeUndefined();
      // Invisible records do not exist for the viewer: null ("not found"), never FORBIDDEN.
      expect(found.data?.rewardScheme?.name ?? null).toBe(expected.includes(name) ? name : null);
    }
  });

  it('an owner does not see what a group it collaborates with owns (collaboration is one-way)', async () => {
    const list = await t.ok<{ rewardSchemes: { name: string }[] }>(LIST, {}, tokens.ownerHigh);
    expect(list.rewardSchemes.map((s) => s.name)).not.toContain('Collaborator scheme');
  });

  it('pages through a visible list with cursors', async () => {
    const first = await t.ok<{ rewardSchemesPage: { nodes: { name: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(PAGE, { first: 2 }, tokens.ownerHigh);
    expect(first.rewardSchemesPage.nodes.map((n) => n.name)).toEqual(['Confidential scheme', 'Internal scheme']);
    expect(first.rewardSchemesPage.pageInfo.hasNextPage).toBe(true);
    const second = await t.ok<{ rewardSchemesPage: { nodes: { name: string }[]; pageInfo: { hasNextPage: boolean } } }>(
      PAGE,
      { first: 2, after: first.rewardSchemesPage.pageInfo.endCursor },
      tokens.ownerHigh,
    );
    expect(second.rewardSchemesPage.nodes.map((n) => n.name)).toEqual(['Open scheme']);
    expect(second.rewardSchemesPage.pageInfo.hasNextPage).toBe(false);
    expect(errorCode(await t.gql(PAGE, { first: 2, after: 'garbage' }, tokens.ownerHigh))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(PAGE, { first: 1000 }, tokens.ownerHigh))).toBe('BAD_USER_INPUT');
  });
});

describe('privacy levels change only through changePrivacyLevel', () => {
  const CHANGE = 'mutation($id:ID!,$l:ID){ changePrivacyLevel(entity: REWARD_SCHEME, id:$id, privacyLevelId:$l) }';

  it('is refused to roles without the right (FORBIDDEN) and answers NOT_FOUND for what the caller cannot see', async () => {
    expect(errorCode(await t.gql(CHANGE, { id: ids.open, l: ids.internal }, tokens.ownerHigh))).toBe('FORBIDDEN');
    // An organisation admin of another group cannot see the scheme: it does not exist for them.
    expect(errorCode(await t.gql(CHANGE, { id: ids.open, l: ids.internal }, tokens.orgAdmin))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql(CHANGE, { id: ids.open, l: '999999' }, t.adminToken))).toBe('BAD_USER_INPUT');
    const level = await t.sql<{ privacy_level_id: string | null }>('select privacy_level_id from reward_scheme where id = $1', [ids.open]);
    expect(level[0].privacy_level_id).toBeNull();
  });

  it('is audited with the level before and after', async () => {
    const rows = await t.sql<{ before: unknown; after: unknown }>(
      "select before, after from audit_entry where action = 'changePrivacyLevel' and entity_id = $1",
      [ids.confidentialScheme],
    );
    expect(rows).toEqual([{ before: { privacyLevelId: null }, after: { privacyLevelId: ids.confidential } }]);
  });

  it('assigns the level of the first matching assignment rule on create', async () => {
    const owner = (await t.ok<{ groups: { id: string; name: string }[] }>('{ groups { id name } }', {}, t.adminToken)).groups.find((g) => g.name === 'Owner')!;
    await t.ok(
      'mutation($i:CreatePrivacyLevelAssignmentRuleInput!){ createPrivacyLevelAssignmentRule(input:$i){ id position } }',
      { i: { entity: 'REWARD_SCHEME', ownedByGroupId: owner.id, privacyLevelId: ids.confidential } },
      t.adminToken,
    );
    const id = await createScheme(tokens.ownerHigh, 'Ruled scheme');
    const other = await createScheme(tokens.collaborator, 'Unruled scheme');
    const ruled = await t.ok<{ rewardScheme: { privacyLevel: { name: string } | null } }>(LOOKUP, { id }, t.adminToken);
    expect(ruled.rewardScheme.privacyLevel?.name).toBe('Confidential');
    const unruled = await t.ok<{ rewardScheme: { privacyLevel: { name: string } | null } }>(LOOKUP, { id: other }, t.adminToken);
    expect(unruled.rewardScheme.privacyLevel).toBeNull();
    // The creator's mid-cleared colleague no longer sees the new scheme.
    const mid = await t.ok<{ rewardScheme: unknown }>(LOOKUP, { id }, tokens.ownerMid);
    expect(mid.rewardScheme).toBeNull();
  });
});
