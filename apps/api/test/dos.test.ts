// Denial of service, the checks of this area (docs/SECURITY.md "Denial of service"): a costly segment
// rule, a huge or over-long code import, and over-long code arguments are refused cleanly or run without
// stalling the process. A signed-in `{ me { id } }` is measured every 100 ms meanwhile and must answer
// in under 1 s, never 5xx. (Anonymous sign-ins and huge documents are covered by tools/dos-check.mjs
// and their own branches' tests.)
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importLimits } from '../src/modules/campaigns/code-csv.routes.js';
import { segmentScanLimits } from '../src/modules/catalogue/segment-membership.js';
import { campaignFixtures } from './campaigns-fixtures.js';
import { errorCode, startTestApp, type GraphQLResponse, type TestApp } from './harness.js';

let t: TestApp;
let c: ReturnType<typeof campaignFixtures>;
let agentToken: string;

const CUSTOMERS = 3_000;
const ADDRESSES = 20;

beforeAll(async () => {
  t = await startTestApp();
  c = campaignFixtures(t);
  const group = await c.group(`DoS ${Date.now()}`);
  agentToken = (await c.user(`dos-agent-${Date.now()}@example.com`, ['AGENT'], group)).token;
  // Customers with many addresses: what makes a rule over `addresses` cost the most per record.
  await t.sql(
    `insert into customer (name, signed_up_at, region, addresses)
     select 'DoS ' || i, now(), 'North', (select jsonb_agg(jsonb_build_object('area', 'A', 'city', 'City ' || j, 'district', 'D', 'active', true)) from generate_series(1, $2::int) j)
     from generate_series(1, $1::int) i`,
    [CUSTOMERS, ADDRESSES],
  );
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

interface ProbeReport {
  worstMs: number;
  samples: number;
  failures: string[];
}

/** Runs `work` while a signed-in `{ me { id } }` is sent every 100 ms; reports the worst latency. */
async function whileProbing<T>(work: () => Promise<T>): Promise<{ value: T; probe: ProbeReport }> {
  const report: ProbeReport = { worstMs: 0, samples: 0, failures: [] };
  let running = true;
  const probing = (async () => {
    while (running) {
      const started = performance.now();
      try {
        const response = await fetch(`${t.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${t.adminToken}` },
          body: JSON.stringify({ query: '{ me { id } }' }),
        });
        const body = (await response.json()) as GraphQLResponse<{ me: { id: string } }>;
        if (response.status >= 500 || !body.data?.me?.id) report.failures.push(`HTTP ${response.status}: ${JSON.stringify(body).slice(0, 200)}`);
      } catch (error) {
        report.failures.push(String(error));
      }
      report.worstMs = Math.max(report.worstMs, performance.now() - started);
      report.samples += 1;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  try {
    const value = await work();
    return { value, probe: report };
  } finally {
    running = false;
    await probing;
  }
}

function expectResponsive(probe: ProbeReport): void {
  expect(probe.failures).toEqual([]);
  expect(probe.samples).toBeGreaterThan(0);
  expect(probe.worstMs).toBeLessThan(1_000);
}

const PREVIEW = 'query($e:SegmentEntity!, $r:JSONObject!){ previewSegment(entity:$e, rule:$r, first:5){ memberIds totalCount complete } }';
type Preview = GraphQLResponse<{ previewSegment: { memberIds: string[]; totalCount: number; complete: boolean } }>;

/** The costliest rule within the bounds: per address, an `or` of ~180 comparisons that never holds. */
const worstRule = {
  some: [{ var: 'addresses' }, { or: Array.from({ length: 180 }, (_, i) => ({ '==': [{ var: 'city' }, `Nowhere ${i}`] })) }],
};

describe('segment rules', () => {
  it('the worst valid rule is evaluated over every record without stalling signed-in requests', async () => {
    const { value, probe } = await whileProbing(() => t.gql(PREVIEW, { e: 'CUSTOMER', r: worstRule }, agentToken) as Promise<Preview>);
    expect(value.errors).toBeUndefined();
    const page = value.data!.previewSegment;
    expect(page.memberIds).toEqual([]);
    expect(page.totalCount).toBe(0);
    expectResponsive(probe);
  });

  it('stops at its time budget and says the page is incomplete', async () => {
    const saved = segmentScanLimits.budgetMs;
    segmentScanLimits.budgetMs = 50;
    try {
      const result = (await t.gql(PREVIEW, { e: 'CUSTOMER', r: worstRule }, agentToken)) as Preview;
      expect(result.data!.previewSegment.complete).toBe(false);
      const cheap = (await t.gql(PREVIEW, { e: 'CUSTOMER', r: { '==': [{ var: 'region' }, 'Nowhere'] } }, agentToken)) as Preview;
      expect(cheap.data!.previewSegment).toMatchObject({ totalCount: 0 });
    } finally {
      segmentScanLimits.budgetMs = saved;
    }
    const full = (await t.gql(PREVIEW, { e: 'CUSTOMER', r: { '==': [{ var: 'region' }, 'North'] } }, agentToken)) as Preview;
    expect(full.data!.previewSegment).toMatchObject({ totalCount: CUSTOMERS, complete: true });
  });

  it('a rule over its step budget on some record is BAD_USER_INPUT naming the rule and the bound', async () => {
    // A `cat` of the accumulator doubles a text per address: 20 addresses would build 2^20 times "xy".
    const doubling = { '==': [{ reduce: [{ var: 'addresses' }, { cat: [{ var: 'accumulator' }, { var: 'accumulator' }] }, 'xy'] }, 'z'] };
    const { value, probe } = await whileProbing(() => t.gql(PREVIEW, { e: 'CUSTOMER', r: doubling }, agentToken) as Promise<Preview>);
    expect(errorCode(value)).toBe('BAD_USER_INPUT');
    expect(value.errors![0]!.extensions!.field).toBe('rule');
    expect(value.errors![0]!.message).toMatch(/builds a text longer than 10000/);
    expectResponsive(probe);
  });

  /** A rule `depth` levels of `!` deep, as JSON text (JSON.stringify itself overflows on such depths). */
  const deepText = (depth: number) => `${'{"!":['.repeat(depth)}{"var":"region"}${']}'.repeat(depth)}`;

  /** A GraphQL request whose variables are given as JSON text. */
  async function rawGql(query: string, variablesText: string, token: string): Promise<{ status: number; body: GraphQLResponse }> {
    const response = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: `{"query":${JSON.stringify(query)},"variables":${variablesText}}`,
    });
    return { status: response.status, body: (await response.json()) as GraphQLResponse };
  }

  it.each([3_000, 10_000])('refuses a rule %i levels deep as BAD_USER_INPUT, on preview and on save', async (depth) => {
    const { value, probe } = await whileProbing(async () => ({
      preview: await rawGql(PREVIEW, `{"e":"CUSTOMER","r":${deepText(depth)}}`, agentToken),
      save: await rawGql('mutation($i:CreateSegmentInput!){ createSegment(input:$i){ id } }', `{"i":{"name":"Deep ${depth}","entity":"CUSTOMER","rule":${deepText(depth)}}}`, t.adminToken),
    }));
    for (const [answer, field] of [[value.preview, 'rule'], [value.save, 'input.rule']] as const) {
      expect(answer.status).toBeLessThan(500);
      expect(errorCode(answer.body)).toBe('BAD_USER_INPUT');
      expect(answer.body.errors![0]!.extensions!.field).toBe(field);
      expect(answer.body.errors![0]!.message).toMatch(/nested at most 32 levels deep/);
    }
    expectResponsive(probe);
  });

  it.each<[string, unknown, RegExp]>([
    ['reduce with merge', { reduce: [{ var: 'addresses' }, { merge: [{ var: 'accumulator' }, { var: 'accumulator' }] }, [1]] }, /"merge" is not allowed/],
    ['reduce over a literal list', { reduce: [[1, 2, 3], { '+': [{ var: 'current' }, 1] }, 0] }, /must iterate over a list fact/],
    ['a list literal of 10,000 items', { in: [{ var: 'region' }, Array.from({ length: 10_000 }, (_, i) => `R${i}`)] }, /at most 500 items/],
  ])('refuses a rule %s on preview (rule) and on save (input.rule)', async (_name, rule, message) => {
    const preview = (await t.gql(PREVIEW, { e: 'CUSTOMER', r: rule }, agentToken)) as Preview;
    expect(errorCode(preview)).toBe('BAD_USER_INPUT');
    expect(preview.errors![0]!.extensions!.field).toBe('rule');
    expect(preview.errors![0]!.message).toMatch(message);
    const saved = await t.gql('mutation($i:CreateSegmentInput!){ createSegment(input:$i){ id } }', { i: { name: `Bad ${Math.random()}`, entity: 'CUSTOMER', rule } }, t.adminToken);
    expect(errorCode(saved)).toBe('BAD_USER_INPUT');
    expect(saved.errors![0]!.extensions!.field).toBe('input.rule');
    expect(saved.errors![0]!.message).toMatch(message);
  });
});

describe('code import upload', () => {
  const upload = (campaignId: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${t.url}/api/campaigns/${campaignId}/codes/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.adminToken}`, 'content-type': 'text/csv', ...headers },
      body,
    });

  /**
   * Sends `count` times `chunk` with node:http, a chunk at a time (with Content-Length when `sized`,
   * else chunked): a client that does not itself hold this process's event loop while it sends.
   */
  function uploadChunks(campaignId: string, chunk: Buffer, count: number, sized: boolean): Promise<{ status: number; body: unknown }> {
    return new Promise((resolve, reject) => {
      const request = http.request(`${t.url}/api/campaigns/${campaignId}/codes/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.adminToken}`, 'content-type': 'text/csv', ...(sized ? { 'content-length': String(chunk.length * count) } : {}) },
      });
      request.on('response', (response) => {
        let text = '';
        response.on('data', (d: Buffer) => (text += String(d)));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
      });
      request.on('error', reject);
      let sent = 0;
      const write = () => {
        while (sent < count) {
          sent += 1;
          if (!request.write(chunk)) return void request.once('drain', write);
        }
        request.end();
      };
      write();
    });
  }

  it('refuses a 60 MB upload with 413 JSON naming the file, without stalling', async () => {
    const campaign = await c.campaign();
    const body = Buffer.alloc(1024 * 1024, 'ABCDEFGHIJ\n');
    const { value, probe } = await whileProbing(async () => {
      const response = await uploadChunks(campaign.id, body, 60, true);
      return { status: response.status, body: response.body as { error: { code: string; field: string; message: string } } };
    });
    expect(value.status).toBe(413);
    expect(value.body.error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file' });
    expect(value.body.error.message).toMatch(/larger than 20971520 bytes \(20 MB\)/);
    expectResponsive(probe);
    expect(await t.sql(`select 1 from code where campaign_id = $1`, [campaign.id])).toEqual([]);
  });

  it('counts the bytes of an upload without a length (chunked) and stops it at the limit', async () => {
    const campaign = await c.campaign();
    const chunk = Buffer.alloc(1024 * 1024, `${'C'.repeat(63)}\n`);
    const { value, probe } = await whileProbing(() => uploadChunks(campaign.id, chunk, 25, false));
    expect(value.status).toBe(413);
    expect((value.body as { error: { field: string; message: string } }).error).toMatchObject({ field: 'file', message: expect.stringMatching(/larger than 20971520 bytes/) });
    expectResponsive(probe);
  });

  it('refuses more rows than the limit with 413, and a record too long to be a code list with 400', async () => {
    const campaign = await c.campaign();
    const saved = importLimits.rows;
    importLimits.rows = 1_000;
    try {
      const rows = Array.from({ length: 1_001 }, (_, i) => `ROWCODE${i}`).join('\n');
      const response = await upload(campaign.id, rows);
      expect(response.status).toBe(413);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/more than 1000 rows/);
    } finally {
      importLimits.rows = saved;
    }
    const huge = await upload(campaign.id, `${'A'.repeat(100_000)}\nGOODCODE99`);
    expect(huge.status).toBe(400);
    expect(((await huge.json()) as { error: { field: string } }).error.field).toBe('file');
  });

  it('imports 200,000 rows (a few MB) in yielding chunks while signed-in requests keep answering', async () => {
    const campaign = await c.campaign();
    const stamp = Date.now().toString(36).toUpperCase();
    const csv = ['code', ...Array.from({ length: 200_000 }, (_, i) => `BULK${stamp}X${i}`), 'x!'].join('\n');
    const { value, probe } = await whileProbing(async () => {
      const response = await upload(campaign.id, csv);
      return { status: response.status, report: (await response.json()) as { rows: number; imported: number; rejected: { line: number }[]; rejectedCount: number } };
    });
    expect(value.status).toBe(200);
    expect(value.report).toMatchObject({ rows: 200_001, imported: 200_000, rejectedCount: 1, rejected: [{ line: 200_002 }] });
    expectResponsive(probe);
  }, 120_000);
});

describe('code arguments', () => {
  const MEGABYTE = 'A'.repeat(1024 * 1024);

  it.each<[string, string, Record<string, unknown>, string]>([
    ['code(code:)', 'query($c:String!){ code(code:$c){ id } }', {}, 'code'],
    ['disableCode', 'mutation($c:String!){ disableCode(code:$c){ id } }', {}, 'code'],
    ['validateCode', 'query($c:String!, $cu:ID!){ validateCode(input:{ code:$c, customerId:$cu, order:{ amount:"10.00", currency:"EUR" } }){ valid } }', { cu: '1' }, 'input.code'],
    [
      'redeemCode',
      'mutation($c:String!, $cu:ID!){ redeemCode(input:{ code:$c, customerId:$cu, order:{ amount:"10.00", currency:"EUR" } }, idempotencyKey:"dos-1"){ ok } }',
      { cu: '1' },
      'input.code',
    ],
    ['verifyVoucher', 'query($c:String!){ verifyVoucher(code:$c, unitId:"1"){ valid } }', {}, 'code'],
  ])('%s with a 1 MB code is BAD_USER_INPUT at once', async (_name, query, variables, field) => {
    const { value, probe } = await whileProbing(() => t.gql(query, { ...variables, c: MEGABYTE }, t.adminToken));
    expect(errorCode(value)).toBe('BAD_USER_INPUT');
    expect(value.errors![0]!.extensions!.field).toBe(field);
    expect(value.errors![0]!.message).toMatch(/at most 128 characters/);
    expectResponsive(probe);
  });

  it('a code of the longest typed length is still looked up (null when unknown)', async () => {
    const typed = 'AB-CD '.repeat(21).slice(0, 128);
    expect(await t.ok('query($c:String!){ code(code:$c){ id } }', { c: typed }, t.adminToken)).toEqual({ code: null });
  });
});
