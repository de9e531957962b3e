// No N+1 (issue 14, docs/ARCHITECTURE.md "Batching"): each list query the admin runs, taken verbatim
// from apps/admin/src (its `graphql(`…`)` documents, a page of 50 where the admin asks 25), costs a
// bounded number of SQL statements with ≥ 50 rows present. Statements are counted on the API's own
// MikroORM connection (knex's `query` event: every statement the ORM, `em.execute` and raw SQL send),
// from the request's arrival to its answer, and they INCLUDE authentication (the bearer token's lookup)
// and the visibility context: the whole cost of the request.
// A document with several root fields (a list and its page's options: `units`, `products`, …) is measured
// one root field at a time (the document cut to that field, the admin's selection kept): each ≤ the bound,
// and the whole document is reported. Reading the audit log first chains pending audit
// entries (one transaction, modules/audit): that pass is counted apart (its own bound), as its cost does
// not depend on the page.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kind, parse, print, visit, type FieldNode, type OperationDefinitionNode } from 'graphql';
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

/**
 * Copies the first row of `table` matching `where` n times (g = 1..n). Columns of a unique index get distinct values: text ones
 * a suffix, number ones past the maximum (foreign keys are kept); `overrides` gives other SQL expressions.
 */
async function cloneRows(table: string, where: string, n: number, overrides: Record<string, string> = {}): Promise<void> {
  const columns = await t.sql<{ name: string; type: string; is_unique: boolean; is_fk: boolean }>(
    `select a.attname as name, format_type(a.atttypid, a.atttypmod) as type,
            exists (select 1 from pg_index i where i.indrelid = a.attrelid and i.indisunique and not i.indisprimary
              and (a.attnum = any(i.indkey) or pg_get_indexdef(i.indexrelid) ~ ('\\m' || a.attname || '\\M'))) as is_unique,
            exists (select 1 from pg_constraint c where c.conrelid = a.attrelid and c.contype = 'f' and a.attnum = any(c.conkey)) as is_fk
       from pg_attribute a
      where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped and a.attname <> 'id' and a.attgenerated = ''
      order by a.attnum`, [table]);
  const values = columns.map((c) => {
    if (overrides[c.name]) return overrides[c.name];
    if (c.is_unique && !c.is_fk && /char|text|citext/.test(c.type)) return `x."${c.name}" || '-' || g`;
    if (c.is_unique && !c.is_fk && /int|numeric/.test(c.type)) return `(select max("${c.name}") from "${table}") + g`;
    return `x."${c.name}"`;
  });
  await t.sql(`insert into "${table}" (${columns.map((c) => `"${c.name}"`).join(', ')}) select ${values.join(', ')} from "${table}" x, generate_series(1, ${n}) g
      where x.ctid = (select ctid from "${table}" where ${where} limit 1)`);
}

/** Makes sure `table` holds at least ROWS rows matching `where` (cloning one of them). */
async function fill(table: string, where = 'true', overrides: Record<string, string> = {}): Promise<void> {
  const [row] = await t.sql<{ n: string }>(`select count(*)::text as n from "${table}" where ${where}`);
  if (Number(row.n) === 0) throw new Error(`no ${table} row to clone (${where})`);
  if (Number(row.n) < ROWS) await cloneRows(table, where, ROWS - Number(row.n), overrides);
}

/**
 * The document cut to each root field it executes with these variables (@include / @skip honoured),
 * unused variable definitions dropped: [field name, document].
 */
function perRootField(doc: string, variables: Record<string, unknown>): [string, string][] {
  const ast = parse(doc);
  const operation = ast.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const runs = (field: FieldNode) => (field.directives ?? []).every((d) => {
    const arg = d.arguments?.[0]?.value;
    const value = arg?.kind === Kind.VARIABLE ? Boolean(variables[arg.name.value]) : arg?.kind === Kind.BOOLEAN ? arg.value : true;
    return d.name.value === 'include' ? value : d.name.value === 'skip' ? !value : true;
  });
  const fields = operation.selectionSet.selections.filter((s): s is FieldNode => s.kind === Kind.FIELD && runs(s));
  return fields.map((field) => {
    const used = new Set<string>();
    visit(field, { Variable: (v) => void used.add(v.name.value) });
    const cut: OperationDefinitionNode = {
      ...operation,
      variableDefinitions: (operation.variableDefinitions ?? []).filter((v) => used.has(v.variable.name.value)),
      selectionSet: { ...operation.selectionSet, selections: [field] },
    };
    return [field.name.value, print({ ...ast, definitions: [cut] })];
  });
}

