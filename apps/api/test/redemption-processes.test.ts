// The redemption invariants with two real API processes on one database (SPEC §5, §12): many parallel
// requests spread over both, exact counts afterwards. Nothing here is timed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiProcess, type ApiProcess } from './api-process.js';
import { startTestApp, type TestApp } from './harness.js';
import { campaignFixtures, type RedeemAnswer } from './campaigns-fixtures.js';

let t: TestApp;
let c: ReturnType<typeof campaignFixtures>;
let processes: ApiProcess[] = [];
let key = '';

beforeAll(async () => {
  t = await startTestApp();
  c = campaignFixtures(t);
  processes = await Promise.all([startApiProcess(t.databaseUrl), startApiProcess(t.databaseUrl)]);
  key = await c.portalKey();
}, 180_000);
afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop()));
  await t?.stop();
});

/** redeemCode through API process `i % 2` with the portal's API key. */
async function redeemVia(i: number, code: string, customerId: string, idempotencyKey: string, order: Record<string, unknown> = { amount: '100.00', currency: 'EUR' }): Promise<RedeemAnswer> {
  const response = await fetch(`${processes[i % processes.length].url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({
      query: 'mutation($i:RedemptionInput!,$k:String!){ redeemCode(input:$i, idempotencyKey:$k){ ok reason explanation redemption { id discount state test } } }',
      variables: { i: { code, customerId, order }, k: idempotencyKey },
    }),
  });
  const body = (await response.json()) as { data?: { redeemCode: RedeemAnswer }; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data!.redeemCode;
}

async function rollbackVia(i: number, id: string): Promise<boolean> {
  const response = await fetch(`${processes[i % processes.length].url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: 'mutation($id:ID!){ rollbackRedemption(id:$id){ state } }', variables: { id } }),
  });
  const body = (await response.json()) as { errors?: unknown[] };
  return !body.errors;
}

async function totals(campaignId: string) {
  const [row] = await t.sql<{ redemptions: string; discount: string | null; codes: string; customers: string; spent: string | null; allowance: string | null; total: string | null }>(
    `select (select count(*)::text from redemption where campaign_id = $1 and state = 'SUCCEEDED' and not test) as redemptions,
            (select sum(discount)::text from redemption where campaign_id = $1 and state = 'SUCCEEDED' and not test) as discount,
            (select coalesce(sum(redemptions_count), 0)::text from code where campaign_id = $1) as codes,
            (select coalesce(sum(redemptions), 0)::text from customer_campaign_usage where campaign_id = $1) as customers,
            (select sum(spent)::text from campaign_budget_slot where campaign_id = $1) as spent,
            (select sum(allowance)::text from campaign_budget_slot where campaign_id = $1) as allowance,
            (select redemptions::text from campaign_usage where campaign_id = $1) as total`,
    [campaignId],
  );
  return row;
}

