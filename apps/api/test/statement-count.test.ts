// No N+1 (issue 14, docs/ARCHITECTURE.md "Batching"): each list query the admin runs, taken verbatim
// from apps/admin/src (its `graphql(`…`)` documents, a page of 50 where the admin asks 25), costs a
// bounded number of SQL statements with ≥ 50 rows present. Statements are counted on the API's own
// MikroORM connection (knex's `query` event: every statement the ORM, `em.execute` and raw SQL send),
// from the request's arrival to its answer, and they INCLUDE authentication (the bearer token's lookup)
// and the visibility context: the whole cost of the request.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignFixtures } from './campaigns-fixtures.js';
import { startTestApp, type TestApp } from './harness.js';

/** A page of 50 rows in at most this many statements, authentication included. */
const MAX_STATEMENTS = 6;
const ROWS = 55;

const ADMIN_SRC = fileURLToPath(new URL('../../admin/src', import.meta.url));

function adminDocuments(): Map<string, string> {
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
  const docs = new Map<string, string>();
  for (const file of walk(ADMIN_SRC)) {
    for (const match of readFileSync(file, 'utf8').matchAll(/graphql\(\s*`([\s\S]*?)`/g)) {
      const name = /^\s*query\s+(\w+)/.exec(match[1]);
      if (name) docs.set(name[1], match[1].replace(/first: 25\b/g, 'first: 50'));
    }
  }
  return docs;
}

let t: TestApp;
let statements: string[] | null = null;
const docs = adminDocuments();

/** Copies row `id` of `table` n times; `overrides` gives SQL expressions (over `g`, 1..n) for unique columns. */
async function cloneRows(table: string, id: string, n: number, overrides: Record<string, string> = {}): Promise<void> {
  const columns = (await t.sql<{ column_name: string }>(
    `select column_name from information_schema.columns where table_schema = current_schema() and table_name = $1
        and column_name <> 'id' and is_generated = 'NEVER' order by ordinal_position`, [table])).map((c) => c.column_name);
  const values = columns.map((c) => overrides[c] ?? `x."${c}"`);
  await t.sql(`insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) select ${values.join(', ')} from "${table}" x, generate_series(1, ${n}) g where x.id = $1`, [id]);
}

/** Runs the admin's document `name` and answers its data and the number of SQL statements it cost. */
async function measure(name: string, variables: Record<string, unknown> = {}): Promise<{ data: Record<string, unknown>; count: number; sql: string[] }> {
  const doc = docs.get(name);
  if (!doc) throw new Error(`the admin has no query ${name}`);
  await t.ok(doc, variables, t.adminToken); // warm-up: caches of the first request are not the list's cost
  statements = [];
  try {
    const data = await t.ok<Record<string, unknown>>(doc, variables, t.adminToken);
    return { data, count: statements.length, sql: statements };
  } finally {
    statements = null;
  }
}

/** Bounded, and really counted (the list itself is at least one statement). */
function expectBounded(name: string, count: number, sql: string[]): void {
  console.info(`${name}: ${count} statements`);
  expect(count, sql.join('\n')).toBeGreaterThanOrEqual(1);
  expect(count, sql.join('\n')).toBeLessThanOrEqual(MAX_STATEMENTS);
}

function nodes(value: unknown): unknown[] {
  return Array.isArray(value) ? value : ((value as { nodes: unknown[] }).nodes);
}

describe('SQL statements per admin list query (≥ 50 rows)', () => {
  let campaignId: string;

  beforeAll(async () => {
    t = await startTestApp({ config: { workers: false } });
    const knex = t.app.orm.em.getConnection().getKnex();
    knex.on('query', (q: { sql: string }) => statements?.push(q.sql));

    const f = campaignFixtures(t);
    const campaign = await f.campaign({ budget: { period: 'MONTH', amount: '1000.00' } });
    campaignId = campaign.id;
    const customer = await f.customer('Statement Counter');
    await cloneRows('customer', customer, ROWS, { name: `x.name || ' ' || g` , email: 'null' });
    await t.ok('mutation($c:ID!,$codes:[String!]!){ importCodes(campaignId:$c, codes:$codes) }', { c: campaignId, codes: ['STMT-0'] }, t.adminToken);
    const [code] = await t.sql<{ id: string }>('select id from code where campaign_id = $1', [campaignId]);
    await cloneRows('code', code.id, ROWS, { code: `'STMT-' || g`, customer_id: `${customer}` });
    await cloneRows('campaign', campaignId, ROWS, { name: `x.name || ' ' || g` });
  }, 120_000);

  afterAll(async () => t?.stop());

  it('Campaigns (codesCount, redemptionsCount, budget per row)', async () => {
    const { data, count, sql } = await measure('Campaigns');
    expect(nodes(data.campaigns).length).toBeGreaterThanOrEqual(50);
    expectBounded('Campaigns', count, sql);
  });

  it('campaignsPage: a page of 50 with the same fields', async () => {
    statements = [];
    const data = await t.ok<{ campaignsPage: { nodes: unknown[]; totalCount: number } }>(
      '{ campaignsPage(first: 50) { totalCount pageInfo { hasNextPage endCursor } nodes { id name codesCount redemptionsCount budget { period amount spent remaining } ownedByGroup { id name } } } }',
      {}, t.adminToken);
    const sql = statements;
    statements = null;
    expect(data.campaignsPage.nodes).toHaveLength(50);
    expect(data.campaignsPage.totalCount).toBe(ROWS + 1);
    expectBounded('campaignsPage', sql.length, sql);
  });

  it('CampaignCodes (state, redemptionsCount, customer per row)', async () => {
    const { data, count, sql } = await measure('CampaignCodes', { campaignId });
    expect(nodes(data.codes)).toHaveLength(50);
    expectBounded('CampaignCodes', count, sql);
  });

  it('Customers', async () => {
    const { data, count, sql } = await measure('Customers');
    expect(nodes(data.customers)).toHaveLength(50);
    expectBounded('Customers', count, sql);
  });
});
