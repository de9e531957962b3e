// Reward runs on pg-boss (queued, run by a worker, idempotent, one active at a time), a run killed
// mid-way in a child process and finished by the next run, and concurrent spends across two API
// processes on one wallet.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { startTestApp, type GraphQLResponse, type TestApp } from './harness.js';
import { rewardFixtures } from './rewards-fixtures.js';

let t: TestApp;
let r: ReturnType<typeof rewardFixtures>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp();
  r = rewardFixtures(t);
  ids.justMoney = await r.type('Just Money', 'JUST_MONEY');
  ids.scheme = await r.scheme('Run Club', 'UTC');
});
afterAll(async () => t?.stop());

const RUN_FIELDS = 'id state trigger eventsProcessed awardsCreated totalAwarded batches startedAt finishedAt error';
type Run = { id: string; state: string; trigger: string; eventsProcessed: number; awardsCreated: number; totalAwarded: string; batches: number; finishedAt: string | null };

/** Customers enrolled in the scheme, created in SQL (fast), each with `perCustomer` purchase events performed now. */
async function customersWithEvents(count: number, perCustomer: number, prefix: string): Promise<string[]> {
  const rows = await t.sql<{ id: string }>(
    `insert into customer (name, signed_up_at) select $1::text || g, now() from generate_series(1, $2::int) g returning id::text`,
    [prefix, count],
  );
  const customerIds = rows.map((row) => row.id);
  await t.sql(`insert into reward_participant (scheme_id, customer_id) select $1::bigint, unnest($2::bigint[])`, [ids.scheme, customerIds]);
  await t.sql(
    `insert into customer_event (customer_id, kind, performed_at, amount, currency)
     select c, 'PURCHASE', now(), 10, 'EUR' from unnest($1::bigint[]) c, generate_series(1, $2::int)`,
    [customerIds, perCustomer],
  );
  return customerIds;
}

