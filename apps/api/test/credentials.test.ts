// Credentials that end (issue 11): session-versioned tokens with exp, API keys only for active PORTALs,
// refused credentials as HTTP 401 UNAUTHENTICATED, and sign-in throttled race-free without stalling the API.
import { performance } from 'node:perf_hooks';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from './fixtures.js';
import { errorCode, startTestApp, type GraphQLResponse, type TestApp } from './harness.js';

let t: TestApp;
let f: ReturnType<typeof fixtures>;
let marketing: string;
let finance: string;
let seq = 0;

beforeAll(async () => {
  t = await startTestApp();
  f = fixtures(t);
  marketing = await f.group('Marketing');
  finance = await f.group('Finance');
});
afterAll(async () => t?.stop());

interface RawAnswer {
  status: number;
  contentType: string;
  wwwAuthenticate: string | null;
  body: GraphQLResponse;
}

/** A real POST /graphql with any Authorization header and client address (X-Forwarded-For from loopback is trusted). */
async function post(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const response = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', wwwAuthenticate: response.headers.get('www-authenticate'), body: JSON.parse(text) as GraphQLResponse };
}

const bearer = (credential: string) => ({ authorization: `Bearer ${credential}` });

/** The answer to a refused credential: HTTP 401, a JSON GraphQL error body, UNAUTHENTICATED. */
async function expectRefused(headers: Record<string, string>, query = '{ me { id } }'): Promise<void> {
  const answer = await post(query, {}, headers);
  expect(answer.status).toBe(401);
  expect(answer.contentType).toMatch(/application\/(graphql-response\+)?json/);
  expect(answer.wwwAuthenticate).toBe('Bearer');
  expect(answer.body.data ?? null).toBeNull();
  expect(errorCode(answer.body)).toBe('UNAUTHENTICATED');
  expect(JSON.stringify(answer.body)).not.toContain('"http"');
}

async function expectAccepted(credential: string): Promise<string> {
  const answer = await post('{ me { id } }', {}, bearer(credential));
  expect(answer.status).toBe(200);
  expect(answer.body.errors).toBeUndefined();
  return (answer.body.data as { me: { id: string } }).me.id;
}

async function newUser(roles: string[] = ['AGENT'], groupId = marketing) {
  const email = `user${++seq}@example.com`;
  return { email, ...(await f.user(email, roles, groupId)) };
}

const LOGIN = 'mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }';
const login = (email: string, password: string, ip: string) => post(LOGIN, { e: email, p: password }, { 'x-forwarded-for': ip });

/** A token signed with the instance's own secret (as a forger who stole it, or an older build, would). */
async function signed(claims: Record<string, unknown>, build: (jwt: SignJWT) => SignJWT): Promise<string> {
  const [row] = await t.sql<{ value: string }>("select value from app_setting where key = 'token_secret'");
  return build(new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer('perkflow').setIssuedAt()).sign(new TextEncoder().encode(row.value));
}