/** The audit chain pass a read of the audit log runs first (BEGIN, its advisory lock … COMMIT). */
function withoutChainPass(sql: string[]): { rest: string[]; chain: string[] } {
  const start = sql.findIndex((q, i) => /^begin/i.test(q) && /pg_advisory_xact_lock/.test(sql[i + 1] ?? '') && /audit_checkpoint/.test(sql.slice(i, i + 4).join(' ')));
  if (start < 0) return { rest: sql, chain: [] };
  const end = sql.findIndex((q, i) => i > start && /^(commit|rollback)/i.test(q));
  return { rest: [...sql.slice(0, start), ...sql.slice(end + 1)], chain: sql.slice(start, end + 1) };
}

async function count(doc: string, variables: Record<string, unknown>): Promise<{ data: Record<string, unknown>; sql: string[]; chain: string[] }> {
  await t.ok(doc, variables, t.adminToken); // warm-up: caches of the first request are not the list's cost
  statements = [];
  try {
    const data = await t.ok<Record<string, unknown>>(doc, variables, t.adminToken);
    const { rest, chain } = withoutChainPass(statements);
    return { data, sql: rest, chain };
  } finally {
    statements = null;
  }
}

/** Runs the admin's document `name` whole, then each of its root fields alone; answers the counts. */
async function measure(name: string, variables: Record<string, unknown> = {}): Promise<{ data: Record<string, unknown>; count: number; sql: string[]; chain: string[]; roots: [string, string[]][] }> {
  const doc = docs.get(name);
  if (!doc) throw new Error(`the admin has no query ${name}`);
  const whole = await count(doc, variables);
  const fields = perRootField(doc, variables);
  const roots: [string, string[]][] = fields.length > 1 ? [] : [[fields[0][0], whole.sql]];
  if (fields.length > 1) for (const [field, cut] of fields) roots.push([field, (await count(cut, variables)).sql]);
  return { data: whole.data, count: whole.sql.length, sql: whole.sql, chain: whole.chain, roots };
}

/** Bounded, and really counted (the list itself is at least one statement). */
function expectBounded(name: string, count: number, sql: string[], bound = MAX_STATEMENTS): void {
  console.info(`${name}: ${count} statements (bound ${bound})`);
  expect(count, sql.join('\n')).toBeGreaterThanOrEqual(1);
  expect(count, sql.join('\n')).toBeLessThanOrEqual(bound);
}

function nodes(value: unknown): unknown[] {
  return Array.isArray(value) ? value : ((value as { nodes: unknown[] }).nodes);
}

