import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiProcess } from './api-process.js';
import { fixtures } from './fixtures.js';
import { ADMIN, errorCode, startTestApp, type TestApp } from './harness.js';

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

const FULL_VERIFY = '{ verifyAuditLog { ok checked firstBrokenId pending truncated missingFrom missingTo problem checkpoint { chainSeq entryId headHash signed } } }';
interface Verification {
  ok: boolean;
  checked: number;
  firstBrokenId: string | null;
  pending: number;
  truncated: boolean;
  missingFrom: number | null;
  missingTo: number | null;
  problem: string | null;
  checkpoint: { chainSeq: number; entryId: string | null; headHash: string; signed: boolean } | null;
}

describe('audit chain without a global lock', () => {
  let app: TestApp;
  const verify = async (): Promise<Verification> => (await app.ok<{ verifyAuditLog: Verification }>(FULL_VERIFY, {}, app.adminToken)).verifyAuditLog;
  const count = async (where = 'true'): Promise<number> => (await app.sql<{ n: number }>(`select count(*)::int as n from audit_entry where ${where}`))[0].n;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app?.stop());

  it('20 parallel audited mutations of several users give one chain that verifies, every entry linked once', async () => {
    const f = fixtures(app);
    const home = await f.group('Chain Office');
    const admins = await Promise.all([1, 2, 3, 4].map((i) => f.user(`chain-admin-${i}@example.com`, ['ADMIN'], home)));
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => app.gql<{ createGroup: { id: string } }>(
      'mutation($n:String!){ createGroup(input:{name:$n}){ id } }', { n: `Parallel ${i}` }, admins[i % admins.length].token)));
    expect(results.every((r) => !r.errors && r.data?.createGroup.id)).toBe(true);
    const v = await verify();
    expect(v).toMatchObject({ ok: true, firstBrokenId: null, pending: 0, truncated: false, problem: null });
    expect(v.checked).toBe(await count());
    expect(v.checkpoint).toMatchObject({ chainSeq: v.checked, signed: true });
    // Positions are 1..n without a gap or a duplicate, and every group has its entry, by its own actor.
    const seq = await app.sql<{ min: string; max: string; n: number; distinct: number }>('select min(chain_seq)::text as min, max(chain_seq)::text as max, count(*)::int as n, count(distinct chain_seq)::int as distinct from audit_entry');
    expect(seq[0]).toEqual({ min: '1', max: String(v.checked), n: v.checked, distinct: v.checked });
    const actors = await app.sql<{ actor_id: string }>("select actor_id::text from audit_entry where entity_type = 'Group' and after->>'name' like 'Parallel %'");
    expect(actors).toHaveLength(20);
    expect(new Set(actors.map((a) => a.actor_id))).toEqual(new Set(admins.map((a) => a.id)));
  });

  it('an entry is written pending in the change\'s transaction, with the change\'s own time, which chaining never rewrites', async () => {
    const t0 = Date.now();
    const group = await app.ok<{ createGroup: { id: string } }>('mutation{ createGroup(input:{name:"Timed"}){ id } }', {}, app.adminToken);
    const t1 = Date.now();
    const [written] = await app.sql<{ id: string; at: Date }>("select id::text, at from audit_entry where entity_type = 'Group' and entity_id = $1", [group.createGroup.id]);
    expect(written.at.getTime()).toBeGreaterThanOrEqual(t0 - 5);
    expect(written.at.getTime()).toBeLessThanOrEqual(t1 + 5);
    await new Promise((r) => setTimeout(r, 50));
    expect((await verify()).ok).toBe(true);
    const [chained] = await app.sql<{ at: Date; hash: string | null; chain_seq: string | null }>('select at, hash, chain_seq::text from audit_entry where id = $1', [written.id]);
    expect(chained.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(chained.chain_seq).not.toBeNull();
    expect(chained.at.getTime()).toBe(written.at.getTime());
    const log = await app.ok<{ auditLog: { nodes: { at: string; pending: boolean; chainSeq: number | null }[] } }>(
      'query($id:ID!){ auditLog(entityType:"Group", entityId:$id){ nodes { at pending chainSeq } } }', { id: group.createGroup.id }, app.adminToken);
    expect(log.auditLog.nodes).toEqual([{ at: written.at.toISOString(), pending: false, chainSeq: Number(chained.chain_seq) }]);
  });

  it('a rolled-back change leaves no entry; a writer that commits late (lower id) is chained after the later ones, and the chain verifies', async () => {
    const before = await count();
    expect(errorCode(await app.gql('mutation{ createGroup(input:{name:"Timed"}){ id } }', {}, app.adminToken))).toBe('BAD_USER_INPUT');
    expect(await count()).toBe(before);

    const client = new pg.Client({ connectionString: app.databaseUrl });
    await client.connect();
    try {
      // A transaction takes an id, then rolls back: its entry never appears, and the gap it leaves in ids is harmless.
      await client.query('begin');
      await client.query("insert into audit_entry (at, action, entity_type, entity_id) values (now(), 'create', 'Ghost', 'rolled-back')");
      await client.query('rollback');
      // A transaction takes a lower id and stays open while later ones commit and are chained.
      await client.query('begin');
      const [{ id: lateId }] = (await client.query<{ id: string }>("insert into audit_entry (at, action, entity_type, entity_id, after) values (now(), 'create', 'Late', 'late-1', '{\"n\":1}') returning id::text")).rows;
      const later = await app.ok<{ createGroup: { id: string } }>('mutation{ createGroup(input:{name:"Committed first"}){ id } }', {}, app.adminToken);
      const mid = await verify();
      expect(mid).toMatchObject({ ok: true, pending: 0 });
      const [laterEntry] = await app.sql<{ id: string; chain_seq: string }>("select id::text, chain_seq::text from audit_entry where entity_type = 'Group' and entity_id = $1", [later.createGroup.id]);
      expect(Number(laterEntry.id)).toBeGreaterThan(Number(lateId));
      await client.query('commit');
      const after = await verify();
      expect(after).toMatchObject({ ok: true, pending: 0, checked: mid.checked + 1 });
      const [late] = await app.sql<{ chain_seq: string }>('select chain_seq::text from audit_entry where id = $1', [lateId]);
      expect(Number(late.chain_seq)).toBeGreaterThan(Number(laterEntry.chain_seq));
      expect(await count("entity_type = 'Ghost'")).toBe(0);
    } finally {
      await client.end();
    }
  });

  it('the background chainer (pg-boss job audit.chain) links pending entries with no reader involved', async () => {
    const group = await app.ok<{ createGroup: { id: string } }>('mutation{ createGroup(input:{name:"Chained by the job"}){ id } }', {}, app.adminToken);
    await app.app.jobs.send('audit.chain', {});
    let row: { hash: string | null; chain_seq: string | null } | undefined;
    for (let i = 0; i < 60; i += 1) {
      [row] = await app.sql<{ hash: string | null; chain_seq: string | null }>("select hash, chain_seq::text from audit_entry where entity_type = 'Group' and entity_id = $1", [group.createGroup.id]);
      if (row?.hash) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(row?.hash).toMatch(/^[0-9a-f]{64}$/);
    const [checkpoint] = await app.sql<{ chain_seq: string }>('select chain_seq::text from audit_checkpoint');
    expect(Number(checkpoint.chain_seq)).toBeGreaterThanOrEqual(Number(row!.chain_seq));
  });

  it('refuses an entry inserted already chained, and any change to a chained one', async () => {
    await expect(app.sql("insert into audit_entry (at, action, entity_type, entity_id, prev_hash, hash, chain_seq) values (now(), 'x', 'X', '1', repeat('0', 64), repeat('1', 64), 999999)")).rejects.toThrow(/pending/);
    await expect(app.sql("update audit_entry set chain_seq = chain_seq + 1000000 where chain_seq = 1")).rejects.toThrow(/append-only/);
    expect((await verify()).ok).toBe(true);
  });

  it('two API processes writing at once still give one verifiable chain', async () => {
    const other = await startApiProcess(app.databaseUrl);
    try {
      const login = await fetch(`${other.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'mutation($e:String!,$p:String!){ login(email:$e, password:$p){ token } }', variables: { e: ADMIN.email, p: ADMIN.password } }),
      }).then((r) => r.json() as Promise<{ data: { login: { token: string } } }>);
      const tokens: Record<string, string> = { [app.url]: app.adminToken, [other.url]: login.data.login.token };
      const post = (url: string, i: number) => fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[url]}` },
        body: JSON.stringify({ query: 'mutation($n:String!){ createGroup(input:{name:$n}){ id } }', variables: { n: `Two processes ${i}` } }),
      }).then((r) => r.json() as Promise<{ data?: { createGroup: { id: string } }; errors?: unknown[] }>);
      const results = await Promise.all(Array.from({ length: 30 }, (_, i) => post(i % 2 ? other.url : app.url, i)));
      expect(results.filter((r) => r.errors)).toEqual([]);
      const v = await verify();
      expect(v).toMatchObject({ ok: true, pending: 0, truncated: false });
      expect(v.checked).toBe(await count());
      expect(await count("entity_type = 'Group' and after->>'name' like 'Two processes %'")).toBe(30);
    } finally {
      await other.stop();
    }
  }, 120_000);

  it('deleting the newest entries is reported as truncation with the missing range, also after the chain grows again', async () => {
    const good = await verify();
    expect(good.ok).toBe(true);
    const n = good.checkpoint!.chainSeq;
    await app.sql('alter table audit_entry disable trigger audit_entry_append_only');
    await app.sql('delete from audit_entry where chain_seq > $1', [n - 3]);
    await app.sql('alter table audit_entry enable trigger audit_entry_append_only');
    const cut = await verify();
    expect(cut).toMatchObject({ ok: false, truncated: true, missingFrom: n - 2, missingTo: n, checked: n - 3 });
    expect(cut.problem).toMatch(/truncated/);
    // New entries are chained after the checkpoint, not after the truncated end: the hole stays visible.
    await app.ok('mutation{ createGroup(input:{name:"After the cut"}){ id } }', {}, app.adminToken);
    const hole = await verify();
    expect(hole).toMatchObject({ ok: false, missingFrom: n - 2, missingTo: n });
    const [next] = await app.sql<{ id: string }>('select id::text from audit_entry where chain_seq = $1', [n + 1]);
    expect(hole.firstBrokenId).toBe(next.id);
  });

  it('moving the checkpoint back to hide a truncation breaks its signature', async () => {
    const other = await startTestApp();
    try {
      const v = async () => (await other.ok<{ verifyAuditLog: Verification }>(FULL_VERIFY, {}, other.adminToken)).verifyAuditLog;
      await other.ok('mutation{ createGroup(input:{name:"One"}){ id } }', {}, other.adminToken);
      await other.ok('mutation{ createGroup(input:{name:"Two"}){ id } }', {}, other.adminToken);
      const good = await v();
      expect(good).toMatchObject({ ok: true, checkpoint: { signed: true } });
      const n = good.checkpoint!.chainSeq;
      await other.sql('alter table audit_entry disable trigger audit_entry_append_only');
      await other.sql('delete from audit_entry where chain_seq = $1', [n]);
      await other.sql('alter table audit_entry enable trigger audit_entry_append_only');
      const [head] = await other.sql<{ id: string; hash: string }>('select id::text, hash from audit_entry where chain_seq = $1', [n - 1]);
      await other.sql('update audit_checkpoint set chain_seq = $1, entry_id = $2, head_hash = $3', [n - 1, head.id, head.hash]);
      const forged = await v();
      expect(forged).toMatchObject({ ok: false, checkpoint: { chainSeq: n - 1, signed: false } });
      expect(forged.problem).toMatch(/signature/);
    } finally {
      await other.stop();
    }
  });
});
