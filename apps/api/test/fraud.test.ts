// Fraud and abuse on validate/redeem (SPEC §5, §10): failed attempts throttled per customer and per API
// client (RATE_LIMITED with retryAfter, counts in PostgreSQL), anomaly flags listed by reviewFlags and
// resolved by resolveReviewFlag, blacklisted customers refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, startTestApp, type TestApp } from './harness.js';
import { campaignFixtures } from './campaigns-fixtures.js';

let t: TestApp;
let c: ReturnType<typeof campaignFixtures>;

beforeAll(async () => {
  t = await startTestApp({ config: { redemptionFraud: { failuresPerCustomer: 4, failuresPerClient: 9, manyCodesOneCustomer: 3, velocityPerHour: 6 } } });
  c = campaignFixtures(t);
});
afterAll(async () => t?.stop());

const REDEEM = 'mutation($i:RedemptionInput!,$k:String!){ redeemCode(input:$i, idempotencyKey:$k){ ok reason } }';
const VALIDATE = 'query($i:RedemptionInput!){ validateCode(input:$i){ valid reason } }';

async function flags(kind: string) {
  return (await t.ok<{ reviewFlags: { id: string; kind: string; subjectType: string; subjectId: string; message: string }[] }>(
    'query($k:String){ reviewFlags(kind:$k){ id kind subjectType subjectId message } }', { k: kind }, t.adminToken)).reviewFlags;
}

describe('throttling failed attempts', () => {
  it('a customer guessing codes is RATE_LIMITED after the limit, with a retry-after hint and one FAILED_ATTEMPTS flag', async () => {
    const key = await c.portalKey();
    const guesser = await c.customer();
    for (let i = 0; i < 4; i += 1) {
      const answer = await t.gql<{ validateCode: { valid: boolean; reason: string } }>(VALIDATE, { i: { code: `GUESS${i}X`, customerId: guesser, order: c.order() } }, key);
      expect(answer.data?.validateCode).toEqual({ valid: false, reason: 'CODE_NOT_FOUND' });
    }
    const blocked = await t.gql(REDEEM, { i: { code: 'GUESS9X', customerId: guesser, order: c.order() }, k: 'g-9' }, key);
    expect(errorCode(blocked)).toBe('RATE_LIMITED');
    expect(blocked.errors?.[0].extensions?.retryAfter).toBeGreaterThan(0);
    // Even a good code is refused while throttled, and nothing was redeemed.
    const { codes } = await c.activeCampaignWithCodes({}, 1);
    expect(errorCode(await t.gql(REDEEM, { i: { code: codes[0], customerId: guesser, order: c.order() }, k: 'g-10' }, key))).toBe('RATE_LIMITED');
    expect(Number((await t.sql<{ n: string }>('select count(*)::text as n from redemption where customer_id = $1', [guesser]))[0].n)).toBe(0);
    // Another customer through the same client is not affected.
    const honest = await c.customer();
    expect((await t.ok<{ redeemCode: { ok: boolean } }>(REDEEM, { i: { code: codes[0], customerId: honest, order: c.order() }, k: 'h-1' }, key)).redeemCode.ok).toBe(true);
    const raised = (await flags('FAILED_ATTEMPTS')).filter((f) => f.subjectType === 'Customer' && f.subjectId === guesser);
    expect(raised).toHaveLength(1);
    expect(raised[0].message).toContain('CODE_NOT_FOUND');
  });

  it('an API client with many failures over many customers is throttled as a whole', async () => {
    const key = await c.portalKey();
    const customers = await Promise.all(Array.from({ length: 10 }, () => c.customer()));
    for (let i = 0; i < 9; i += 1) {
      const r = await t.gql<{ redeemCode: { ok: boolean; reason: string } }>(REDEEM, { i: { code: `NOPE${i}Y`, customerId: customers[i], order: c.order() }, k: `c-${i}` }, key);
      expect(r.data?.redeemCode.reason).toBe('CODE_NOT_FOUND');
    }
    const blocked = await t.gql(VALIDATE, { i: { code: 'NOPE10Y', customerId: customers[9], order: c.order() } }, key);
    expect(errorCode(blocked)).toBe('RATE_LIMITED');
    // Other clients are not throttled.
    const other = await c.portalKey();
    expect((await t.gql(VALIDATE, { i: { code: 'NOPE10Y', customerId: customers[9], order: c.order() } }, other)).data).toBeTruthy();
    expect((await flags('FAILED_ATTEMPTS')).some((f) => f.subjectType === 'ApiClient')).toBe(true);
    const stored = await t.sql<{ key: string; points: number }>(`select key, points from redeem_failure_limit where key like 'client:%' order by points desc limit 1`);
    expect(stored[0].points).toBeGreaterThanOrEqual(9);
  });

  it('campaign-side refusals (budget, total cap, paused) are not counted as failed attempts', async () => {
    const key = await c.portalKey();
    const customer = await c.customer();
    const { campaign, codes } = await c.activeCampaignWithCodes({}, 1);
    await t.ok('mutation($id:ID!){ pauseCampaign(id:$id){ state } }', { id: campaign.id }, t.adminToken);
    for (let i = 0; i < 6; i += 1) {
      const r = await t.gql<{ validateCode: { reason: string } }>(VALIDATE, { i: { code: codes[0], customerId: customer, order: c.order() } }, key);
      expect(r.data?.validateCode.reason).toBe('CAMPAIGN_NOT_ACTIVE');
    }
  });
});

