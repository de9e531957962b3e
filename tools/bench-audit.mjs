#!/usr/bin/env node
// Audit-trail benchmark (issue 12 deliverable 4; figures in docs/BENCHMARKS.md). Needs a built API
// (`pnpm --filter @perkflow/api build`).
//
//   node tools/bench-audit.mjs [--seconds 20] [--clients 16] [--admin-clients 8] [--api-dir apps/api]
//
// 1. starts a durable (fsync on) embedded PostgreSQL in a temp dir and one API process (dist/main.js of
//    `--api-dir`, production, workers on: whatever chains the audit trail in the background runs as in production);
// 2. sets up a campaign with 200,000 codes and 10,000 customers (bulk SQL), and one DRAFT campaign per admin client;
// 3. mixed load for `--seconds`: `--clients` concurrent keep-alive HTTP clients, of which `--admin-clients` send
//    audited admin mutations (createCustomer and updateCampaign on the client's own campaign, alternately) and the
//    others redeemCode (PORTAL API key, a fresh code and idempotency key each);
// 4. prints p50/p95/p99 and throughput of each kind, what the database sessions waited for (sampled every 100 ms),
//    the load average, then verifyAuditLog's answer and how long it took.
// `--api-dir` may point at another checkout's apps/api (e.g. a read-only build of main) to measure "before".
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import http from 'node:http';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const SECONDS = Number(args.seconds ?? 20);
const CLIENTS = Number(args.clients ?? 16);
const ADMIN_CLIENTS = Number(args['admin-clients'] ?? 8);
const apiDir = resolve(root, args['api-dir'] ?? 'apps/api');
const CODES = 200_000;
const CUSTOMERS = 10_000;
const ADMIN_PASSWORD = 'bench-admin-password-1';
const require = createRequire(join(root, 'apps/api/package.json'));
const pg = require('pg');

const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);
const summary = (latencies, seconds) => {
  const s = [...latencies].sort((a, b) => a - b);
  const r = (x) => Number(x.toFixed(1));
  return { count: s.length, perSecond: r(s.length / seconds), p50: r(percentile(s, 50)), p95: r(percentile(s, 95)), p99: r(percentile(s, 99)), max: r(s.at(-1) ?? NaN) };
};

