// Codes in bulk through the public API: generation as a pg-boss job with progress in codeBatch, the
// default charset, uniqueness under collisions (the unique index decides, collided codes are made
// again), a batch that cannot finish, the CSV export streamed with COPY, and the CSV import upload
// with its per-row report.
import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepCodeBatches } from '../src/modules/campaigns/code-generation.js';
import { errorCode, startTestApp, type TestApp } from './harness.js';
import { campaignFixtures } from './campaigns-fixtures.js';

let t: TestApp;
let c: ReturnType<typeof campaignFixtures>;

beforeAll(async () => {
  t = await startTestApp();
  c = campaignFixtures(t);
});
afterAll(async () => t?.stop());

interface Batch {
  id: string;
  requested: number;
  generated: number;
  status: string;
  error: string | null;
  campaign: { id: string };
}

const BATCH = 'id requested generated status error campaign { id }';

async function generate(campaignId: string, count: number, pattern?: Record<string, unknown>): Promise<Batch> {
  return (await t.ok<{ generateCodes: Batch }>(`mutation($c:ID!,$n:Int!,$p:CodePatternInput){ generateCodes(campaignId:$c, count:$n, pattern:$p){ ${BATCH} } }`, { c: campaignId, n: count, p: pattern ?? null }, t.adminToken)).generateCodes;
}

