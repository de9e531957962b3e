import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, fixtures } from './fixtures.js';
import { errorCode, startTestApp, type TestApp } from './harness.js';

let t: TestApp;
let f: ReturnType<typeof fixtures>;
let marketing: string;
let finance: string;
let storeUnit: string;
let level: string;
beforeAll(async () => {
  t = await startTestApp();
  f = fixtures(t);
  marketing = await f.group('Marketing');
  finance = await f.group('Finance');
  storeUnit = await f.unit('Store Central', marketing, 'Europe/Athens');
  level = await f.privacyLevel('Internal', 10);
});
afterAll(async () => t?.stop());

describe('organisation', () => {
  it('creates groups, units and users and reads them back with their relations', async () => {
    await f.collaborate(marketing, [finance]);
    const user = await f.user('mia@example.com', ['AGENT', 'AUDITOR'], marketing, { unitId: storeUnit, privacyClearanceId: level });
    const me = await t.ok<{ me: Record<string, unknown> }>(
      '{ me { email roles group { name collaboratingGroups { name } } unit { name timezone group { name } } privacyClearance { name rank } isSuperUser visibleOwnerGroupIds clearedPrivacyLevelIds } }',
      {},
      user.token,
    );
    expect(me.me).toEqual({
      email: 'mia@example.com',
      roles: ['AGENT', 'AUDITOR'],
      group: { name: 'Marketing', collaboratingGroups: [{ name: 'Finance' }] },
      unit: { name: 'Store Central', timezone: 'Europe/Athens', group: { name: 'Marketing' } },
      privacyClearance: { name: 'Internal', rank: 10 },
      isSuperUser: false,
      visibleOwnerGroupIds: [marketing],
      clearedPrivacyLevelIds: [level],
    });
    const financeUser = await f.user('fin@example.com', ['FINANCE_MANAGER'], finance);
    const seen = await t.ok<{ me: { visibleOwnerGroupIds: string[] } }>('{ me { visibleOwnerGroupIds } }', {}, financeUser.token);
    expect(seen.me.visibleOwnerGroupIds.sort()).toEqual([finance, marketing].sort());
  });

  it('lets a role do only what its abilities allow (FORBIDDEN otherwise)', async () => {
    const agent = await f.user('agent1@example.com', ['AGENT'], marketing);
    expect(errorCode(await t.gql('mutation { createGroup(input: { name: "X" }) { id } }', {}, agent.token))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql('{ users { id } }', {}, agent.token))).toBe('FORBIDDEN');
    expect((await t.ok<{ groups: unknown[] }>('{ groups { id } }', {}, agent.token)).groups.length).toBeGreaterThan(0);
    const admin = await f.user('orgadmin@example.com', ['ADMIN'], finance);
    await t.ok('mutation { createGroup(input: { name: "Created by admin" }) { id } }', {}, admin.token);
    // Only a super user may create a super user.
    const before = await countRows(t, 'app_user');
    const result = await t.gql(
      'mutation($i:CreateUserInput!){ createUser(input:$i){ id } }',
      { i: { email: 'root2@example.com', name: 'Root', password: 'password-1234', roles: ['SUPER_USER'], groupId: finance } },
      admin.token,
    );
    expect(errorCode(result)).toBe('FORBIDDEN');
    expect(await countRows(t, 'app_user')).toBe(before);
  });

  it('deactivated users can no longer sign in or use their token', async () => {
    const user = await f.user('leaver@example.com', ['AGENT'], marketing);
    await t.ok('mutation($id:ID!){ updateUser(id:$id, input:{ active:false }){ active } }', { id: user.id }, t.adminToken);
    expect(errorCode(await t.gql('{ me { id } }', {}, user.token))).toBe('UNAUTHENTICATED');
    expect(errorCode(await t.gql('mutation { login(email:"leaver@example.com", password:"password-1234") { token } }'))).toBe('UNAUTHENTICATED');
  });
});