async function main() {
  const mainJs = join(apiDir, 'dist/main.js');
  if (!existsSync(mainJs)) throw new Error(`${mainJs} is missing: build the API first`);
  const { startEmbeddedPostgres, findFreePort } = await import(pathToFileURL(join(root, 'apps/api/dist/database/embedded-postgres.js')).href);
  const dir = mkdtempSync(join(tmpdir(), 'perkflow-bench-audit-'));
  const db = await startEmbeddedPostgres(join(dir, 'pg'));
  let child;
  try {
    const port = await findFreePort();
    const url = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [mainJs], {
      cwd: apiDir,
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: db.url, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production', PERKFLOW_SEED_DEMO: 'false', PERKFLOW_WORKERS: 'true', LOG_LEVEL: 'warn', PERKFLOW_ADMIN_PASSWORD: ADMIN_PASSWORD, PERKFLOW_DB_POOL_MAX: String(Math.max(10, CLIENTS)) },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    for (let i = 0; ; i += 1) {
      if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) break;
      if (i > 300 || child.exitCode !== null) throw new Error('the API did not start');
      await new Promise((r) => setTimeout(r, 200));
    }
    const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS + 2 });
    const post = (payload, token) => new Promise((resolvePost, reject) => {
      const req = http.request(`${url}/graphql`, { method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'content-length': Buffer.byteLength(payload) } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => resolvePost(JSON.parse(text)));
      });
      req.on('error', reject);
      req.end(payload);
    });
    const gql = async (query, variables, token) => {
      const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) });
      const body = await res.json();
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };
    const admin = (await gql('mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }', { e: 'admin@example.com', p: ADMIN_PASSWORD })).login.token;
    // The portal belongs to the group that owns the campaigns (the super user's), or it could not see their codes (SPEC §1).
    const group = (await gql('{ groups { id name } }', {}, admin)).groups.find((g) => g.name === 'Head Office').id;
    const portal = (await gql('mutation($g:ID!){ createUser(input:{email:"portal@example.com", name:"Portal", password:"portal-password-1", roles:[PORTAL], groupId:$g}){ id } }', { g: group }, admin)).createUser.id;
    const apiKey = (await gql('mutation($u:ID!){ createApiKey(name:"bench", userId:$u){ secret } }', { u: portal }, admin)).createApiKey.secret;
    const now = Date.now();
    const campaignInput = (name) => ({ name, kind: 'DISCOUNT_CODE', discountKind: 'AMOUNT', amount: '1.00', currency: 'EUR', startsAt: new Date(now - 86_400_000).toISOString(), expiresAt: new Date(now + 30 * 86_400_000).toISOString(), timezone: 'Europe/Athens', maxRedemptionsPerCode: 1, budget: { period: 'MONTH', amount: '100000000.00' } });
    const createCampaign = async (name) => (await gql('mutation($i:CreateCampaignInput!){ createCampaign(input:$i){ id } }', { i: campaignInput(name) }, admin)).createCampaign.id;
    const campaign = await createCampaign('Audit bench redemptions');
    await gql('mutation($id:ID!){ activateCampaign(id:$id){ campaign { state } } }', { id: campaign }, admin);
    const drafts = [];
    for (let i = 0; i < ADMIN_CLIENTS; i += 1) drafts.push(await createCampaign(`Audit bench draft ${i}`));
    const sql = new pg.Pool({ connectionString: db.url, max: 2 });
    await sql.query(`insert into code (code, campaign_id, state, redemptions_count, created_at) select 'AB' || lpad(g::text, 9, '0'), $1, 'ACTIVE', 0, now() from generate_series(1, $2::int) g`, [campaign, CODES]);
    await sql.query(`insert into customer (name, signed_up_at) select 'Bench customer ' || g, now() from generate_series(1, $1::int) g`, [CUSTOMERS]);
    await sql.query('analyze');
    const [{ lo: custLo }] = (await sql.query('select min(id)::int as lo from customer')).rows;

    let nextCode = 0;
    let nextAdmin = 0;
    const redeem = () => {
      const i = nextCode++;
      return post(JSON.stringify({
        query: 'mutation($i:RedemptionInput!,$k:String!){ redeemCode(input:$i, idempotencyKey:$k){ ok reason } }',
        variables: { i: { code: `AB${String(i + 1).padStart(9, '0')}`, customerId: String(custLo + (i % CUSTOMERS)), order: { amount: '20.00', currency: 'EUR' } }, k: `order-${i}` },
      }), apiKey);
    };
    const adminWrite = (client) => {
      const i = nextAdmin++;
      return i % 2 === 0
        ? post(JSON.stringify({ query: 'mutation($i:CreateCustomerInput!){ createCustomer(input:$i){ id } }', variables: { i: { name: `Walk-in ${i}`, email: `walk-in-${i}@example.com`, region: 'Attica' } } }), admin)
        : post(JSON.stringify({ query: 'mutation($id:ID!,$i:UpdateCampaignInput!){ updateCampaign(id:$id, input:$i){ id } }', variables: { id: drafts[client], i: { name: `Audit bench draft ${client} v${i}` } } }), admin);
    };
    // warm-up
    for (let i = 0; i < 100; i += 1) await redeem();
    for (let i = 0; i < 20; i += 1) await adminWrite(0);

    // What the database's sessions wait for during the load, sampled every 100 ms (a queue on one lock shows as Lock:advisory).
    const waits = {};
    let samples = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const rows = (await sql.query(`select coalesce(wait_event_type || ':' || wait_event, 'running') as w, count(*)::int as n from pg_stat_activity
                                        where state = 'active' and backend_type = 'client backend' and pid <> pg_backend_pid() group by 1`)).rows;
        for (const r of rows) waits[r.w] = (waits[r.w] ?? 0) + r.n;
        samples += 1;
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const lat = { admin: [], redeem: [] };
    const errors = { admin: 0, redeem: 0 };
    const started = Date.now();
    const deadline = started + SECONDS * 1000;
    await Promise.all(Array.from({ length: CLIENTS }, async (_, c) => {
      const kind = c < ADMIN_CLIENTS ? 'admin' : 'redeem';
      while (Date.now() < deadline && nextCode < CODES) {
        const t = process.hrtime.bigint();
        const body = kind === 'admin' ? await adminWrite(c) : await redeem();
        lat[kind].push(Number(process.hrtime.bigint() - t) / 1e6);
        if (body.errors || (kind === 'redeem' && !body.data.redeemCode.ok)) {
          errors[kind] += 1;
          if (errors[kind] <= 3) console.error(kind, JSON.stringify(body.errors ?? body.data));
        }
      }
    }));
    const seconds = (Date.now() - started) / 1000;
    sampling = false;
    await sampler;
    agent.destroy();

    const v0 = Date.now();
    const verify = await post(JSON.stringify({ query: '{ verifyAuditLog { ok checked firstBrokenId } }' }), admin);
    const verifyMs = Date.now() - v0;
    const [{ n: entries }] = (await sql.query('select count(*)::int as n from audit_entry')).rows;
    await sql.end();
    const report = {
      date: new Date().toISOString(),
      machine: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, PostgreSQL (embedded, fsync on)`,
      command: `node tools/bench-audit.mjs --seconds ${SECONDS} --clients ${CLIENTS} --admin-clients ${ADMIN_CLIENTS} --api-dir ${args['api-dir'] ?? 'apps/api'}`,
      seconds: Number(seconds.toFixed(1)),
      auditedAdminMutations: { ...summary(lat.admin, seconds), errors: errors.admin },
      redemptions: { ...summary(lat.redeem, seconds), errors: errors.redeem },
      averageSessionsWaiting: Object.fromEntries(Object.entries(waits).sort((a, b) => b[1] - a[1]).slice(0, 6).map(([w, n]) => [w, Number((n / samples).toFixed(2))])),
      loadAverage: loadavg().map((x) => Number(x.toFixed(1))),
      totalPerSecond: Number(((lat.admin.length + lat.redeem.length) / seconds).toFixed(1)),
      auditEntries: entries,
      verifyAuditLog: { ...(verify.data?.verifyAuditLog ?? { errors: verify.errors }), ms: verifyMs },
    };
    console.log(JSON.stringify(report, null, 2));
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    }
    await db.stop().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