describe('two API processes, one database', () => {
  it('a code with a cap of N is redeemed exactly N times', async () => {
    const { campaign, codes } = await c.activeCampaignWithCodes({ maxRedemptionsPerCode: 5 }, 1);
    const customers = await Promise.all(Array.from({ length: 60 }, () => c.customer()));
    const answers = await Promise.all(customers.map((u, i) => redeemVia(i, codes[0], u, `cap-${i}`)));
    expect(answers.filter((a) => a.ok)).toHaveLength(5);
    expect(answers.filter((a) => !a.ok).every((a) => a.reason === 'CODE_LIMIT_REACHED')).toBe(true);
    expect(await totals(campaign.id)).toMatchObject({ redemptions: '5', codes: '5', customers: '5' });
  });

  it('the period budget is never exceeded by a cent, and is used to the last redemption that fits', async () => {
    const customer = await c.customer();
    const { campaign, codes } = await c.activeCampaignWithCodes({ amount: '7.00', budget: { period: 'MONTH', amount: '1000.00' } }, 200);
    const answers = await Promise.all(codes.map((code, i) => redeemVia(i, code, customer, `budget-${i}`)));
    // 142 × 7.00 = 994.00 ≤ 1000.00 < 143 × 7.00
    expect(answers.filter((a) => a.ok)).toHaveLength(142);
    expect(await totals(campaign.id)).toMatchObject({ redemptions: '142', discount: '994.0000', spent: '994.0000', allowance: '1000.0000', codes: '142' });
    expect((await c.getCampaign(campaign.id))).toMatchObject({ state: 'PAUSED', pausedReason: 'BUDGET_EXHAUSTED' });
  });

  it('per-customer and total caps hold exactly', async () => {
    const { campaign, codes } = await c.activeCampaignWithCodes({ maxRedemptionsPerCustomer: 3, maxRedemptions: 20 }, 80);
    const customers = await Promise.all(Array.from({ length: 10 }, () => c.customer()));
    const answers = await Promise.all(codes.map((code, i) => redeemVia(i, code, customers[i % 10], `caps-${i}`)));
    expect(answers.filter((a) => a.ok)).toHaveLength(20);
    const per = await t.sql<{ n: string }>(`select count(*)::text as n from redemption where campaign_id = $1 and state = 'SUCCEEDED' group by customer_id`, [campaign.id]);
    expect(Math.max(...per.map((r) => Number(r.n)))).toBeLessThanOrEqual(3);
    expect(await totals(campaign.id)).toMatchObject({ redemptions: '20', total: '20', codes: '20', customers: '20' });
  });

  it('one idempotency key retried in parallel on both processes redeems once', async () => {
    const customer = await c.customer();
    const { campaign, codes } = await c.activeCampaignWithCodes({ budget: { period: 'TOTAL', amount: '500.00' } }, 1);
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => redeemVia(i, codes[0], customer, 'one-order')));
    expect(new Set(answers.map((a) => a.redemption?.id)).size).toBe(1);
    expect(answers.every((a) => a.ok)).toBe(true);
    expect(await totals(campaign.id)).toMatchObject({ redemptions: '1', codes: '1', customers: '1', spent: '10.0000' });
  });

  it('rollbacks racing redemptions keep every counter equal to the redemptions that stand', async () => {
    const customers = await Promise.all(Array.from({ length: 8 }, () => c.customer()));
    const { campaign, codes } = await c.activeCampaignWithCodes({ maxRedemptionsPerCode: 2, maxRedemptionsPerCustomer: 4, maxRedemptions: 40, budget: { period: 'MONTH', amount: '300.00' } }, 30);
    const first = await Promise.all(codes.map((code, i) => redeemVia(i, code, customers[i % 8], `r1-${i}`)));
    const ids = first.filter((a) => a.ok).map((a) => a.redemption!.id);
    const mixed = await Promise.all([
      ...ids.flatMap((id, i) => [rollbackVia(i, id), rollbackVia(i + 1, id)]),
      ...codes.map((code, i) => redeemVia(i, code, customers[(i + 3) % 8], `r2-${i}`)),
    ]);
    const rollbacks = mixed.slice(0, ids.length * 2) as boolean[];
    expect(rollbacks.filter(Boolean)).toHaveLength(ids.length);
    const standing = await totals(campaign.id);
    expect(standing.codes).toBe(standing.redemptions);
    expect(standing.customers).toBe(standing.redemptions);
    expect(standing.total).toBe(standing.redemptions);
    expect(standing.spent).toBe(standing.discount ?? '0.0000');
    const perCode = await t.sql<{ ok: boolean }>(
      `select bool_and(c.redemptions_count = (select count(*) from redemption r where r.code_id = c.id and r.state = 'SUCCEEDED' and not r.test)) as ok from code c where c.campaign_id = $1`,
      [campaign.id],
    );
    expect(perCode[0].ok).toBe(true);
  });
});