describe('tokens end when their user changes', () => {
  it('carry exp and sv', async () => {
    const user = await newUser();
    const payload = JSON.parse(Buffer.from(user.token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
    expect(payload).toMatchObject({ sub: user.id, sv: 1, iss: 'perkflow' });
    expect(Number(payload.exp)).toBeGreaterThan(Date.now() / 1000);
  });

  it('changePassword ends every earlier token, answers a fresh one, and is audited', async () => {
    const user = await newUser();
    const second = await t.login(user.email, 'password-1234');
    const wrong = await t.gql('mutation { changePassword(currentPassword:"not-it-at-all", newPassword:"a-new-password-1") { token } }', {}, user.token);
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'currentPassword' });
    const publicOne = await t.gql('mutation { changePassword(currentPassword:"password-1234", newPassword:"perkflow-demo") { token } }', {}, user.token);
    expect(publicOne.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newPassword' });
    await expectAccepted(user.token); // refused attempts change nothing
    const changed = await t.ok<{ changePassword: { token: string; user: { id: string } } }>(
      'mutation { changePassword(currentPassword:"password-1234", newPassword:"a-new-password-1") { token user { id } } }', {}, user.token);
    expect(changed.changePassword.user.id).toBe(user.id);
    await expectRefused(bearer(user.token));
    await expectRefused(bearer(second));
    expect(await expectAccepted(changed.changePassword.token)).toBe(user.id);
    expect(errorCode(await t.gql(LOGIN, { e: user.email, p: 'password-1234' }))).toBe('UNAUTHENTICATED');
    await t.login(user.email, 'a-new-password-1');
    const audit = await t.sql<{ action: string; actor_id: string }>("select action, actor_id::text from audit_entry where entity_type = 'User' and entity_id = $1 and action = 'changePassword'", [user.id]);
    expect(audit).toEqual([{ action: 'changePassword', actor_id: user.id }]);
  });

  it('an admin setting a new password, a role, group, unit or clearance change, deactivation and reactivation end them; a name change does not', async () => {
    const unit = await f.unit(`Desk ${++seq}`, finance);
    const level = await f.privacyLevel(`Level ${++seq}`, 10 + seq);
    const changes: [string, Record<string, unknown>][] = [
      ['password', { password: 'set-by-admin-1' }],
      ['roles', { roles: ['AGENT', 'SUPERVISOR'] }],
      ['group', { groupId: finance }],
      ['clearance', { privacyClearanceId: level }],
      ['deactivation', { active: false }],
    ];
    for (const [label, input] of changes) {
      const user = await newUser();
      await t.ok('mutation($id:ID!,$i:UpdateUserInput!){ updateUser(id:$id, input:$i){ id } }', { id: user.id, i: input }, t.adminToken);
      await expectRefused(bearer(user.token)).catch((error: unknown) => {
        throw new Error(`after a ${label} change: ${String(error)}`);
      });
    }
    const mover = await newUser(['AGENT'], finance);
    await t.ok('mutation($id:ID!,$u:ID!){ updateUser(id:$id, input:{ unitId:$u }){ id } }', { id: mover.id, u: unit }, t.adminToken);
    await expectRefused(bearer(mover.token));

    const renamed = await newUser();
    await t.ok('mutation($id:ID!){ updateUser(id:$id, input:{ name:"Still Me" }){ id } }', { id: renamed.id }, t.adminToken);
    await expectAccepted(renamed.token);

    // Reactivating does not bring back a token of before the deactivation.
    const leaver = await newUser();
    await t.ok('mutation($id:ID!){ updateUser(id:$id, input:{ active:false }){ id } }', { id: leaver.id }, t.adminToken);
    await t.ok('mutation($id:ID!){ updateUser(id:$id, input:{ active:true }){ id } }', { id: leaver.id }, t.adminToken);
    await expectRefused(bearer(leaver.token));
    await t.login(leaver.email, 'password-1234');
  });

  it('signOutEverywhere ends every session of the viewer, this one included', async () => {
    const user = await newUser();
    const other = await t.login(user.email, 'password-1234');
    expect(await t.ok<{ signOutEverywhere: boolean }>('mutation { signOutEverywhere }', {}, user.token)).toEqual({ signOutEverywhere: true });
    await expectRefused(bearer(user.token));
    await expectRefused(bearer(other));
    await expectAccepted(await t.login(user.email, 'password-1234'));
    const audit = await t.sql("select 1 from audit_entry where entity_type = 'User' and entity_id = $1 and action = 'signOutEverywhere'", [user.id]);
    expect(audit).toHaveLength(1);
  });

  it("endUserSessions lets an admin end another user's sessions, but not a super user's unless a super user", async () => {
    const user = await newUser();
    const admin = await newUser(['ADMIN'], finance);
    expect(await t.ok('mutation($id:ID!){ endUserSessions(id:$id) }', { id: user.id }, admin.token)).toEqual({ endUserSessions: true });
    await expectRefused(bearer(user.token));
    const [root] = await t.sql<{ id: string }>('select id::text from app_user where is_super_user order by id limit 1');
    expect(errorCode(await t.gql('mutation($id:ID!){ endUserSessions(id:$id) }', { id: root.id }, admin.token))).toBe('FORBIDDEN');
    await expectAccepted(t.adminToken);
    const agent = await newUser();
    expect(errorCode(await t.gql('mutation($id:ID!){ endUserSessions(id:$id) }', { id: user.id }, agent.token))).toBe('FORBIDDEN');
  });
});

describe('refused credentials answer HTTP 401 UNAUTHENTICATED as JSON, never 5xx', () => {
  it('a token without exp, without sv, expired, tampered, unsigned, or of another issuer', async () => {
    const user = await newUser();
    await expectRefused(bearer(await signed({ sv: 1 }, (j) => j.setSubject(user.id))));
    await expectRefused(bearer(await signed({}, (j) => j.setSubject(user.id).setExpirationTime('1h'))));
    await expectRefused(bearer(await signed({ sv: 1 }, (j) => j.setSubject(user.id).setExpirationTime(Math.floor(Date.now() / 1000) - 60))));
    await expectRefused(bearer(await signed({ sv: 'x' }, (j) => j.setSubject(user.id).setExpirationTime('1h'))));
    await expectRefused(bearer(await signed({ sv: 1 }, (j) => j.setSubject('not-a-number').setExpirationTime('1h'))));
    // The same claims, well formed, are accepted: the refusals above are about what was missing or wrong.
    await expectAccepted(await signed({ sv: 1 }, (j) => j.setSubject(user.id).setExpirationTime('1h')));
    const [header, payload, signature] = user.token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: '1' })).toString('base64url');
    await expectRefused(bearer(`${header}.${forged}.${signature}`));
    await expectRefused(bearer(`${header}.${payload}.${signature.slice(0, -2)}xx`));
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    await expectRefused(bearer(`${none}.${payload}.`));
    await expectRefused(bearer('not-a-token'));
  });

  it('Basic and other schemes, an empty bearer, a wrong or revoked API key', async () => {
    await expectRefused({ authorization: 'Basic YWRtaW5AZXhhbXBsZS5jb206YWRtaW4=' });
    await expectRefused({ authorization: 'Bearer' });
    await expectRefused({ authorization: 'Token abc' });
    await expectRefused(bearer('pk_1_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'));
    await expectRefused(bearer(`pk_99999999999999999_${'B'.repeat(43)}`));
    const portal = await newUser(['PORTAL']);
    const key = await createKey(portal.id);
    await expectAccepted(key.secret);
    await expectRefused(bearer(`${key.secret.slice(0, -3)}zzz`));
    await t.ok('mutation($id:ID!){ revokeApiKey(id:$id) }', { id: key.id }, t.adminToken);
    await expectRefused(bearer(key.secret));
  });

  it('the same on a mutation, and on the /api routes', async () => {
    await expectRefused({ authorization: 'Basic abc' }, 'mutation { signOutEverywhere }');
    const response = await fetch(`${t.url}/api/campaigns/1/report.csv`, { headers: { authorization: 'Basic abc' } });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
  });
});

