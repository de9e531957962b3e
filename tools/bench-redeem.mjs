#!/usr/bin/env node
// Redemption benchmark (issue 5 "Speed"; figures in docs/BENCHMARKS.md). Needs the built API
// (`pnpm --filter @perkflow/api build`) and pgbench (Debian's PostgreSQL client, /usr/lib/postgresql/*/bin).
//
//   node tools/bench-redeem.mjs [--seconds 15] [--clients 32] [--codes 1000000] [--slots 16]
//
// 1. starts a durable (fsync on) embedded PostgreSQL in a temp dir and one API process (dist/main.js, production);
// 2. sets up a realistic campaign through the API (AMOUNT 1.00 EUR, one redemption per code, a MONTH
//    budget every redemption consumes) with `--codes` codes and 10,000 customers (bulk SQL);
// 3. API: `--clients` concurrent HTTP clients send redeemCode (GraphQL, PORTAL API key, a fresh code and
//    idempotency key each) for `--seconds`: tps, p50, p99;
// 4. pgbench, same machine, same run: the same redemption transaction (perkflow_redeem, one call) on the
//    same campaign with budget slots, and the naive variant where the campaign budget is ONE row (slots = 1);
// 5. prints the ratios and checks afterwards that no code, customer, total or budget limit was exceeded.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import http from 'node:http';

const root = fileURLToPath(new URL('..', import.meta.url));
const apiDir = join(root, 'apps/api');
const require = createRequire(join(apiDir, 'package.json'));
const pg = require('pg');

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const SECONDS = Number(args.seconds ?? 15);
const CLIENTS = Number(args.clients ?? 32);
const CODES = Number(args.codes ?? 1_000_000);
const SLOTS = Number(args.slots ?? 16);
const POOL = Number(args.pool ?? Math.max(10, CLIENTS));
const CUSTOMERS = 10_000;
const ADMIN_PASSWORD = 'bench-admin-password-1';

function findPgbench() {
  for (const base of ['/usr/lib/postgresql']) {
    if (!existsSync(base)) continue;
    for (const v of readdirSync(base).sort().reverse()) if (existsSync(join(base, v, 'bin/pgbench'))) return join(base, v, 'bin/pgbench');
  }
  const which = spawnSync('which', ['pgbench'], { encoding: 'utf8' });
  if (which.status === 0) return which.stdout.trim();
  throw new Error('pgbench not found (apt-get install postgresql-client)');
}

const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);

