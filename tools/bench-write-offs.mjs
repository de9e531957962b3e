// Benchmark: merchants writing off vouchers concurrently through the public API (issue 6). Every voucher
// is single use and is written off by TWO requests at once (a double scan), by merchants of two stores;
// afterwards it checks that each voucher was used exactly once and that the merchant days add up to
// the cent. Not a timed test: run it by hand and record the figures in docs/BENCHMARKS.md.
//
//   pnpm build && node tools/bench-write-offs.mjs [--vouchers 400] [--concurrency 16]
//
// Uses DATABASE_URL when set (a database it may write to), else a fresh embedded PostgreSQL in a
// temporary directory that is removed afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { vouchers: { type: 'string', default: '400' }, concurrency: { type: 'string', default: '16' } } });
const count = Number(values.vouchers);
const concurrency = Number(values.concurrency);

const { startApp } = await import('../apps/api/dist/app.js');
const { loadConfig } = await import('../apps/api/dist/config.js');

const dataDir = process.env.DATABASE_URL ? undefined : mkdtempSync(join(tmpdir(), 'perkflow-bench-wo-'));
const config = loadConfig(
  { NODE_ENV: 'development', LOG_LEVEL: 'warn', PERKFLOW_SEED_DEMO: 'false', PERKFLOW_ADMIN_PASSWORD: 'bench-admin' },
  { port: 0, host: '127.0.0.1', ...(dataDir ? { dataDir } : { databaseUrl: process.env.DATABASE_URL }) },
);
const app = await startApp(config);
const db = { query: async (text, params = []) => ({ rows: await app.orm.em.getConnection().execute(text, params) }) };

async function call(query, variables, token) {
  const response = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}
async function gql(query, variables, token) {
  const body = await call(query, variables, token);
  if (body.errors?.length) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

try {
  const login = async (e, p) => (await gql('mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }', { e, p })).login.token;
  const admin = await login(config.adminEmail, 'bench-admin');
  const stamp = Date.now().toString(36);
  const group = (await gql('mutation($i:CreateGroupInput!){ createGroup(input:$i){ id } }', { i: { name: `Bench retail ${stamp}` } }, admin)).createGroup.id;
  const stores = [];
  const merchants = [];
  for (const name of ['North', 'South']) {
    const unit = (await gql('mutation($i:CreateUnitInput!){ createUnit(input:$i){ id } }', { i: { name: `Bench ${name} ${stamp}`, groupId: group } }, admin)).createUnit.id;
    const email = `bench-${name.toLowerCase()}-${stamp}@example.com`;
    await gql('mutation($i:CreateUserInput!){ createUser(input:$i){ id } }', { i: { email, name, password: 'bench-password', roles: ['MERCHANT'], groupId: group, unitId: unit } }, admin);
    stores.push(unit);
    merchants.push(await login(email, 'bench-password'));
  }
  const now = Date.now();
  const campaign = (await gql('mutation($i:CreateCampaignInput!){ createCampaign(input:$i){ id } }', {
    i: { name: `Bench vouchers ${stamp}`, kind: 'EXPERIENCE_VOUCHER', voucherKind: 'SERVICE', voucherForm: 'ELECTRONIC', discountKind: 'AMOUNT', amount: '50.00', currency: 'EUR', startsAt: new Date(now - 86_400_000).toISOString(), expiresAt: new Date(now + 30 * 86_400_000).toISOString(), allowedUnitIds: stores },
  }, admin)).createCampaign.id;
  const codes = Array.from({ length: count }, (_, i) => `BENCHWO${stamp.toUpperCase()}${String(i).padStart(6, '0')}`);
  await gql('mutation($c:ID!,$l:[String!]!){ importCodes(campaignId:$c, codes:$l) }', { c: campaign, l: codes }, admin);
  await gql('mutation($id:ID!){ activateCampaign(id:$id){ campaign { id } } }', { id: campaign }, admin);
  // Customers straight into the table (reference data is not what is measured), then issued through the API.
  const { rows: customers } = await db.query(`insert into customer (name, created_at, signed_up_at) select 'Bench customer ' || g, now(), now() from generate_series(1, ?) g returning id::text as id`, [count]);
  const issued = [];
  for (let i = 0; i < count; i += 1) {
    issued.push((await gql('mutation($c:ID!,$u:ID!){ issueCode(campaignId:$c, customerId:$u, channel:EVENT){ code } }', { c: campaign, u: customers[i].id }, admin)).issueCode.code);
  }
  // Two write-offs per voucher at once, from both stores' merchants alternately, `concurrency` requests in flight.
  const jobs = issued.flatMap((code, i) => [0, 1].map((k) => ({ code, store: (i + k) % 2, amount: `${10 + (i % 40)}.${String(i % 100).padStart(2, '0')}` })));
  const latencies = [];
  let succeeded = 0;
  let refused = 0;
  let other = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < jobs.length) {
      const job = jobs[next++];
      const t0 = performance.now();
      const body = await call('mutation($i:WriteOffInput!){ writeOffVoucher(input:$i){ id } }', { i: { code: job.code, unitId: stores[job.store], amount: job.amount } }, merchants[job.store]);
      latencies.push(performance.now() - t0);
      if (!body.errors) succeeded += 1;
      else if (body.errors[0].extensions?.reason === 'CODE_LIMIT_REACHED') refused += 1;
      else other += 1;
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p) => Number(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(1));
  const { rows: uses } = await db.query(`select count(*)::int as vouchers, count(*) filter (where n = 1)::int as once from (select c.id, count(w.id) as n from code c left join write_off w on w.code_id = c.id where c.campaign_id = ? group by c.id) x`, [campaign]);
  const { rows: days } = await db.query(
    `select bool_and(d.write_offs = x.n and d.amount = x.amount) as ok, sum(d.write_offs)::int as write_offs, sum(d.amount)::text as amount
       from merchant_day d join (select unit_id, merchant_date, count(*) as n, sum(amount) as amount from write_off where campaign_id = ? group by 1, 2) x on x.unit_id = d.unit_id and x.merchant_date = d.date`,
    [campaign]);
  const ok = succeeded === count && refused === count && other === 0 && uses[0].once === count && days[0].ok === true;
  console.log(JSON.stringify({
    benchmark: 'write-offs',
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30) },
    database: dataDir ? 'embedded PostgreSQL' : 'DATABASE_URL',
    vouchers: count,
    requests: jobs.length,
    concurrency,
    seconds: Number(seconds.toFixed(2)),
    requestsPerSecond: Math.round(jobs.length / seconds),
    latencyMs: { p50: pct(50), p95: pct(95), p99: pct(99) },
    succeeded,
    refusedAlreadyUsed: refused,
    otherErrors: other,
    vouchersUsedExactlyOnce: uses[0].once,
    merchantDays: days[0],
    pass: ok,
  }));
} finally {
  await app.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
