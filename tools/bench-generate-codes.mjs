// Benchmark: generate and store 1,000,000 codes (issue 5 target: ≤ 30 s), end to end through the
// public API — generateCodes → the pg-boss job → codeBatch progress until DONE — then checks that every
// code exists once. Not a timed test: run it by hand and record the figures in docs/BENCHMARKS.md.
//
//   pnpm build && node tools/bench-generate-codes.mjs [--count 1000000] [--runs 1]
//
// Uses DATABASE_URL when set (a database it may write to), else a fresh embedded PostgreSQL with
// default (durable) settings in a temporary directory that is removed afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { count: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '1' } } });
const count = Number(values.count);
const runs = Number(values.runs);
const TARGET_SECONDS = 30;

const { startApp } = await import('../apps/api/dist/app.js');
const { loadConfig } = await import('../apps/api/dist/config.js');

const dataDir = process.env.DATABASE_URL ? undefined : mkdtempSync(join(tmpdir(), 'perkflow-bench-codes-'));
const config = loadConfig(
  { NODE_ENV: 'development', LOG_LEVEL: 'warn', PERKFLOW_SEED_DEMO: 'false', PERKFLOW_ADMIN_PASSWORD: 'bench-admin' },
  { port: 0, host: '127.0.0.1', ...(dataDir ? { dataDir } : { databaseUrl: process.env.DATABASE_URL }) },
);
const app = await startApp(config);
// the API's own connection pool (the tools package has no dependencies of its own)
const db = { query: async (text, params = []) => ({ rows: await app.orm.em.getConnection().execute(text, params) }) };

async function gql(query, variables, token) {
  const response = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors?.length) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const results = [];
try {
  const { login } = await gql('mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }', { e: config.adminEmail, p: 'bench-admin' });
  const token = login.token;
  for (let run = 1; run <= runs; run += 1) {
    const now = Date.now();
    const { createCampaign } = await gql(
      'mutation($i:CreateCampaignInput!){ createCampaign(input:$i){ id } }',
      {
        i: {
          name: `Bench codes ${new Date(now).toISOString()} #${run}`,
          kind: 'DISCOUNT_CODE',
          discountKind: 'AMOUNT',
          amount: '5.00',
          currency: 'EUR',
          startsAt: new Date(now).toISOString(),
          expiresAt: new Date(now + 30 * 86_400_000).toISOString(),
        },
      },
      token,
    );
    const started = performance.now();
    const { generateCodes } = await gql('mutation($c:ID!,$n:Int!){ generateCodes(campaignId:$c, count:$n){ id } }', { c: createCampaign.id, n: count }, token);
    let batch;
    let lastPrinted = 0;
    for (;;) {
      batch = (await gql('query($id:ID!){ codeBatch(id:$id){ generated requested status error } }', { id: generateCodes.id }, token)).codeBatch;
      if (batch.status === 'DONE' || batch.status === 'FAILED') break;
      if (performance.now() - lastPrinted > 2000) {
        lastPrinted = performance.now();
        process.stdout.write(`  run ${run}: ${batch.generated.toLocaleString('en')} / ${count.toLocaleString('en')} after ${((lastPrinted - started) / 1000).toFixed(1)} s\n`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const seconds = (performance.now() - started) / 1000;
    if (batch.status !== 'DONE') throw new Error(`batch ended ${batch.status}: ${batch.error}`);
    const { rows } = await db.query('select count(*)::int as n, count(distinct code)::int as d from code where campaign_id = ?', [createCampaign.id]);
    const ok = rows[0].n === count && rows[0].d === count;
    results.push({ run, count, seconds: Number(seconds.toFixed(2)), codesPerSecond: Math.round(count / seconds), stored: rows[0].n, distinct: rows[0].d, ok });
    console.log(`run ${run}: ${count.toLocaleString('en')} codes generated and stored in ${seconds.toFixed(2)} s (${Math.round(count / seconds).toLocaleString('en')} codes/s); stored ${rows[0].n}, distinct ${rows[0].d}: ${ok ? 'OK' : 'MISMATCH'}`);
  }
  const { rows: total } = await db.query('select count(*)::int as n from code');
  const best = Math.min(...results.map((r) => r.seconds));
  console.log(
    JSON.stringify({
      benchmark: 'generate-codes',
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30) },
      database: dataDir ? 'embedded PostgreSQL (durable defaults)' : 'DATABASE_URL',
      codesInTableAfter: total[0].n,
      results,
      bestSeconds: best,
      targetSeconds: TARGET_SECONDS,
      pass: results.every((r) => r.ok) && (count < 1_000_000 || best <= TARGET_SECONDS),
    }),
  );
} finally {
  await app.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