describe('SQL statements per admin list query (≥ 50 rows)', () => {
  let campaignId: string;

  beforeAll(async () => {
    t = await startTestApp({ seedDemo: true, config: { workers: false } });
    const knex = t.app.orm.em.getConnection().getKnex();
    knex.on('query', (q: { sql: string }) => statements?.push(q.sql));

    const f = campaignFixtures(t);
    const campaign = await f.campaign({ budget: { period: 'MONTH', amount: '1000.00' } });
    campaignId = campaign.id;
    const customer = await f.customer('Statement Counter');
    await cloneRows('customer', `id = ${customer}`, ROWS, { email: 'null' });
    await t.ok('mutation($c:ID!,$codes:[String!]!){ importCodes(campaignId:$c, codes:$codes) }', { c: campaignId, codes: ['STMT-0'] }, t.adminToken);
    const [code] = await t.sql<{ id: string }>('select id from code where campaign_id = $1', [campaignId]);
    await cloneRows('code', `id = ${code.id}`, ROWS, { code: `'STMT-' || g`, customer_id: customer });
    await cloneRows('campaign', `id = ${campaignId}`, ROWS);
    await fill('app_user');
    await fill('approval_request', "state = 'PENDING'", { subject_id: '(select max(id) from ad_hoc_discount)' });
    await fill('reward_offer');
    await fill('reward_scheme');
    await fill('reward_offer_template');
    await fill('additive_discount_definition');
    await fill('ad_hoc_discount', 'subscription_id is not null');
    await fill('audit_entry');
    await fill('org_group');
    await fill('org_unit');
    const [user] = await t.sql<{ id: string }>("select min(id)::text as id from app_user where 'PORTAL' = any(roles)");
    await t.ok('mutation($u:ID!){ createApiKey(name:"counter", userId:$u){ id } }', { u: user.id }, t.adminToken);
    await fill('api_key');
    await fill('product');
    await fill('segment');
    await fill('merchant_day', 'true', { date: '(select min(date) from merchant_day) - g' });
    await fill('write_off', 'true');
  }, 180_000);

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
    expect(data.campaignsPage.totalCount).toBeGreaterThan(ROWS);
    expectBounded('campaignsPage', sql.length, sql);
  });

  it('the batched counts and budgets answer each row its own figures', async () => {
    const data = await t.ok<{ campaigns: { id: string; codesCount: number; redemptionsCount: number; budget: { amount: string } | null }[] }>(
      '{ campaigns { id codesCount redemptionsCount budget { amount } } }', {}, t.adminToken);
    const truth = new Map((await t.sql<{ id: string; codes: number; redemptions: number }>(`select c.id::text as id,
        (select count(*)::int from code where campaign_id = c.id) as codes,
        (select count(*)::int from redemption r where r.campaign_id = c.id and r.state = 'SUCCEEDED' and not r.test) as redemptions from campaign c`)).map((r) => [r.id, r]));
    expect(data.campaigns.some((c) => c.codesCount > 50)).toBe(true);
    for (const c of data.campaigns) {
      expect([c.codesCount, c.redemptionsCount], c.id).toEqual([truth.get(c.id)!.codes, truth.get(c.id)!.redemptions]);
    }
    expect(data.campaigns.find((c) => c.id === campaignId)!.budget?.amount).toBe('1000.00');
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

  // The admin's other list pages: [document, variables, the list field].
  const LISTS: [string, () => Record<string, unknown> | Promise<Record<string, unknown>>, string][] = [
    ['Users', () => ({}), 'users'],
    ['ApprovalInbox', () => ({ state: 'PENDING' }), 'approvalRequests'],
    ['RewardOffers', () => ({}), 'rewardOffers'],
    ['RewardConfig', () => ({}), 'rewardSchemes'],
    ['DiscountDefinitions', () => ({}), 'additiveDiscountDefinitions'],
    ['AuditLog', () => ({}), 'auditLog'],
    ['Groups', () => ({}), 'groups'],
    ['Units', () => ({}), 'units'],
    ['ApiKeys', () => ({}), 'apiKeys'],
    ['Products', () => ({}), 'products'],
    ['Segments', () => ({}), 'segments'],
    ['VoucherCampaigns', () => ({}), 'campaigns'],
    ['DiscountTarget', async () => {
      const [row] = await t.sql<{ s: string }>('select subscription_id::text as s from ad_hoc_discount where subscription_id is not null group by subscription_id order by count(*) desc limit 1');
      return { subscriptionId: row.s, jobId: '0', isJob: false, filter: { subscriptionId: row.s }, billsOfSubscription: row.s };
    }, 'adHocDiscounts'],
    ['MerchantDays', async () => {
      const [row] = await t.sql<{ unit: string; from: string; to: string }>("select unit_id::text as unit, greatest(min(date), max(date) - 60)::text as from, max(date)::text as to from merchant_day group by unit_id order by count(*) desc limit 1");
      return { unitId: row.unit, from: row.from, to: row.to };
    }, 'merchantDays'],
  ];

  for (const [name, variables, field] of LISTS) {
    it(`${name} (${field})`, async () => {
      const { data, count, sql, chain, roots } = await measure(name, await variables());
      expect(nodes(data[field]).length, `${field} rows`).toBeGreaterThanOrEqual(name === 'MerchantDays' ? 1 : 50);
      console.info(`${name} (whole document, ${roots.length} root fields): ${count} statements\n${sql.join('\n')}`);
      for (const [root, statements] of roots) expectBounded(`${name} › ${root}`, statements.length, statements);
      if (chain.length) expect(chain.length, chain.join('\n')).toBeLessThanOrEqual(MAX_STATEMENTS);
    });
  }
});