describe('bad input changes nothing and names the field', () => {
  const cases: [string, string, () => Record<string, unknown>, string, string][] = [
    ['createGroup: empty name', 'mutation($i:CreateGroupInput!){ createGroup(input:$i){ id } }', () => ({ i: { name: ' ' } }), 'input.name', 'org_group'],
    ['createGroup: duplicate name', 'mutation($i:CreateGroupInput!){ createGroup(input:$i){ id } }', () => ({ i: { name: 'marketing' } }), 'input.name', 'org_group'],
    ['updateGroup: empty name', 'mutation($id:ID!){ updateGroup(id:$id, input:{ name:"" }){ id } }', () => ({ id: marketing }), 'input.name', 'org_group'],
    ['setCollaboratingGroups: itself', 'mutation($g:ID!,$c:[ID!]!){ setCollaboratingGroups(groupId:$g, collaboratingGroupIds:$c){ id } }', () => ({ g: marketing, c: [marketing] }), 'collaboratingGroupIds[0]', 'group_collaborator'],
    ['setCollaboratingGroups: unknown group', 'mutation($g:ID!,$c:[ID!]!){ setCollaboratingGroups(groupId:$g, collaboratingGroupIds:$c){ id } }', () => ({ g: marketing, c: ['987654'] }), 'collaboratingGroupIds[0]', 'group_collaborator'],
    ['createUnit: unknown group', 'mutation($i:CreateUnitInput!){ createUnit(input:$i){ id } }', () => ({ i: { name: 'U', groupId: '987654' } }), 'input.groupId', 'org_unit'],
    ['createUnit: bad time zone', 'mutation($i:CreateUnitInput!){ createUnit(input:$i){ id } }', () => ({ i: { name: 'U', groupId: marketing, timezone: 'Mars/Olympus' } }), 'input.timezone', 'org_unit'],
    ['updateUnit: bad time zone', 'mutation($id:ID!){ updateUnit(id:$id, input:{ timezone:"Nowhere" }){ id } }', () => ({ id: storeUnit }), 'input.timezone', 'org_unit'],
    ['createUser: bad email', 'mutation($i:CreateUserInput!){ createUser(input:$i){ id } }', () => ({ i: { email: 'nope', name: 'N', password: 'password-1234', roles: ['AGENT'], groupId: marketing } }), 'input.email', 'app_user'],
    ['createUser: short password', 'mutation($i:CreateUserInput!){ createUser(input:$i){ id } }', () => ({ i: { email: 'n1@example.com', name: 'N', password: 'short', roles: ['AGENT'], groupId: marketing } }), 'input.password', 'app_user'],
    ['createUser: no roles', 'mutation($i:CreateUserInput!){ createUser(input:$i){ id } }', () => ({ i: { email: 'n2@example.com', name: 'N', password: 'password-1234', roles: [], groupId: marketing } }), 'input.roles', 'app_user'],
    ['createUser: unit of another group', 'mutation($i:CreateUserInput!){ createUser(input:$i){ id } }', () => ({ i: { email: 'n3@example.com', name: 'N', password: 'password-1234', roles: ['MERCHANT'], groupId: finance, unitId: storeUnit } }), 'input.unitId', 'app_user'],
    ['createUser: unknown clearance', 'mutation($i:CreateUserInput!){ createUser(input:$i){ id } }', () => ({ i: { email: 'n4@example.com', name: 'N', password: 'password-1234', roles: ['AGENT'], groupId: marketing, privacyClearanceId: '987654' } }), 'input.privacyClearanceId', 'app_user'],
    ['createUser: duplicate email', 'mutation($i:CreateUserInput!){ createUser(input:$i){ id } }', () => ({ i: { email: 'ADMIN@example.com', name: 'N', password: 'password-1234', roles: ['AGENT'], groupId: marketing } }), 'input.email', 'app_user'],
    ['createPrivacyLevel: negative rank', 'mutation($i:CreatePrivacyLevelInput!){ createPrivacyLevel(input:$i){ id } }', () => ({ i: { name: 'Secret', rank: -1 } }), 'input.rank', 'privacy_level'],
    ['createPrivacyLevel: duplicate name', 'mutation($i:CreatePrivacyLevelInput!){ createPrivacyLevel(input:$i){ id } }', () => ({ i: { name: 'internal', rank: 5 } }), 'input.name', 'privacy_level'],
    ['createPrivacyLevelAssignmentRule: unknown level', 'mutation($i:CreatePrivacyLevelAssignmentRuleInput!){ createPrivacyLevelAssignmentRule(input:$i){ id } }', () => ({ i: { entity: 'CAMPAIGN', privacyLevelId: '987654' } }), 'input.privacyLevelId', 'privacy_level_assignment_rule'],
    ['createPrivacyLevelAssignmentRule: classification on a campaign', 'mutation($i:CreatePrivacyLevelAssignmentRuleInput!){ createPrivacyLevelAssignmentRule(input:$i){ id } }', () => ({ i: { entity: 'CAMPAIGN', privacyLevelId: level, classification: 'JUST_MONEY' } }), 'input.classification', 'privacy_level_assignment_rule'],
    ['createApiKey: user is not a portal', 'mutation($u:ID!){ createApiKey(name:"k", userId:$u){ id } }', () => ({ u: '1' }), 'userId', 'api_key'],
    ['createApiKey: empty name', 'mutation($u:ID!){ createApiKey(name:" ", userId:$u){ id } }', () => ({ u: '1' }), 'name', 'api_key'],
  ];

  it.each(cases)('%s', async (_label, query, variables, field, table) => {
    const before = await countRows(t, table);
    const audit = await countRows(t, 'audit_entry');
    const result = await t.gql(query, variables(), t.adminToken);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(result.errors?.[0]?.message.startsWith(field)).toBe(true);
    expect(await countRows(t, table)).toBe(before);
    expect(await countRows(t, 'audit_entry')).toBe(audit);
  });

  it('answers NOT_FOUND for unknown ids in arguments', async () => {
    expect(errorCode(await t.gql('mutation { updateGroup(id:"987654", input:{ name:"x" }){ id } }', {}, t.adminToken))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql('mutation { revokeApiKey(id:"987654") }', {}, t.adminToken))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql('mutation { deletePrivacyLevelAssignmentRule(id:"987654") }', {}, t.adminToken))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql('mutation { changePrivacyLevel(entity: REWARD_SCHEME, id:"987654") }', {}, t.adminToken))).toBe('NOT_FOUND');
  });

  it('rejects malformed scalars with BAD_USER_INPUT', async () => {
    const result = await t.gql('mutation($i:CreateUnitInput!){ createUnit(input:$i){ id } }', { i: { name: 3, groupId: marketing } }, t.adminToken);
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
  });
});

