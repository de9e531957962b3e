import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from './fixtures.js';
import { errorCode, startTestApp, type TestApp } from './harness.js';

let t: TestApp;
let auditor: { id: string; token: string };
beforeAll(async () => {
  t = await startTestApp();
  const f = fixtures(t);
  const group = await f.group('Audit Office');
  await f.unit('Desk', group);
  await f.privacyLevel('Internal', 10);
  auditor = await f.user('auditor@example.com', ['AUDITOR'], group);
});
afterAll(async () => t?.stop());

const LOG = 'query($t:String,$id:ID,$first:Int,$after:String){ auditLog(entityType:$t, entityId:$id, first:$first, after:$after){ totalCount nodes { id action entityType entityId actor { email } before after hash } pageInfo { hasNextPage endCursor } } }';
const VERIFY = '{ verifyAuditLog { ok checked firstBrokenId } }';

describe('audit trail', () => {
  it('records every change with who, what, before and after, newest first', async () => {
    const log = await t.ok<{ auditLog: { totalCount: number; nodes: { action: string; entityType: string; actor: { email: string } | null; after: Record<string, unknown> | null }[] } }>(
      LOG,
      { first: 50 },
      auditor.token,
    );
    expect(log.auditLog.totalCount).toBe(5);
    expect(log.auditLog.nodes.map((n) => `${n.action} ${n.entityType}`)).toEqual(['create User', 'create PrivacyLevel', 'create Unit', 'create Group', 'create User']);
    expect(log.auditLog.nodes.slice(0, 4).every((n) => n.actor?.email === 'admin@example.com')).toBe(true);
    // The first super user is created by the start-up itself: no actor.
    expect(log.auditLog.nodes[4]).toMatchObject({ actor: null, after: { email: 'admin@example.com' } });
    const user = log.auditLog.nodes[0].after!;
    expect(user.email).toBe('auditor@example.com');
    expect(JSON.stringify(user)).not.toMatch(/password/i);
  });

  it('filters by entity and pages with a cursor', async () => {
    const unit = await t.ok<{ auditLog: { totalCount: number; nodes: { entityType: string }[] } }>(LOG, { t: 'Unit' }, auditor.token);
    expect(unit.auditLog.totalCount).toBe(1);
    const page1 = await t.ok<{ auditLog: { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(LOG, { first: 2 }, auditor.token);
    expect(page1.auditLog.pageInfo.hasNextPage).toBe(true);
    const page2 = await t.ok<{ auditLog: { nodes: { id: string }[] } }>(LOG, { first: 2, after: page1.auditLog.pageInfo.endCursor }, auditor.token);
    expect(Number(page2.auditLog.nodes[0].id)).toBeLessThan(Number(page1.auditLog.nodes[1].id));
  });

  it('is readable by auditors and super users only', async () => {
    const f = fixtures(t);
    const groups = await t.ok<{ groups: { id: string }[] }>('{ groups { id } }', {}, t.adminToken);
    const agent = await f.user('agent@example.com', ['AGENT'], groups.groups[0].id);
    expect(errorCode(await t.gql(LOG, {}, agent.token))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(VERIFY, {}, agent.token))).toBe('FORBIDDEN');
  });

  it('writes nothing when the mutation fails', async () => {
    const before = await t.sql<{ n: number }>('select count(*)::int as n from audit_entry');
    expect(errorCode(await t.gql('mutation { createGroup(input: { name: "  " }) { id } }', {}, t.adminToken))).toBe('BAD_USER_INPUT');
    const after = await t.sql<{ n: number }>('select count(*)::int as n from audit_entry');
    expect(after[0].n).toBe(before[0].n);
  });

  it('verifies the hash chain and finds the first tampered entry', async () => {
    const ok = await t.ok<{ verifyAuditLog: { ok: boolean; checked: number; firstBrokenId: string | null } }>(VERIFY, {}, auditor.token);
    expect(ok.verifyAuditLog.ok).toBe(true);
    const count = await t.sql<{ n: number }>('select count(*)::int as n from audit_entry');
    expect(ok.verifyAuditLog.checked).toBe(count[0].n);
    expect(ok.verifyAuditLog.firstBrokenId).toBeNull();

    // The table refuses updates and deletes outright…
    await expect(t.sql("update audit_entry set action = 'x'")).rejects.toThrow(/append-only/);
    await expect(t.sql('delete from audit_entry')).rejects.toThrow(/append-only/);

    // …and a tamperer who disables the guard is still caught by the chain, at the entry they changed.
    const target = await t.sql<{ id: string }>("select id::text from audit_entry where entity_type = 'Unit' limit 1");
    await t.sql('alter table audit_entry disable trigger audit_entry_append_only');
    await t.sql(`update audit_entry set after = jsonb_set(after, '{name}', '"Forged"') where id = $1`, [target[0].id]);
    await t.sql('alter table audit_entry enable trigger audit_entry_append_only');
    const broken = await t.ok<{ verifyAuditLog: { ok: boolean; firstBrokenId: string | null } }>(VERIFY, {}, auditor.token);
    expect(broken.verifyAuditLog).toMatchObject({ ok: false, firstBrokenId: target[0].id });
  });
});
