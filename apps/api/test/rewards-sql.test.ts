// The set-based reward run (SQL predicates) against the domain functions (evaluated in Node): the same
// events, offers and participants, evaluated both ways, must give exactly the same awards — offer,
// participant, event, amount to the cent and expiry. Events cover a year of days and hours in two time
// zones, birthdays and name days (29 February, the year end), active and inactive addresses, units and
// groups, amounts that round half-even, currency mismatches and missing amounts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRewardsNow } from '../src/modules/rewards/reward-run.js';
import { canRunInSql } from '../src/modules/rewards/reward-sql.js';
import { loadEffectiveOffers, sqlOf } from '../src/modules/rewards/reward-engine.js';
import { fixtures } from './fixtures.js';
import { startTestApp, type TestApp } from './harness.js';
import { rewardFixtures } from './rewards-fixtures.js';

let t: TestApp;
let r: ReturnType<typeof rewardFixtures>;
const ids: Record<string, string> = {};
const NOW = new Date('2026-06-15T09:30:00Z');

beforeAll(async () => {
  t = await startTestApp();
  r = rewardFixtures(t);
  const f = fixtures(t);
  ids.justMoney = await r.type('Just Money', 'JUST_MONEY');
  ids.transaction = await r.type('Spend and earn', 'INCREASE_REVENUE_TRANSACTION_BASED');
  ids.athens = await r.scheme('Athens club', 'Europe/Athens', 'EUR');
  ids.tokyo = await r.scheme('Tokyo club', 'Asia/Tokyo', 'JPY');
  ids.group = await f.group('Partners');
  ids.otherGroup = await f.group('Others');
  ids.unitA = await f.unit('Store A', ids.group, 'Europe/Athens');
  ids.unitB = await f.unit('Store B', ids.otherGroup, 'Europe/Athens');
  ids.unitC = await f.unit('Store C', ids.group, 'Europe/Athens');
  // 60 customers: birthdays and name days across the year (29 Feb, 31 Dec, 1 Jan), some with none; addresses
  const customers = await t.sql<{ id: string }>(
    `insert into customer (name, signed_up_at, birthday, name_day, addresses)
     select 'SQL ' || g, now(),
            case when g % 7 = 0 then null when g % 11 = 0 then date '2000-02-29' when g % 13 = 0 then date '1990-12-31' when g % 17 = 0 then date '1985-01-01'
                 else date '1980-01-01' + (g * 37 % 365) end,
            case when g % 5 = 0 then null else date '1970-01-01' + (g * 53 % 365) end,
            case when g % 4 = 0 then '[]'::jsonb
                 when g % 4 = 1 then '[{"city":"Athens","area":"Kifisia","active":true}]'::jsonb
                 when g % 4 = 2 then '[{"city":"athens","active":false},{"district":"Attica","active":true}]'::jsonb
                 else '[{"city":"Patras","active":true}]'::jsonb end
       from generate_series(1, 60) g returning id::text`,
  );
  const customerIds = customers.map((c) => c.id);
  await t.sql('insert into reward_participant (scheme_id, customer_id) select $1::bigint, unnest($2::bigint[])', [ids.athens, customerIds]);
  await t.sql('insert into reward_participant (scheme_id, customer_id) select $1::bigint, c from unnest($2::bigint[]) c where c % 2 = 0', [ids.tokyo, customerIds]);
  // 40 events per customer, every 9h 11m from 2026-01-01 (so every hour and most days of the year are hit)
  await t.sql(
    `insert into customer_event (customer_id, kind, performed_at, amount, currency, unit_id)
     select c, 'PURCHASE', timestamptz '2025-12-20 00:00:00+00' + (k * 60 + (c % 60)) * interval '9 hours 11 minutes' + c * interval '17 minutes',
            case when k % 9 = 0 then null else ((k * 37 + c) % 5000) / 100.0 + case when k % 4 = 0 then 0.005 when k % 4 = 1 then 0.015 else 0 end end,
            case when k % 13 = 0 then 'USD' when k % 3 = 0 then null else 'EUR' end,
            case when k % 5 = 0 then null when k % 5 = 1 then $2::bigint when k % 5 = 2 then $3::bigint else $4::bigint end
       from unnest($1::bigint[]) c, generate_series(1, 40) k`,
    [customerIds, ids.unitA, ids.unitB, ids.unitC],
  );
});
afterAll(async () => t?.stop());