async function createKey(userId: string): Promise<{ id: string; secret: string }> {
  return (await t.ok<{ createApiKey: { id: string; secret: string } }>('mutation($u:ID!){ createApiKey(name:"Shop", userId:$u){ id secret } }', { u: userId }, t.adminToken)).createApiKey;
}

describe('API keys work only while their user is an active PORTAL', () => {
  it('a key of a user who lost PORTAL is refused, and does not come back as anything else', async () => {
    const portal = await newUser(['PORTAL']);
    const key = await createKey(portal.id);
    await expectAccepted(key.secret);
    await t.ok('mutation($id:ID!){ updateUser(id:$id, input:{ roles:[AUDITOR, ADMIN] }){ id } }', { id: portal.id }, t.adminToken);
    await expectRefused(bearer(key.secret));
    await expectRefused(bearer(key.secret), '{ auditLog(first: 1) { totalCount } }');
    await expectRefused(bearer(key.secret), 'mutation { createGroup(input:{ name:"By a former portal" }) { id } }');
    expect(await t.sql("select 1 from org_group where name = 'By a former portal'")).toHaveLength(0);
  });

  it('a key of a deactivated portal is refused', async () => {
    const portal = await newUser(['PORTAL']);
    const key = await createKey(portal.id);
    await t.ok('mutation($id:ID!){ updateUser(id:$id, input:{ active:false }){ id } }', { id: portal.id }, t.adminToken);
    await expectRefused(bearer(key.secret));
  });

  it('a key acts as a PORTAL only, even when its user has more roles', async () => {
    const portal = await newUser(['PORTAL']);
    const key = await createKey(portal.id);
    await t.ok('mutation($id:ID!){ updateUser(id:$id, input:{ roles:[PORTAL, ADMIN] }){ id } }', { id: portal.id }, t.adminToken);
    const me = await t.ok<{ me: { roles: string[] } }>('{ me { roles } }', {}, key.secret);
    expect(me.me.roles.sort()).toEqual(['ADMIN', 'PORTAL']);
    expect(errorCode(await t.gql('mutation { createGroup(input:{ name:"By a key" }) { id } }', {}, key.secret))).toBe('FORBIDDEN');
  });
});