describe('reward runs on the job queue', () => {
  it('runRewards queues a run that a pg-boss worker executes; a second run awards nothing twice', async () => {
    const offer = await r.offer({ schemeId: ids.scheme, typeId: ids.justMoney, name: 'Every purchase', award: { kind: 'AMOUNT', amount: '1.50' } });
    const customer = await r.customer('Queue Q');
    await r.enrol(ids.scheme, customer);
    for (let i = 0; i < 3; i += 1) await r.event(customer, new Date().toISOString(), { amount: '10' });
    const first = (await t.ok<{ runRewards: Run }>(`mutation{ runRewards{ ${RUN_FIELDS} } }`, {}, t.adminToken)).runRewards;
    expect(first).toMatchObject({ state: 'FINISHED', trigger: 'MANUAL', eventsProcessed: 3, awardsCreated: 3, totalAwarded: '4.50', batches: 1 });
    expect(first.finishedAt).not.toBeNull();
    // the worker ran it from the pg-boss queue
    const jobs = await t.sql<{ state: string; data: { runId: string } }>(`select state, data from pgboss.job where name = 'rewards.run'`);
    expect(jobs).toContainEqual(expect.objectContaining({ data: { runId: first.id } }));
    const again = (await t.ok<{ runRewards: Run }>(`mutation{ runRewards{ ${RUN_FIELDS} } }`, {}, t.adminToken)).runRewards;
    expect(again).toMatchObject({ state: 'FINISHED', eventsProcessed: 0, awardsCreated: 0, totalAwarded: '0.00' });
    expect((await r.wallet(customer, ids.scheme)).balance).toBe('4.50');
    const runs = await t.ok<{ rewardRuns: Run[] }>(`{ rewardRuns(first: 2) { ${RUN_FIELDS} } }`, {}, t.adminToken);
    expect(runs.rewardRuns.map((run) => run.id)).toEqual([again.id, first.id]);
    await t.ok('mutation($id:ID!){ setRewardOfferEffective(id:$id, effective:false){ id } }', { id: offer }, t.adminToken);
  });

  it('startRewardRun answers at once; starting again while it is active joins the same run', async () => {
    const [a, b] = await Promise.all([
      t.ok<{ startRewardRun: Run }>(`mutation{ startRewardRun{ ${RUN_FIELDS} } }`, {}, t.adminToken),
      t.ok<{ startRewardRun: Run }>(`mutation{ startRewardRun{ ${RUN_FIELDS} } }`, {}, t.adminToken),
    ]);
    expect(['QUEUED', 'RUNNING', 'FINISHED']).toContain(a.startRewardRun.state);
    const active = await t.sql<{ n: number }>(`select count(*)::int as n from reward_run where state in ('QUEUED','RUNNING')`);
    expect(active[0]!.n).toBeLessThanOrEqual(1);
    // both requests got the one run unless the first had already finished when the second started
    if (a.startRewardRun.state !== 'FINISHED' && b.startRewardRun.state !== 'FINISHED') expect(b.startRewardRun.id).toBe(a.startRewardRun.id);
    const until = Date.now() + 20_000;
    let run: Run | null = null;
    while (Date.now() < until) {
      run = (await t.ok<{ rewardRun: Run }>(`query($id:ID!){ rewardRun(id:$id){ ${RUN_FIELDS} } }`, { id: a.startRewardRun.id }, t.adminToken)).rewardRun;
      if (run.state === 'FINISHED') break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(run?.state).toBe('FINISHED');
    expect(run?.finishedAt).not.toBeNull();
  });

  it('a run killed mid-way is detected as abandoned and the next run finishes it: nothing twice, nothing missed', async () => {
    const multiple = await r.offer({ schemeId: ids.scheme, typeId: ids.justMoney, name: 'Kill multiple', award: { kind: 'AMOUNT', amount: '1.00' } });
    const onlyOne = await r.offer({
      schemeId: ids.scheme,
      typeId: ids.justMoney,
      name: 'Kill only one',
      award: { kind: 'AMOUNT', amount: '5.00' },
      awardConditions: { numberOfAwards: 'ONLY_ONE' },
    });
    const customers = await customersWithEvents(40, 15, 'Kill ');
    const totalEvents = 40 * 15;
    const child = spawn(
      process.execPath,
      ['--import', '@swc-node/register/esm-register', fileURLToPath(new URL('./support/reward-run-child.ts', import.meta.url)), t.databaseUrl, '50', '400'],
      { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const batches = await new Promise<{ runId: string; batch: number; eventsProcessed: number }[]>((resolve, reject) => {
      const seen: { runId: string; batch: number; eventsProcessed: number }[] = [];
      let buffer = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop()!;
        for (const line of lines) if (line.trim()) seen.push(JSON.parse(line));
        if (seen.length >= 3) resolve(seen);
      });
      child.on('exit', (code) => reject(new Error(`child exited (${code}) before 3 batches: ${stderr}`)));
      setTimeout(() => reject(new Error(`child too slow: ${stderr}`)), 45_000);
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const killedRunId = batches[0]!.runId;
    const [killed] = await t.sql<{ state: string; events_processed: number }>('select state, events_processed from reward_run where id = $1', [killedRunId]);
    expect(killed!.state).toBe('RUNNING');
    expect(killed!.events_processed).toBeGreaterThanOrEqual(150);
    expect(killed!.events_processed).toBeLessThan(totalEvents);
    const [{ n: leftBefore }] = (await t.sql<{ n: number }>(
      'select count(*)::int as n from customer_event where processed_at is null and customer_id = any($1::bigint[])',
      [customers],
    )) as [{ n: number }];
    expect(leftBefore).toBe(totalEvents - killed!.events_processed);

    const rerun = (await t.ok<{ runRewards: Run }>(`mutation{ runRewards{ ${RUN_FIELDS} } }`, {}, t.adminToken)).runRewards;
    expect(rerun).toMatchObject({ state: 'FINISHED', eventsProcessed: leftBefore });
    const [abandoned] = await t.sql<{ state: string; error: string }>('select state, error from reward_run where id = $1', [killedRunId]);
    expect(abandoned).toMatchObject({ state: 'ABANDONED' });
    expect(abandoned!.error).toContain('stopped');

    const counts = await t.sql<{ offer_id: string; awards: number; events: number; participants: number; total: string }>(
      `select offer_id::text, count(*)::int as awards, count(distinct event_id)::int as events, count(distinct participant_id)::int as participants, sum(amount)::text as total
         from award_transaction where offer_id = any($1::bigint[]) group by offer_id`,
      [[multiple, onlyOne]],
    );
    const byOffer = Object.fromEntries(counts.map((c) => [c.offer_id, c]));
    expect(byOffer[multiple]).toMatchObject({ awards: totalEvents, events: totalEvents, participants: 40 });
    expect(Number(byOffer[multiple]!.total)).toBe(totalEvents);
    expect(byOffer[onlyOne]).toMatchObject({ awards: 40, participants: 40 });
    expect(await t.sql('select 1 from customer_event where processed_at is null and customer_id = any($1::bigint[])', [customers])).toEqual([]);
    // the two runs' counters add up to what exists
    const [sums] = await t.sql<{ awards: number }>('select sum(awards_created)::int as awards from reward_run where id = any($1::bigint[])', [[killedRunId, rerun.id]]);
    expect(sums!.awards).toBe(totalEvents + 40);

    // even with every marker lost, evaluating the same events again awards nothing twice
    await t.sql('update customer_event set processed_at = null where customer_id = any($1::bigint[])', [customers]);
    const replay = (await t.ok<{ runRewards: Run }>(`mutation{ runRewards{ ${RUN_FIELDS} } }`, {}, t.adminToken)).runRewards;
    expect(replay).toMatchObject({ state: 'FINISHED', eventsProcessed: totalEvents, awardsCreated: 0 });
    for (const offer of [multiple, onlyOne]) await t.ok('mutation($id:ID!){ setRewardOfferEffective(id:$id, effective:false){ id } }', { id: offer }, t.adminToken);
  });
});

describe('concurrent spends', () => {
  let second: RunningApp;
  beforeAll(async () => {
    second = await startApp(
      loadConfig(
        { NODE_ENV: 'test', LOG_LEVEL: 'silent' },
        { databaseUrl: t.databaseUrl, port: 0, host: '127.0.0.1', seedDemo: false, adminEmail: 'admin@example.com', adminPassword: 'admin-test-password' },
      ),
    );
  });
  afterAll(async () => second?.stop());

  async function spendAt(url: string, input: Record<string, unknown>): Promise<GraphQLResponse<{ spendAwards: { id: string; amount: string } }>> {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.adminToken}` },
      body: JSON.stringify({ query: 'mutation($i:SpendAwardsInput!){ spendAwards(input:$i){ id amount } }', variables: { i: input } }),
    });
    return (await response.json()) as GraphQLResponse<{ spendAwards: { id: string; amount: string } }>;
  }

  it('parallel spends on one wallet through two API processes never overdraw it', async () => {
    const offer = await r.offer({ schemeId: ids.scheme, typeId: ids.justMoney, name: 'Spend race', evaluationMethod: 'IMMEDIATE', award: { kind: 'AMOUNT', amount: '5.00' } });
    const customer = await r.customer('Racer R');
    await r.enrol(ids.scheme, customer);
    for (let i = 0; i < 10; i += 1) await r.event(customer, new Date().toISOString());
    expect((await r.wallet(customer, ids.scheme)).balance).toBe('50.00');
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) => spendAt(i % 2 ? second.url : t.url, { customerId: customer, schemeId: ids.scheme, amount: '3.00' })),
    );
    const succeeded = results.filter((res) => !res.errors);
    const refused = results.filter((res) => res.errors);
    expect(succeeded).toHaveLength(16);
    expect(refused).toHaveLength(8);
    for (const res of refused) expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.amount', reason: 'INSUFFICIENT_BALANCE' });
    expect(refused[0]!.errors![0]!.message).toContain('only 2.00 EUR can be spent');
    const wallet = await r.wallet(customer, ids.scheme);
    expect(wallet.balance).toBe('2.00');
    expect(wallet.spends).toHaveLength(16);
    const [check] = await t.sql<{ remaining: string; allocated: string }>(
      `select (select sum(remaining) from award_transaction a join reward_participant p on p.id = a.participant_id where p.customer_id = $1)::text as remaining,
              (select sum(s.amount) from spend_allocation s join award_transaction a on a.id = s.award_id join reward_participant p on p.id = a.participant_id where p.customer_id = $1)::text as allocated`,
      [customer],
    );
    expect(Number(check!.remaining)).toBe(2);
    expect(Number(check!.allocated)).toBe(48);
    await t.ok('mutation($id:ID!){ setRewardOfferEffective(id:$id, effective:false){ id } }', { id: offer }, t.adminToken);
  });

  it('a retried spend with the same idempotency key, sent to both processes at once, spends once', async () => {
    const offer = await r.offer({ schemeId: ids.scheme, typeId: ids.justMoney, name: 'Spend retry', evaluationMethod: 'IMMEDIATE', award: { kind: 'AMOUNT', amount: '10.00' } });
    const customer = await r.customer('Retry R');
    await r.enrol(ids.scheme, customer);
    await r.event(customer, new Date().toISOString());
    const input = { customerId: customer, schemeId: ids.scheme, amount: '4.00', idempotencyKey: 'till-7-receipt-42' };
    const results = await Promise.all([spendAt(t.url, input), spendAt(second.url, input), spendAt(t.url, input), spendAt(second.url, input)]);
    const spendIds = new Set(results.map((res) => res.data?.spendAwards.id));
    expect(results.every((res) => !res.errors)).toBe(true);
    expect(spendIds.size).toBe(1);
    expect((await r.wallet(customer, ids.scheme)).balance).toBe('6.00');
    await t.ok('mutation($id:ID!){ setRewardOfferEffective(id:$id, effective:false){ id } }', { id: offer }, t.adminToken);
  });
});