async function main() {
  const main = join(apiDir, 'dist/main.js');
  if (!existsSync(main)) throw new Error('apps/api/dist/main.js is missing: run `pnpm --filter @perkflow/api build` first');
  const pgbench = findPgbench();
  const { startEmbeddedPostgres, findFreePort } = await import(pathToFileURL(join(apiDir, 'dist/database/embedded-postgres.js')).href);
  const dir = mkdtempSync(join(tmpdir(), 'perkflow-bench-'));
  const db = await startEmbeddedPostgres(join(dir, 'pg'));
  const children = [];
  const cleanup = async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await db.stop().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const port = await findFreePort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, [...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []), main], {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: db.url, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production', PERKFLOW_SEED_DEMO: 'false', PERKFLOW_WORKERS: 'false', LOG_LEVEL: 'warn', PERKFLOW_ADMIN_PASSWORD: ADMIN_PASSWORD, PERKFLOW_DB_POOL_MAX: String(POOL) },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    children.push(child);
    for (let i = 0; ; i += 1) {
      if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) break;
      if (i > 300 || child.exitCode !== null) throw new Error('the API did not start');
      await new Promise((r) => setTimeout(r, 200));
    }
    const gql = async (query, variables, token) => {
      const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) });
      const body = await res.json();
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };
    const admin = (await gql('mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }', { e: 'admin@example.com', p: ADMIN_PASSWORD })).login.token;
    const group = (await gql('mutation{ createGroup(input:{name:"Portals"}){ id } }', {}, admin)).createGroup.id;
    const portal = (await gql('mutation($g:ID!){ createUser(input:{email:"portal@example.com", name:"Portal", password:"portal-password-1", roles:[PORTAL], groupId:$g}){ id } }', { g: group }, admin)).createUser.id;
    const apiKey = (await gql('mutation($u:ID!){ createApiKey(name:"bench", userId:$u){ secret } }', { u: portal }, admin)).createApiKey.secret;
    const now = Date.now();
    const createCampaign = async (name) => {
      const c = (await gql(`mutation($i:CreateCampaignInput!){ createCampaign(input:$i){ id } }`, {
        i: { name, kind: 'DISCOUNT_CODE', discountKind: 'AMOUNT', amount: '1.00', currency: 'EUR', startsAt: new Date(now - 86_400_000).toISOString(), expiresAt: new Date(now + 30 * 86_400_000).toISOString(), timezone: 'Europe/Athens', maxRedemptionsPerCode: 1, budget: { period: 'MONTH', amount: '100000000.00' } },
      }, admin)).createCampaign.id;
      await gql('mutation($id:ID!){ activateCampaign(id:$id){ campaign { state } } }', { id: c }, admin);
      return c;
    };
    const campaign = await createCampaign('Jazz realistic');
    const naive = await createCampaign('Jazz naive single budget row');
    const sql = new pg.Pool({ connectionString: db.url, max: 2 });
    await sql.query('update campaign set budget_slots = $1 where id = $2', [SLOTS, campaign]);
    await sql.query('update campaign set budget_slots = 1 where id = $1', [naive]);
    const t0 = Date.now();
    await sql.query(`insert into code (code, campaign_id, state, redemptions_count, created_at) select 'JZ' || lpad(g::text, 9, '0'), $1, 'ACTIVE', 0, now() from generate_series(1, $2::int) g`, [campaign, CODES]);
    await sql.query(`insert into code (code, campaign_id, state, redemptions_count, created_at) select 'NV' || lpad(g::text, 9, '0'), $1, 'ACTIVE', 0, now() from generate_series(1, 400000) g`, [naive]);
    await sql.query(`insert into customer (name, signed_up_at) select 'Bench customer ' || g, now() from generate_series(1, $1::int) g`, [CUSTOMERS]);
    await sql.query('analyze');
    const setupSeconds = (Date.now() - t0) / 1000;
    const [{ lo: custLo }] = (await sql.query('select min(id)::int as lo from customer')).rows;
    const [{ lo: codeLo, n: codeN }] = (await sql.query('select min(id)::bigint as lo, count(*)::int as n from code where campaign_id = $1', [campaign])).rows;
    const [{ lo: naiveLo }] = (await sql.query('select min(id)::bigint as lo from code where campaign_id = $1', [naive])).rows;
    const [{ period }] = (await sql.query(`select to_char(now() at time zone 'Europe/Athens', 'YYYY-MM') as period`)).rows;

    // --- API: CLIENTS concurrent clients, keep-alive HTTP, each redemption a fresh code (codes 1..N of the campaign)
    const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
    let next = 0;
    const latencies = [];
    const outcomes = { ok: 0, refused: 0, errors: 0 };
    const body = (i) => JSON.stringify({
      query: 'mutation($i:RedemptionInput!,$k:String!){ redeemCode(input:$i, idempotencyKey:$k){ ok reason redemption { id discount } } }',
      variables: { i: { code: `JZ${String(i + 1).padStart(9, '0')}`, customerId: String(custLo + (i % CUSTOMERS)), order: { amount: '20.00', currency: 'EUR' } }, k: `order-${i}` },
    });
    const post = (payload) => new Promise((resolve, reject) => {
      const req = http.request(`${url}/graphql`, { method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}`, 'content-length': Buffer.byteLength(payload) } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve(text));
      });
      req.on('error', reject);
      req.end(payload);
    });
    // warm-up
    for (let i = 0; i < 200; i += 1) await post(body(next++));
    latencies.length = 0;
    const deadline = Date.now() + SECONDS * 1000;
    const started = Date.now();
    let done = 0;
    await Promise.all(Array.from({ length: CLIENTS }, async () => {
      while (Date.now() < deadline && next < codeN) {
        const i = next++;
        const t = process.hrtime.bigint();
        const text = await post(body(i));
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
        done += 1;
        const parsed = JSON.parse(text);
        if (parsed.errors) outcomes.errors += 1;
        else if (parsed.data.redeemCode.ok) outcomes.ok += 1;
        else outcomes.refused += 1;
      }
    }));
    const apiSeconds = (Date.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const api = { tps: done / apiSeconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), ...outcomes };
    agent.destroy();

    // --- pgbench: the same redemption transaction, with slots and with one budget row
    const scripts = {};
    const runPgbench = async (label, campaignId, firstCode, slots) => {
      const seq = `bench_seq_${label}`;
      await sql.query(`create sequence ${seq} start ${firstCode}`);
      const script = join(dir, `${label}.sql`);
      scripts[label] = `\\set u random(${custLo}, ${custLo + CUSTOMERS - 1})
select r.* from (select nextval('${seq}') as n) s, perkflow_redeem('pgb-${label}-' || s.n, null, s.n, ${campaignId}, :u, null, 20.00, 1.00, 'EUR', false, 1, null, null, '${period}', 100000000.00, ${slots}, null, null, null, 'bench') r;
`;
      writeFileSync(script, scripts[label]);
      const u = new URL(db.url);
      const out = spawnSync(pgbench, ['-n', '-M', 'prepared', '-c', String(CLIENTS), '-j', '2', '-T', String(SECONDS), '-r', '-f', script, '-h', u.hostname, '-p', u.port, '-U', decodeURIComponent(u.username), u.pathname.slice(1)], { env: { ...process.env, PGPASSWORD: decodeURIComponent(u.password) }, encoding: 'utf8' });
      if (out.status !== 0) throw new Error(`pgbench failed: ${out.stderr}`);
      const tps = Number(/tps = ([\d.]+)/.exec(out.stdout)?.[1]);
      const avg = Number(/latency average = ([\d.]+) ms/.exec(out.stdout)?.[1]);
      return { tps, avgLatencyMs: avg };
    };
    const pgSlots = await runPgbench('slots', campaign, BigInt(codeLo) + BigInt(next) + 1000n, SLOTS);
    const pgNaive = await runPgbench('naive', naive, BigInt(naiveLo), 1);

    // --- invariants afterwards
    const violations = (await sql.query(`
      select
        (select count(*) from code where redemptions_count > 1) as codes_over_cap,
        (select count(*) from code c where c.redemptions_count <> (select count(*) from redemption r where r.code_id = c.id and r.state = 'SUCCEEDED' and not r.test) and c.redemptions_count > 0) as code_count_mismatch,
        (select count(*) from campaign_budget_slot where spent > allowance) as slots_over,
        (select count(*) from (select campaign_id, period, sum(allowance) a from campaign_budget_slot group by 1, 2) s where a <> 100000000) as budget_changed,
        (select count(*) from (select b.campaign_id from campaign_budget_slot b group by b.campaign_id, b.period
            having sum(b.spent) <> (select coalesce(sum(r.discount), 0) from redemption r where r.campaign_id = b.campaign_id and r.budget_period = b.period and r.state = 'SUCCEEDED')) x) as spent_mismatch`)).rows[0];
    await sql.end();
    const cpu = cpus()[0]?.model ?? 'unknown';
    const report = {
      date: new Date().toISOString(),
      machine: `${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, PostgreSQL (embedded, fsync on)`,
      command: `node tools/bench-redeem.mjs --seconds ${SECONDS} --clients ${CLIENTS} --codes ${CODES} --slots ${SLOTS} --pool ${POOL}`,
      setup: { codes: CODES, customers: CUSTOMERS, bulkInsertSeconds: setupSeconds },
      api: { ...api, tps: Math.round(api.tps), p50: Number(api.p50.toFixed(1)), p99: Number(api.p99.toFixed(1)) },
      pgbenchSlots: pgSlots,
      pgbenchNaiveSingleRow: pgNaive,
      ratioApiToPgbenchSameTransaction: Number((api.tps / pgSlots.tps).toFixed(2)),
      ratioApiToNaiveSingleRow: Number((api.tps / pgNaive.tps).toFixed(2)),
      ratioPgbenchSlotsToSingleRow: Number((pgSlots.tps / pgNaive.tps).toFixed(2)),
      pgbenchScripts: scripts,
      violations: Object.fromEntries(Object.entries(violations).map(([k, v]) => [k, Number(v)])),
    };
    console.log(JSON.stringify(report, null, 2));
  } finally {
    await cleanup();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