/** Polls codeBatch until it is DONE or FAILED; returns the last state and every progress value seen. */
async function waitForBatch(id: string, timeoutMs = 60_000): Promise<{ batch: Batch; seen: number[] }> {
  const seen: number[] = [];
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { codeBatch } = await t.ok<{ codeBatch: Batch }>(`query($id:ID!){ codeBatch(id:$id){ ${BATCH} } }`, { id }, t.adminToken);
    seen.push(codeBatch.generated);
    if (codeBatch.status === 'DONE' || codeBatch.status === 'FAILED') return { batch: codeBatch, seen };
    if (Date.now() > until) throw new Error(`batch ${id} still ${codeBatch.status} at ${codeBatch.generated}/${codeBatch.requested}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function campaignCodes(campaignId: string): Promise<string[]> {
  return (await t.sql<{ code: string }>('select code from code where campaign_id = $1 order by id', [campaignId])).map((r) => r.code);
}

/** Gives a campaign every `step`-th code of prefix + 4 of "ABCDEFGHJK" (10,000 possible codes). */
async function takePatternSpace(campaignId: string, prefix: string, step: number): Promise<void> {
  await t.sql(
    `insert into code (code, campaign_id) select $2 || s.code, $1 from (
       select string_agg(substr('ABCDEFGHJK', (((i / p) % 10) + 1)::int, 1), '' order by p desc) as code
       from generate_series(0, 9999, $3::int) as i, unnest(array[1000, 100, 10, 1]) as p group by i) s`,
    [campaignId, prefix, step],
  );
}

describe('generateCodes (background job)', () => {
  it('generates the requested codes with the default pattern: 8 characters without 0 O 1 I L, all distinct', async () => {
    const campaign = await c.campaign();
    const batch = await generate(campaign.id, 500);
    expect(batch).toMatchObject({ requested: 500, campaign: { id: campaign.id } });
    expect(['PENDING', 'RUNNING', 'DONE']).toContain(batch.status);
    const { batch: done } = await waitForBatch(batch.id);
    expect(done).toMatchObject({ status: 'DONE', generated: 500, requested: 500, error: null });
    const codes = await campaignCodes(campaign.id);
    expect(codes).toHaveLength(500);
    expect(new Set(codes).size).toBe(500);
    for (const code of codes) expect(code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}$/);
    expect(codes.join('')).not.toMatch(/[01OIL]/);
    const page = await t.ok<{ codes: { totalCount: number; nodes: { code: string; state: string }[] } }>('query($c:ID!){ codes(campaignId:$c, first:5){ totalCount nodes { code state } } }', { c: campaign.id }, t.adminToken);
    expect(page.codes.totalCount).toBe(500);
    expect(page.codes.nodes.every((n) => n.state === 'ACTIVE')).toBe(true);
    const rows = await t.sql<{ n: string }>('select count(*)::text as n from code where batch_id = $1', [batch.id]);
    expect(rows[0].n).toBe('500');
    const listed = await t.ok<{ codeBatches: { id: string; status: string; finishedAt: string | null }[] }>('query($c:ID!){ codeBatches(campaignId:$c){ id status finishedAt } }', { c: campaign.id }, t.adminToken);
    expect(listed.codeBatches).toEqual([{ id: batch.id, status: 'DONE', finishedAt: expect.any(String) }]);
  });

  it('follows the pattern: prefix, length, charset and postfix (normalised to upper case)', async () => {
    const campaign = await c.campaign();
    const batch = await generate(campaign.id, 200, { prefix: 'jazz-', postfix: 'x', length: 6, charset: 'abcdefghjk' });
    const { batch: done } = await waitForBatch(batch.id);
    expect(done.status).toBe('DONE');
    const codes = await campaignCodes(campaign.id);
    expect(codes).toHaveLength(200);
    for (const code of codes) expect(code).toMatch(/^JAZZ[A-HJK]{6}X$/);
  });

  it('shows progress while running: generated only grows, and ends at the requested count', async () => {
    const campaign = await c.campaign();
    const batch = await generate(campaign.id, 120_000);
    const { batch: done, seen } = await waitForBatch(batch.id, 120_000);
    expect(done).toMatchObject({ status: 'DONE', generated: 120_000 });
    for (let i = 1; i < seen.length; i += 1) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
    for (const value of seen.slice(0, -1)) expect(value).toBeLessThanOrEqual(120_000);
    const [{ n, d }] = await t.sql<{ n: string; d: string }>('select count(*)::text as n, count(distinct code)::text as d from code where campaign_id = $1', [campaign.id]);
    expect([n, d]).toEqual(['120000', '120000']);
  });

  it('keeps codes unique system-wide when half the pattern space is taken: collisions are generated again', async () => {
    const other = await c.campaign();
    const campaign = await c.campaign();
    // "Q" + 4 of 10 characters = 10,000 possible codes; 5,000 of them belong to another campaign.
    await takePatternSpace(other.id, 'Q', 2);
    expect((await campaignCodes(other.id)).length).toBe(5000);
    const pattern = { prefix: 'Q', length: 4, charset: 'ABCDEFGHJK' };
    // two batches at once on the same narrow pattern race each other and the existing codes
    const [a, b] = await Promise.all([generate(campaign.id, 100, pattern), generate(campaign.id, 100, pattern)]);
    const [doneA, doneB] = await Promise.all([waitForBatch(a.id), waitForBatch(b.id)]);
    expect(doneA.batch).toMatchObject({ status: 'DONE', generated: 100 });
    expect(doneB.batch).toMatchObject({ status: 'DONE', generated: 100 });
    const codes = await campaignCodes(campaign.id);
    expect(codes).toHaveLength(200);
    expect(new Set(codes).size).toBe(200);
    const taken = new Set(await campaignCodes(other.id));
    expect(codes.filter((code) => taken.has(code))).toEqual([]);
    const [{ dupes }] = await t.sql<{ dupes: string }>(`select count(*)::text as dupes from (select code from code group by code having count(*) > 1) d`);
    expect(dupes).toBe('0');
  });

  it('fails a batch whose pattern space is used up, with the reason, instead of looping', async () => {
    const other = await c.campaign();
    const campaign = await c.campaign();
    await takePatternSpace(other.id, 'Z', 1);
    const batch = await generate(campaign.id, 50, { prefix: 'Z', length: 4, charset: 'ABCDEFGHJK' });
    const { batch: failed } = await waitForBatch(batch.id);
    expect(failed.status).toBe('FAILED');
    expect(failed.generated).toBe(0);
    expect(failed.error).toMatch(/collided/);
    expect(await campaignCodes(campaign.id)).toEqual([]);
  });

  it('a batch left PENDING (its enqueue lost) is sent again by the sweep and completes', async () => {
    const campaign = await c.campaign();
    const [{ id }] = await t.sql<{ id: string }>(
      `insert into code_batch (campaign_id, requested, pattern, created_at) values ($1, 40, $2, now() - interval '5 minutes') returning id::text`,
      [campaign.id, JSON.stringify({ prefix: 'LOST', postfix: '', length: 8, charset: 'ABCDEFGHJKMNPQRSTUVWXYZ23456789' })],
    );
    const fresh = (await generate(campaign.id, 1)).id;
    await waitForBatch(fresh);
    expect((await t.ok<{ codeBatch: Batch }>(`query($id:ID!){ codeBatch(id:$id){ ${BATCH} } }`, { id }, t.adminToken)).codeBatch.status).toBe('PENDING');
    // the periodic sweep (every 15 s in every worker process) may have re-queued it first
    const resent = await sweepCodeBatches(t.app.orm.em.fork() as EntityManager, t.app.jobs);
    expect([[id], []]).toContainEqual(resent);
    const { batch } = await waitForBatch(id);
    expect(batch).toMatchObject({ status: 'DONE', generated: 40 });
    expect((await campaignCodes(campaign.id)).filter((code) => code.startsWith('LOST'))).toHaveLength(40);
    expect(await sweepCodeBatches(t.app.orm.em.fork() as EntityManager, t.app.jobs)).toEqual([]);
  });

  it('refuses bad requests with BAD_USER_INPUT naming the field, writing nothing', async () => {
    const campaign = await c.campaign();
    const cases: [number, Record<string, unknown> | undefined, string][] = [
      [0, undefined, 'count'],
      [1_000_001, undefined, 'count'],
      [10, { charset: 'AB-0?' }, 'pattern.charset'],
      [10, { length: 2 }, 'pattern.length'],
      [10, { prefix: 'ä' }, 'pattern.prefix'],
      [5_000, { length: 4, charset: 'ABCDEFGHJK' }, 'count'],
    ];
    for (const [count, pattern, field] of cases) {
      const result = await t.gql('mutation($c:ID!,$n:Int!,$p:CodePatternInput){ generateCodes(campaignId:$c, count:$n, pattern:$p){ id } }', { c: campaign.id, n: count, p: pattern ?? null }, t.adminToken);
      expect(errorCode(result), `${count} ${JSON.stringify(pattern)}`).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.extensions?.field).toBe(field);
    }
    expect(await t.sql('select id from code_batch where campaign_id = $1', [campaign.id])).toEqual([]);
    const missing = await t.gql('mutation{ generateCodes(campaignId:"999999", count:5){ id } }', {}, t.adminToken);
    expect(errorCode(missing)).toBe('NOT_FOUND');
  });

  it('refuses an ENDED campaign (CONFLICT) and callers who may not create codes (FORBIDDEN)', async () => {
    const campaign = await c.campaign();
    await c.activate(campaign.id);
    await t.ok('mutation($id:ID!){ endCampaign(id:$id){ id } }', { id: campaign.id }, t.adminToken);
    expect(errorCode(await t.gql('mutation($c:ID!){ generateCodes(campaignId:$c, count:5){ id } }', { c: campaign.id }, t.adminToken))).toBe('CONFLICT');
    const group = await c.group('Finance codes');
    const finance = await c.user(`fin-codes-${Date.now()}@example.com`, ['FINANCE_MANAGER'], group);
    const open = await c.campaign();
    expect(errorCode(await t.gql('mutation($c:ID!){ generateCodes(campaignId:$c, count:5){ id } }', { c: open.id }, finance.token))).toBe('FORBIDDEN');
    expect(await t.sql('select id from code_batch where campaign_id in ($1, $2)', [campaign.id, open.id])).toEqual([]);
  });

  it('codeBatch answers null for an unknown id or a batch of a campaign the viewer cannot see', async () => {
    expect((await t.ok<{ codeBatch: null }>('query{ codeBatch(id:"987654"){ id } }', {}, t.adminToken)).codeBatch).toBeNull();
    const campaign = await c.campaign();
    const batch = await generate(campaign.id, 5);
    await waitForBatch(batch.id);
    const group = await c.group(`Outsiders ${Date.now()}`);
    const outsider = await c.user(`outsider-${Date.now()}@example.com`, ['MARKETING_MANAGER'], group);
    expect((await t.ok<{ codeBatch: null }>('query($id:ID!){ codeBatch(id:$id){ id } }', { id: batch.id }, outsider.token)).codeBatch).toBeNull();
  });
});

describe('CSV export (GET /api/campaigns/:id/codes.csv)', () => {
  it('streams 200,000 codes as CSV with a header, every code once', async () => {
    const campaign = await c.campaign({ maxRedemptionsPerCode: 1 });
    await t.sql(`insert into code (code, campaign_id) select 'EXP' || lpad(i::text, 7, '0'), $1 from generate_series(1, 200000) as i`, [campaign.id]);
    await t.sql(`update code set redemptions_count = 1 where code = 'EXP0000002'`);
    await t.sql(`update code set state = 'DISABLED' where code = 'EXP0000003'`);
    const response = await fetch(`${t.url}/api/campaigns/${campaign.id}/codes.csv`, { headers: { authorization: `Bearer ${t.adminToken}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-length')).toBeNull();
    expect(response.headers.get('content-disposition')).toContain(`codes-campaign-${campaign.id}.csv`);
    // read it as a stream, line by line, as a client would
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = '';
    let lines = 0;
    let chunks = 0;
    const firstLines: string[] = [];
    let last = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks += 1;
      buffered += value;
      const parts = buffered.split('\n');
      buffered = parts.pop()!;
      for (const line of parts) {
        lines += 1;
        if (firstLines.length < 4) firstLines.push(line);
        last = line;
      }
    }
    expect(buffered).toBe('');
    expect(lines).toBe(200_001);
    expect(chunks).toBeGreaterThan(1);
    expect(firstLines[0]).toBe('code,state,customer_id,issued_at,channel,redemptions_count,max_redemptions,batch_id,created_at');
    expect(firstLines[1]).toMatch(/^EXP0000001,ACTIVE,,,,0,1,,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(firstLines[2]).toMatch(/^EXP0000002,EXHAUSTED,,,,1,1,/);
    expect(firstLines[3]).toMatch(/^EXP0000003,DISABLED,/);
    expect(last).toMatch(/^EXP0200000,ACTIVE,/);
  });

  it('exports only a batch or only issued codes when asked', async () => {
    const campaign = await c.campaign();
    const batch = await generate(campaign.id, 30);
    await waitForBatch(batch.id);
    await t.ok('mutation($c:ID!){ importCodes(campaignId:$c, codes:["IMPORTEDONE"]) }', { c: campaign.id }, t.adminToken);
    const customer = await c.customer();
    await t.ok('mutation($c:ID!,$u:ID!){ issueCode(campaignId:$c, customerId:$u, channel:EMAIL){ code } }', { c: campaign.id, u: customer }, t.adminToken);
    const get = async (query: string) => (await (await fetch(`${t.url}/api/campaigns/${campaign.id}/codes.csv${query}`, { headers: { authorization: `Bearer ${t.adminToken}` } })).text()).trim().split('\n');
    expect(await get('')).toHaveLength(32);
    expect(await get(`?batchId=${batch.id}`)).toHaveLength(31);
    const issued = await get('?issued=true');
    expect(issued).toHaveLength(2);
    expect(issued[1]).toContain(`,${customer},`);
    expect(issued[1]).toContain(',EMAIL,');
  });

  it('answers 401 without a token, 404 for a campaign the viewer cannot see, 403 for a role that may not read codes, 400 for a bad id', async () => {
    const campaign = await c.campaign();
    expect((await fetch(`${t.url}/api/campaigns/${campaign.id}/codes.csv`)).status).toBe(401);
    const group = await c.group(`Others ${Date.now()}`);
    const outsider = await c.user(`exp-out-${Date.now()}@example.com`, ['MARKETING_MANAGER'], group);
    const hidden = await fetch(`${t.url}/api/campaigns/${campaign.id}/codes.csv`, { headers: { authorization: `Bearer ${outsider.token}` } });
    expect(hidden.status).toBe(404);
    expect(((await hidden.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    const supervisor = await c.user(`exp-sup-${Date.now()}@example.com`, ['SUPERVISOR'], group);
    expect((await fetch(`${t.url}/api/campaigns/${campaign.id}/codes.csv`, { headers: { authorization: `Bearer ${supervisor.token}` } })).status).toBe(403);
    expect((await fetch(`${t.url}/api/campaigns/abc/codes.csv`, { headers: { authorization: `Bearer ${t.adminToken}` } })).status).toBe(400);
  });
});

describe('CSV import (POST /api/campaigns/:id/codes/import)', () => {
  const upload = (campaignId: string, body: string, token = t.adminToken) =>
    fetch(`${t.url}/api/campaigns/${campaignId}/codes/import`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body });

  it('imports the good rows and reports each rejected one with its line and reason', async () => {
    const other = await c.campaign();
    await t.ok('mutation($c:ID!){ importCodes(campaignId:$c, codes:["TAKENCODE1"]) }', { c: other.id }, t.adminToken);
    const campaign = await c.campaign();
    const csv = ['code,note', 'goodcode1,first', 'GOOD-CODE-2,dashes are ignored', 'x!,bad characters', 'GOODCODE1,duplicate of line 2', 'TAKENCODE1,taken by another campaign', '"GOODCODE3"'].join('\n');
    const response = await upload(campaign.id, csv);
    expect(response.status).toBe(200);
    const report = (await response.json()) as { rows: number; imported: number; rejected: { row: number; line: number; code: string; reason: string }[] };
    expect(report.rows).toBe(6);
    expect(report.imported).toBe(3);
    expect(report.rejected.map((r) => [r.line, r.code])).toEqual([
      [4, 'x!'],
      [5, 'GOODCODE1'],
      [6, 'TAKENCODE1'],
    ]);
    expect(report.rejected[0].reason).toMatch(/4 to 64 characters/);
    expect(report.rejected[1].reason).toMatch(/duplicate of row 1/);
    expect(report.rejected[2].reason).toMatch(/not available/);
    expect((await campaignCodes(campaign.id)).sort()).toEqual(['GOODCODE1', 'GOODCODE2', 'GOODCODE3']);
    const audit = await t.sql<{ after: { imported: number } }>(`select after from audit_entry where entity_type = 'Campaign' and entity_id = $1 and action = 'importCodes'`, [campaign.id]);
    expect(audit.map((a) => a.after.imported)).toEqual([3]);
  });

  it('takes a file without a header, and refuses an empty body, an ENDED campaign and a role that may not create codes', async () => {
    const campaign = await c.campaign();
    const response = await upload(campaign.id, 'NOHEADER01\r\nNOHEADER02\r\n');
    expect(await response.json()).toMatchObject({ rows: 2, imported: 2, rejected: [] });
    const empty = await upload(campaign.id, '   ');
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: { field: string } }).error.field).toBe('file');
    await c.activate(campaign.id);
    await t.ok('mutation($id:ID!){ endCampaign(id:$id){ id } }', { id: campaign.id }, t.adminToken);
    expect((await upload(campaign.id, 'ENDEDCODE1')).status).toBe(409);
    const group = await c.group(`Finance import ${Date.now()}`);
    const finance = await c.user(`imp-fin-${Date.now()}@example.com`, ['FINANCE_MANAGER'], group);
    const open = await c.campaign();
    expect((await upload(open.id, 'FINANCECODE1', finance.token)).status).toBe(403);
    expect(await campaignCodes(open.id)).toEqual([]);
  });
});
