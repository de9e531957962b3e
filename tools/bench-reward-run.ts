/**
 * Reward-run benchmark (issue 4, SPEC §4): 1,000,000 customer events of 100,000 participants against 20
 * effective BATCH offers of every validity kind and condition, then one timed reward run.
 *
 *   pnpm --filter @perkflow/tools bench:reward-run            # embedded PostgreSQL in a temp folder
 *   DATABASE_URL=postgres://… pnpm --filter @perkflow/tools bench:reward-run   # an existing server
 *   BENCH_EVENTS=200000 BENCH_PARTICIPANTS=20000 …            # smaller runs
 *
 * The configuration goes through the real GraphQL API (an API process started in this one, workers off);
 * customers, participants and events are loaded set-based (INSERT … SELECT generate_series); the run is the
 * production code path (`runRewardsNow`, what the pg-boss job executes). Prints one JSON line of figures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { startApp } from '../apps/api/src/app.js';
import { loadConfig } from '../apps/api/src/config.js';
import { startEmbeddedPostgres } from '../apps/api/src/database/embedded-postgres.js';
import { runRewardsNow } from '../apps/api/src/modules/rewards/reward-run.js';

// The driver, resolved from the API package (tools/ has no dependencies of its own).
const pg = createRequire(new URL('../apps/api/package.json', import.meta.url))('pg') as typeof import('pg');

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const PARTICIPANTS = Number(process.env.BENCH_PARTICIPANTS ?? 100_000);
const ADMIN = { email: 'bench@example.com', password: 'bench-password-1' };

const seconds = (from: number) => Math.round((performance.now() - from) / 10) / 100;

async function main() {
  let dir: string | undefined;
  let embedded: { url: string; stop(): Promise<void> } | undefined;
  let baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) {
    dir = mkdtempSync(join(tmpdir(), 'perkflow-bench-'));
    embedded = await startEmbeddedPostgres(join(dir, 'pg'));
    // The usual settings of a database server for bulk work (the defaults are sized for a laptop), then restart.
    const client = new pg.Client({ connectionString: embedded.url });
    await client.connect();
    for (const setting of ["shared_buffers = '2GB'", "max_wal_size = '8GB'", "checkpoint_timeout = '30min'", "work_mem = '64MB'"]) await client.query(`alter system set ${setting}`);
    await client.end();
    await embedded.stop();
    embedded = await startEmbeddedPostgres(join(dir, 'pg'));
    baseUrl = embedded.url;
  }
  const app = await startApp(
    loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'warn', PERKFLOW_WORKERS: 'false' }, { databaseUrl: baseUrl, port: 0, host: '127.0.0.1', seedDemo: false, adminEmail: ADMIN.email, adminPassword: ADMIN.password }),
  );
  const exec = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => app.orm.em.getConnection().execute<T[]>(sql, params);
  let token = '';
  const gql = async <T,>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const response = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data: T; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  try {
    if (Number((await exec<{ n: number }>('select count(*)::int as n from customer_event'))[0]!.n) > 0) throw new Error('the database already holds customer events: use an empty one');
    token = (await gql<{ login: { token: string } }>('mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }', { e: ADMIN.email, p: ADMIN.password })).login.token;
    const id = async (mutation: string, variables: Record<string, unknown>) => Object.values(await gql<Record<string, { id: string }>>(mutation, variables))[0]!.id;
    const group = await id('mutation($i:CreateGroupInput!){ createGroup(input:$i){ id } }', { i: { name: 'Bench partners' } });
    const other = await id('mutation($i:CreateGroupInput!){ createGroup(input:$i){ id } }', { i: { name: 'Bench own stores' } });
    const units: string[] = [];
    for (let i = 1; i <= 5; i += 1) {
      units.push(await id('mutation($i:CreateUnitInput!){ createUnit(input:$i){ id } }', { i: { name: `Bench store ${i}`, groupId: i <= 2 ? group : other, timezone: 'Europe/Athens' } }));
    }
    const justMoney = await id('mutation($i:CreateRewardOfferTypeInput!){ createRewardOfferType(input:$i){ id } }', { i: { name: 'Bench just money', classification: 'JUST_MONEY' } });
    const revenue = await id('mutation($i:CreateRewardOfferTypeInput!){ createRewardOfferType(input:$i){ id } }', { i: { name: 'Bench revenue', classification: 'INCREASE_REVENUE_TRANSACTION_BASED' } });
    const scheme = await id('mutation($i:CreateRewardSchemeInput!){ createRewardScheme(input:$i){ id } }', { i: { name: 'Bench club', currency: 'EUR', timezone: 'Europe/Athens' } });
    const year = new Date().getUTCFullYear() - 1;
    const offers: Record<string, unknown>[] = [
      { name: 'B01 every purchase 0.10', award: { kind: 'AMOUNT', amount: '0.10' } },
      { name: 'B02 1% back in spring', typeId: revenue, validity: { kind: 'RECURRING_PERIOD', fromDay: 1, fromMonth: 3, toDay: 30, toMonth: 6 }, award: { kind: 'PERCENTAGE', percentage: '1' }, awardValidity: { kind: 'AFTER_AWARD', after: { count: 1, unit: 'YEAR' } } },
      { name: 'B03 January', validity: { kind: 'SPECIFIC_PERIOD', validFrom: `${year}-01-01T00:00:00+02:00`, validTo: `${year}-02-01T00:00:00+02:00` }, award: { kind: 'AMOUNT', amount: '1' } },
      { name: 'B04 summer', validity: { kind: 'SPECIFIC_PERIOD', validFrom: `${year}-06-01T00:00:00+03:00`, validTo: `${year}-09-01T00:00:00+03:00` }, award: { kind: 'AMOUNT', amount: '0.25' } },
      { name: 'B05 black friday', typeId: revenue, validity: { kind: 'SPECIFIC_PERIOD', validFrom: `${year}-11-27T00:00:00+02:00`, validTo: `${year}-11-30T00:00:00+02:00` }, award: { kind: 'PERCENTAGE', percentage: '5' } },
      { name: 'B06 birthday week', validity: { kind: 'BIRTHDAY_PERIOD', daysBefore: 3, daysAfter: 3 }, award: { kind: 'AMOUNT', amount: '5' } },
      { name: 'B07 birthday once', validity: { kind: 'BIRTHDAY_PERIOD', daysBefore: 0, daysAfter: 7 }, award: { kind: 'AMOUNT', amount: '10' }, awardConditions: { numberOfAwards: 'ONLY_ONE' } },
      { name: 'B08 name day', validity: { kind: 'NAME_DAY_PERIOD', daysBefore: 1, daysAfter: 1 }, award: { kind: 'AMOUNT', amount: '2' } },
      { name: 'B09 holidays', validity: { kind: 'RECURRING_PERIOD', fromDay: 20, fromMonth: 12, toDay: 6, toMonth: 1 }, award: { kind: 'AMOUNT', amount: '0.50' } },
      { name: 'B10 spring', typeId: revenue, validity: { kind: 'RECURRING_PERIOD', fromDay: 1, fromMonth: 4, toDay: 15, toMonth: 5 }, award: { kind: 'PERCENTAGE', percentage: '2' } },
      { name: 'B11 autumn', validity: { kind: 'RECURRING_PERIOD', fromDay: 1, fromMonth: 10, toDay: 31, toMonth: 10 }, award: { kind: 'AMOUNT', amount: '0.30' } },
      { name: 'B12 welcome', award: { kind: 'AMOUNT', amount: '3' }, awardConditions: { numberOfAwards: 'ONLY_ONE' } },
      { name: 'B13 first at partner', award: { kind: 'AMOUNT', amount: '4' }, awardConditions: { numberOfAwards: 'ONLY_ONE', allowedGroupIds: [group] } },
      { name: 'B14 store 3', award: { kind: 'AMOUNT', amount: '0.20' }, awardConditions: { numberOfAwards: 'MULTIPLE', allowedUnitIds: [units[2]] } },
      { name: 'B15 partner stores 3%', typeId: revenue, award: { kind: 'PERCENTAGE', percentage: '3' }, awardConditions: { numberOfAwards: 'MULTIPLE', allowedGroupIds: [group] } },
      { name: 'B16 Athens', award: { kind: 'AMOUNT', amount: '0.15' }, awardConditions: { numberOfAwards: 'MULTIPLE', allowedCities: ['Athens'] } },
      { name: 'B17 islands once', award: { kind: 'AMOUNT', amount: '6' }, awardConditions: { numberOfAwards: 'ONLY_ONE', allowedAreas: ['Cyclades', 'Dodecanese'] } },
      { name: 'B18 store 4 until year end', award: { kind: 'AMOUNT', amount: '0.05' }, awardConditions: { numberOfAwards: 'MULTIPLE', allowedUnitIds: [units[3]] }, awardValidity: { kind: 'UNTIL_DATE', until: `${year + 2}-01-01T00:00:00Z` } },
      { name: 'B19 weekend stores 1.5%', typeId: revenue, validity: { kind: 'RECURRING_PERIOD', fromDay: 1, fromMonth: 7, toDay: 31, toMonth: 8 }, award: { kind: 'PERCENTAGE', percentage: '1.5' }, awardConditions: { numberOfAwards: 'MULTIPLE', allowedUnitIds: [units[0], units[4]] } },
      { name: 'B20 loyal Thessaloniki', award: { kind: 'AMOUNT', amount: '1' }, awardConditions: { numberOfAwards: 'MULTIPLE', allowedCities: ['Thessaloniki'], allowedUnitIds: [units[1]] } },
    ];
    const offerIds: string[] = [];
    for (const offer of offers) {
      const offerId = await id('mutation($i:CreateRewardOfferInput!){ createRewardOffer(input:$i){ id } }', { i: { schemeId: scheme, typeId: justMoney, ...offer } });
      await gql('mutation($id:ID!){ setRewardOfferEffective(id:$id, effective:true){ id } }', { id: offerId });
      offerIds.push(offerId);
    }
    // "valid from the latest effective date": as if the offers had turned effective 18 months ago
    await exec(`update reward_offer set latest_effective_date = now() - interval '18 months' where id = any(string_to_array(?, ',')::bigint[])`, [offerIds.join(',')]);

    const loadStart = performance.now();
    await exec(
      `insert into customer (name, signed_up_at, birthday, name_day, addresses)
       select 'Bench customer ' || g, now() - interval '2 years', date '1970-01-01' + (g * 7919 % 12000)::int, case when g % 3 = 0 then date '2000-01-01' + (g * 31 % 366)::int end,
              case g % 5 when 0 then '[{"city":"Athens","area":"Attica","active":true}]'::jsonb
                         when 1 then '[{"city":"Thessaloniki","active":true},{"city":"Athens","active":false}]'::jsonb
                         when 2 then '[{"city":"Naxos","area":"Cyclades","active":true}]'::jsonb
                         else '[]'::jsonb end
         from generate_series(1::bigint, ?) g`,
      [PARTICIPANTS],
    );
    await exec(`insert into reward_participant (scheme_id, customer_id) select ?::bigint, id from customer where name like 'Bench customer %'`, [scheme]);
    const [{ first }] = (await exec<{ first: string }>(`select min(id)::text as first from customer where name like 'Bench customer %'`)) as [{ first: string }];
    await exec(
      `insert into customer_event (customer_id, kind, performed_at, amount, currency, unit_id)
       select ?::bigint + (g % ?), 'PURCHASE', now() - interval '365 days' + (g * 7907 % 31536000) * interval '1 second',
              ((g * 104729) % 20000) / 100.0 + 1, 'EUR', (string_to_array(?, ','))[1 + g % 5]::bigint
         from generate_series(1::bigint, ?) g`,
      [first, PARTICIPANTS, units.join(','), EVENTS],
    );
    await exec('analyze customer; analyze reward_participant; analyze customer_event; analyze award_transaction');
    const loadSeconds = seconds(loadStart);

    if (process.env.BENCH_PRE_SQL) for (const stmt of process.env.BENCH_PRE_SQL.split(';')) await exec(stmt);
    const runStart = performance.now();
    let batches = 0;
    const summary = await runRewardsNow(app.orm.em, 'TOOL', { onBatch: () => void (batches += 1) });
    const runSeconds = seconds(runStart);
    const again = performance.now();
    const second = await runRewardsNow(app.orm.em, 'TOOL');
    const [check] = await exec<{ awards: number; total: string; unprocessed: number }>(
      `select (select count(*)::int from award_transaction) as awards, (select sum(amount)::text from award_transaction) as total,
              (select count(*)::int from customer_event where processed_at is null) as unprocessed`,
    );
    process.stdout.write(
      `${JSON.stringify({
        benchmark: 'reward-run',
        date: new Date().toISOString(),
        machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30) },
        database: process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PostgreSQL (durable: fsync on; shared_buffers 2GB, max_wal_size 8GB)',
        events: EVENTS,
        participants: PARTICIPANTS,
        offers: offerIds.length,
        loadSeconds,
        runSeconds,
        eventsPerSecond: Math.round(EVENTS / runSeconds),
        batches,
        run: summary,
        rerun: { seconds: seconds(again), eventsProcessed: second?.eventsProcessed, awardsCreated: second?.awardsCreated },
        check,
      })}\n`,
    );
  } finally {
    await app.stop();
    await embedded?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