describe('sign-in throttling, race-free and without stalling the API', () => {
  it('counts exactly 10 wrong passwords per address under 30 parallel attempts; the 11th+ answer RATE_LIMITED with retryAfter', async () => {
    const user = await newUser();
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => login(user.email, `wrong-password-${i}`, `203.0.113.${i + 1}`)));
    expect(answers.map((a) => a.status).every((s) => s === 200)).toBe(true);
    const codes = answers.map((a) => errorCode(a.body));
    expect(codes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(10);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(20);
    for (const a of answers.filter((x) => errorCode(x.body) === 'RATE_LIMITED')) expect(Number(a.body.errors?.[0]?.extensions?.retryAfter)).toBeGreaterThan(0);
    // Even the right password waits out the window; the account's existing tokens are untouched.
    expect(errorCode((await login(user.email, 'password-1234', '203.0.113.99')).body)).toBe('RATE_LIMITED');
    await expectAccepted(user.token);
  });

  it('counts exactly 50 failed sign-ins per client address under 60 parallel attempts', async () => {
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => login(`nobody-${i}@example.com`, 'wrong-password', '198.51.100.60')));
    const codes = answers.map((a) => errorCode(a.body));
    expect(codes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(50);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(10);
    // Another client address is not affected.
    expect(errorCode((await login('nobody-0@example.com', 'wrong-password', '198.51.100.61')).body)).toBe('UNAUTHENTICATED');
  });

  it('a success forgets the address failures and gives the client its attempt back', async () => {
    const user = await newUser();
    for (let i = 0; i < 9; i += 1) expect(errorCode((await login(user.email, 'wrong-password', '198.51.100.70')).body)).toBe('UNAUTHENTICATED');
    expect((await login(user.email, 'password-1234', '198.51.100.70')).body.errors).toBeUndefined();
    for (let i = 0; i < 10; i += 1) expect(errorCode((await login(user.email, 'wrong-password', '198.51.100.70')).body)).toBe('UNAUTHENTICATED');
    expect(errorCode((await login(user.email, 'wrong-password', '198.51.100.70')).body)).toBe('RATE_LIMITED');
  });

  it('50 parallel anonymous sign-ins with unknown e-mails leave a signed-in { me { id } } answering in under 1 s', async () => {
    const user = await newUser();
    const quiet = performance.now();
    await expectAccepted(user.token);
    const baseline = performance.now() - quiet;
    const started = performance.now();
    const storm = Promise.all(Array.from({ length: 50 }, (_, i) => login(`stranger-${i}-${seq}@example.com`, `guess-${i}`, '198.51.100.80')));
    await new Promise((resolve) => setTimeout(resolve, 25));
    const before = performance.now();
    const me = await post('{ me { id } }', {}, bearer(user.token));
    const elapsed = performance.now() - before;
    const answers = await storm;
    const stormMs = performance.now() - started;
    console.log(`signed-in { me { id } } answered in ${elapsed.toFixed(0)} ms during 50 parallel sign-ins (${baseline.toFixed(0)} ms before them; the sign-ins all answered within ${stormMs.toFixed(0)} ms)`);
    expect(me.status).toBe(200);
    expect((me.body.data as { me: { id: string } }).me.id).toBe(user.id);
    expect(elapsed).toBeLessThan(1000);
    expect(answers.map((a) => errorCode(a.body))).toEqual(Array.from({ length: 50 }, () => 'UNAUTHENTICATED'));
  });
});