describe('anomaly flags', () => {
  it('MANY_CODES_ONE_CUSTOMER and VELOCITY are flagged once, listed, and resolved by a manager', async () => {
    const customer = await c.customer();
    const { campaign, codes } = await c.activeCampaignWithCodes({}, 4);
    const other = await c.activeCampaignWithCodes({}, 2);
    for (const code of codes) expect((await c.redeem(code, customer)).ok).toBe(true);
    for (const code of other.codes) expect((await c.redeem(code, customer)).ok).toBe(true);
    const many = (await flags('MANY_CODES_ONE_CUSTOMER')).filter((f) => f.subjectId === customer);
    expect(many).toHaveLength(1);
    expect(many[0].message).toContain(`campaign ${campaign.id}`);
    const velocity = (await flags('VELOCITY')).filter((f) => f.subjectId === customer);
    expect(velocity).toHaveLength(1);
    expect(velocity[0].message).toMatch(/redeemed \d+ codes within an hour/);
    const manager = await c.user(`mm${Math.random().toString(36).slice(2, 7)}@example.com`, ['MARKETING_MANAGER'], await c.group(`Marketing ${Math.random()}`));
    const resolved = await t.ok<{ resolveReviewFlag: { id: string; resolvedAt: string; resolvedBy: { id: string } } }>(
      'mutation($id:ID!){ resolveReviewFlag(id:$id, comment:"known reseller"){ id resolvedAt resolvedBy { id } } }', { id: velocity[0].id }, manager.token);
    expect(resolved.resolveReviewFlag.resolvedBy.id).toBe(manager.id);
    const closed = await t.ok<{ reviewFlags: { id: string }[] }>('{ reviewFlags(open: false) { id } }', {}, t.adminToken);
    expect(closed.reviewFlags.map((f) => f.id)).toContain(velocity[0].id);
    const audit = await t.sql<{ action: string }>(`select action from audit_entry where entity_type = 'ReviewFlag' and entity_id = $1`, [velocity[0].id]);
    expect(audit.map((a) => a.action)).toEqual(['resolve']);
  });

  it('an agent may not list or resolve flags', async () => {
    const agent = await c.user(`agent${Math.random().toString(36).slice(2, 7)}@example.com`, ['AGENT'], await c.group(`Care ${Math.random()}`));
    expect(errorCode(await t.gql('{ reviewFlags { id } }', {}, agent.token))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql('mutation{ resolveReviewFlag(id:"1"){ id } }', {}, agent.token))).toBe('FORBIDDEN');
  });
});

describe('blacklist', () => {
  it('a blacklisted customer is refused with CUSTOMER_BLACKLISTED and nothing is consumed; un-blacklisted, they redeem', async () => {
    const customer = await c.customer();
    const { campaign, codes } = await c.activeCampaignWithCodes({ budget: { period: 'MONTH', amount: '100.00' } }, 1);
    await t.ok('mutation($c:ID!){ setCustomerBlacklisted(customerId:$c, blacklisted: true, reason: "chargebacks"){ id } }', { c: customer }, t.adminToken);
    expect(await c.redeem(codes[0], customer, c.order(), 'bl-1')).toMatchObject({ ok: false, reason: 'CUSTOMER_BLACKLISTED' });
    const spent = await t.sql<{ s: string | null }>('select sum(spent)::text as s from campaign_budget_slot where campaign_id = $1', [campaign.id]);
    expect(spent[0].s).toBeNull();
    await t.ok('mutation($c:ID!){ setCustomerBlacklisted(customerId:$c, blacklisted: false){ id } }', { c: customer }, t.adminToken);
    expect((await c.redeem(codes[0], customer, c.order(), 'bl-2')).ok).toBe(true);
  });
});