describe('uniqueness under concurrency', () => {
  it('lets exactly one of several simultaneous creates of the same name (in any case) through', async () => {
    const names = ['Partners', 'PARTNERS', 'partners', 'Partners '];
    const results = await Promise.all(names.map((name) => t.gql('mutation($i:CreateGroupInput!){ createGroup(input:$i){ id } }', { i: { name } }, t.adminToken)));
    expect(results.filter((r) => !r.errors).length).toBe(1);
    expect(results.filter((r) => r.errors).map((r) => errorCode(r))).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT']);
    const rows = await t.sql<{ n: number }>("select count(*)::int as n from org_group where lower(name) = 'partners'");
    expect(rows[0].n).toBe(1);
  });
});

describe('API keys for portals', () => {
  it('authenticates a portal with its key until it is revoked; the secret is shown once', async () => {
    const portal = await f.user('portal@example.com', ['PORTAL'], marketing);
    const created = await t.ok<{ createApiKey: { id: string; secret: string; user: { email: string } } }>(
      'mutation($u:ID!){ createApiKey(name:"Web shop", userId:$u){ id secret user { email } } }',
      { u: portal.id },
      t.adminToken,
    );
    expect(created.createApiKey.secret).toMatch(/^pk_\d+_/);
    const me = await t.ok<{ me: { email: string; roles: string[] } }>('{ me { email roles } }', {}, created.createApiKey.secret);
    expect(me.me).toEqual({ email: 'portal@example.com', roles: ['PORTAL'] });
    const listed = await t.ok<{ apiKeys: { id: string; secret: string | null }[] }>('{ apiKeys { id secret } }', {}, t.adminToken);
    expect(listed.apiKeys.find((k) => k.id === created.createApiKey.id)?.secret).toBeNull();
    const stored = await t.sql<{ secret_hash: string }>('select secret_hash from api_key where id = $1', [created.createApiKey.id]);
    expect(created.createApiKey.secret).not.toContain(stored[0].secret_hash);
    await t.ok('mutation($id:ID!){ revokeApiKey(id:$id) }', { id: created.createApiKey.id }, t.adminToken);
    expect(errorCode(await t.gql('{ me { email } }', {}, created.createApiKey.secret))).toBe('UNAUTHENTICATED');
  });
});

describe('sign-in', () => {
  it('throttles repeated failures per address in the database (RATE_LIMITED with retryAfter)', async () => {
    await f.user('victim@example.com', ['AGENT'], marketing);
    const attempt = () => t.gql('mutation { login(email:"victim@example.com", password:"wrong-password") { token } }');
    for (let i = 0; i < 10; i += 1) expect(errorCode(await attempt())).toBe('UNAUTHENTICATED');
    const throttled = await attempt();
    expect(throttled.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(Number(throttled.errors?.[0]?.extensions?.retryAfter)).toBeGreaterThan(0);
    // Even the right password waits out the window.
    expect(errorCode(await t.gql('mutation { login(email:"victim@example.com", password:"password-1234") { token } }'))).toBe('RATE_LIMITED');
  });
});