type AwardRow = { offer_id: string; participant_id: string; event_id: string; amount: string; expires_at: string | null };

async function runBoth(): Promise<{ node: AwardRow[]; sql: AwardRow[] }> {
  const awards = () =>
    t.sql<AwardRow>(`select offer_id::text, participant_id::text, event_id::text, amount::text, expires_at::text from award_transaction order by offer_id, participant_id, event_id`);
  const reset = async () => {
    await t.sql('delete from award_transaction');
    await t.sql('update customer_event set processed_at = null, processed_by_run = null');
  };
  await reset();
  const node = await runRewardsNow(t.app.orm.em, 'TOOL', { path: 'node', batchSize: 500, now: () => NOW });
  const nodeAwards = await awards();
  await reset();
  const sql = await runRewardsNow(t.app.orm.em, 'TOOL', { path: 'sql', batchSize: 700, now: () => NOW });
  const sqlAwards = await awards();
  expect(sql).toMatchObject({ eventsProcessed: node!.eventsProcessed, awardsCreated: node!.awardsCreated, totalAwarded: node!.totalAwarded });
  return { node: nodeAwards, sql: sqlAwards };
}

const offers: string[] = [];
async function offer(input: Record<string, unknown>, latestEffectiveDate?: string) {
  const id = await r.offer({ schemeId: ids.athens, typeId: ids.justMoney, award: { kind: 'AMOUNT', amount: '1' }, ...input });
  if (latestEffectiveDate) await t.sql('update reward_offer set latest_effective_date = $1 where id = $2', [latestEffectiveDate, id]);
  offers.push(id);
  return id;
}

describe('set-based run = domain rules', () => {
  it('every validity kind, award condition, award kind and award validity', async () => {
    await offer({ name: 'From effective date', award: { kind: 'AMOUNT', amount: '0.50' } }, '2026-03-10T12:00:00Z');
    await offer({ name: 'Specific period', validity: { kind: 'SPECIFIC_PERIOD', validFrom: '2026-02-01T00:00:00+02:00', validTo: '2026-03-01T00:00:00+02:00' }, awardValidity: { kind: 'AFTER_AWARD', after: { count: 1, unit: 'MONTH' } } });
    await offer({ name: 'Birthday week', validity: { kind: 'BIRTHDAY_PERIOD', daysBefore: 3, daysAfter: 3 }, award: { kind: 'AMOUNT', amount: '10' } });
    await offer({ name: 'Birthday day', validity: { kind: 'BIRTHDAY_PERIOD', daysBefore: 0, daysAfter: 0 }, award: { kind: 'AMOUNT', amount: '3' } });
    await offer({ name: 'Name day', validity: { kind: 'NAME_DAY_PERIOD', daysBefore: 1, daysAfter: 2 }, awardValidity: { kind: 'UNTIL_DATE', until: '2027-01-01T00:00:00Z' } });
    await offer({ name: 'Winter', validity: { kind: 'RECURRING_PERIOD', fromDay: 20, fromMonth: 12, toDay: 10, toMonth: 1 } });
    await offer({ name: 'Spring', validity: { kind: 'RECURRING_PERIOD', fromDay: 1, fromMonth: 4, toDay: 30, toMonth: 4 } }, '2020-01-01T00:00:00Z');
    await offer({ name: 'Units', awardConditions: { numberOfAwards: 'MULTIPLE', allowedUnitIds: [ids.unitB], allowedGroupIds: [ids.group] } }, '2026-01-01T00:00:00Z');
    await offer({ name: 'Athens addresses', awardConditions: { numberOfAwards: 'MULTIPLE', allowedCities: ['ATHENS'], allowedDistricts: ['attica'] } }, '2026-01-01T00:00:00Z');
    await offer({ name: 'Only one', awardConditions: { numberOfAwards: 'ONLY_ONE' }, award: { kind: 'AMOUNT', amount: '25' } }, '2026-02-14T00:00:00Z');
    await offer({ name: 'Percent', typeId: ids.transaction, award: { kind: 'PERCENTAGE', percentage: '10' } }, '2026-01-01T00:00:00Z');
    await offer({ name: 'Odd percent', typeId: ids.transaction, award: { kind: 'PERCENTAGE', percentage: '3.3333' }, awardConditions: { numberOfAwards: 'ONLY_ONE', allowedGroupIds: [ids.group] } }, '2026-05-01T00:00:00Z');
    await offer({ name: 'Tokyo percent', schemeId: ids.tokyo, typeId: ids.transaction, award: { kind: 'PERCENTAGE', percentage: '50' }, validity: { kind: 'RECURRING_PERIOD', fromDay: 1, fromMonth: 1, toDay: 28, toMonth: 2 } });
    await offer({ name: 'Tokyo birthday', schemeId: ids.tokyo, validity: { kind: 'BIRTHDAY_PERIOD', daysBefore: 2, daysAfter: 0 }, award: { kind: 'AMOUNT', amount: '500' } });
    await offer({ name: 'Immediate (ignored by runs)', evaluationMethod: 'IMMEDIATE' }, '2026-01-01T00:00:00Z');
    expect(canRunInSql(await loadEffectiveOffers(sqlOf(t.app.orm.em.fork())))).toBe(true);
    const { node, sql } = await runBoth();
    expect(node.length).toBeGreaterThan(500);
    // every offer (but the immediate one) awarded something, so every translation was exercised
    expect(new Set(node.map((a) => a.offer_id)).size).toBe(offers.length - 1);
    expect(sql).toEqual(node);
  });

  it('apply only if best award, across offers and schemes', async () => {
    for (const id of offers) await t.sql(`update reward_offer set life_cycle_state = 'NOT_EFFECTIVE' where id = $1 and (award_conditions->>'numberOfAwards') = 'ONLY_ONE'`, [id]);
    await offer({ name: 'Best 7', applyIfBestAward: true, award: { kind: 'AMOUNT', amount: '7' } }, '2026-01-01T00:00:00Z');
    await offer({ name: 'Best percent', typeId: ids.transaction, applyIfBestAward: true, award: { kind: 'PERCENTAGE', percentage: '20' } }, '2026-01-01T00:00:00Z');
    await offer({ name: 'Best immediate 12', applyIfBestAward: true, evaluationMethod: 'IMMEDIATE', award: { kind: 'AMOUNT', amount: '12' }, validity: { kind: 'RECURRING_PERIOD', fromDay: 1, fromMonth: 3, toDay: 31, toMonth: 3 } });
    expect(canRunInSql(await loadEffectiveOffers(sqlOf(t.app.orm.em.fork())))).toBe(true);
    const { node, sql } = await runBoth();
    const best = node.filter((a) => a.offer_id === offers.at(-3) || a.offer_id === offers.at(-2));
    expect(best.length).toBeGreaterThan(50);
    expect(sql).toEqual(node);
  });

  it('offers with segment conditions or awarded-within awards take the Node path', async () => {
    const segment = (await t.ok<{ createSegment: { id: string } }>('mutation{ createSegment(input:{ name:"Everyone", entity:CUSTOMER, memberIds:[] }){ id } }', {}, t.adminToken)).createSegment.id;
    const id = await offer({ name: 'Segmented', awardConditions: { numberOfAwards: 'MULTIPLE', excludedSegmentIds: [segment] } });
    expect(canRunInSql(await loadEffectiveOffers(sqlOf(t.app.orm.em.fork())))).toBe(false);
    await t.ok('mutation($id:ID!){ setRewardOfferEffective(id:$id, effective:false){ id } }', { id }, t.adminToken);
    expect(canRunInSql(await loadEffectiveOffers(sqlOf(t.app.orm.em.fork())))).toBe(true);
  });
});
