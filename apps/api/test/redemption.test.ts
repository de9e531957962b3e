// validateCode / redeemCode / rollbackRedemption through the public API: every reason code with its
// explanation, idempotency by key, limits and budget held in the database under parallel requests,
// test redemptions and rollbacks that give back every counter once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows } from './fixtures.js';
import { errorCode, startTestApp, type TestApp } from './harness.js';
import { campaignFixtures, DAY } from './campaigns-fixtures.js';

let t: TestApp;
let c: ReturnType<typeof campaignFixtures>;

beforeAll(async () => {
  t = await startTestApp();
  c = campaignFixtures(t);
});
afterAll(async () => t?.stop());

async function counters(campaignId: string) {
  const [row] = await t.sql<{ codes: string; customers: string; total: string | null; spent: string | null; redemptions: string }>(
    `select (select coalesce(sum(redemptions_count), 0)::text from code where campaign_id = $1) as codes,
            (select coalesce(sum(redemptions), 0)::text from customer_campaign_usage where campaign_id = $1) as customers,
            (select redemptions::text from campaign_usage where campaign_id = $1) as total,
            (select sum(spent)::text from campaign_budget_slot where campaign_id = $1) as spent,
            (select count(*)::text from redemption where campaign_id = $1 and state = 'SUCCEEDED' and not test) as redemptions`,
    [campaignId],
  );
  return row;
}

describe('validateCode', () => {
  it('answers the discount and consumes nothing', async () => {
    const { campaign, codes } = await c.activeCampaignWithCodes({ discountKind: 'PERCENTAGE', amount: undefined, percentage: '15', maxDiscount: '20.00', budget: { period: 'MONTH', amount: '500.00' } });
    const customer = await c.customer();
    const before = await countRows(t, 'redemption');
    const check = await c.validate(codes[0], customer, c.order('100.00'));
    expect(check).toEqual({ valid: true, reason: null, explanation: expect.stringContaining('15.00 EUR'), discount: '15.00' });
    const capped = await c.validate(codes[0], customer, c.order('1000.00'));
    expect(capped.discount).toBe('20.00');
    expect(await countRows(t, 'redemption')).toBe(before);
    expect(await counters(campaign.id)).toMatchObject({ codes: '0', customers: '0', spent: null });
  });

  it('answers CODE_NOT_FOUND for an unknown code, and BAD_USER_INPUT for an unknown customer', async () => {
    const customer = await c.customer();
    expect(await c.validate('NOPE-NOPE-1', customer)).toMatchObject({ valid: false, reason: 'CODE_NOT_FOUND', explanation: expect.stringContaining('NOPENOPE1') });
    const { codes } = await c.activeCampaignWithCodes();
    const bad = await t.gql('query($i:RedemptionInput!){ validateCode(input:$i){ valid } }', { i: { code: codes[0], customerId: '999999', order: c.order() } }, t.adminToken);
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0].extensions?.field).toBe('input.customerId');
    const amount = await t.gql('query($i:RedemptionInput!){ validateCode(input:$i){ valid } }', { i: { code: codes[0], customerId: customer, order: c.order('-1') } }, t.adminToken);
    expect(amount.errors?.[0].extensions?.field).toBe('input.order.amount');
  });
});

describe('every rejection reason, with its explanation', () => {
  it('NOT_STARTED, EXPIRED and CAMPAIGN_NOT_ACTIVE', async () => {
    const customer = await c.customer();
    const future = await c.activeCampaignWithCodes({ startsAt: new Date(Date.now() + DAY).toISOString() });
    expect(await c.redeem(future.codes[0], customer)).toMatchObject({ ok: false, reason: 'NOT_STARTED', explanation: expect.stringMatching(/starts at .*Z; it is now/) });
    const draft = await c.campaign();
    await t.ok('mutation($c:ID!,$l:[String!]!){ importCodes(campaignId:$c, codes:$l) }', { c: draft.id, l: ['DRAFTCODE1'] }, t.adminToken);
    expect(await c.redeem('DRAFTCODE1', customer)).toMatchObject({ ok: false, reason: 'CAMPAIGN_NOT_ACTIVE', explanation: 'The campaign is DRAFT, not ACTIVE' });
    const expiresAt = Date.now() + 5000;
    const soon = await c.activeCampaignWithCodes({ startsAt: new Date(Date.now() - 2 * DAY).toISOString(), expiresAt: new Date(expiresAt).toISOString() });
    // Just before the expiry instant the code is valid; at and after it, EXPIRED (compared in UTC).
    if (Date.now() < expiresAt - 1000) expect((await c.validate(soon.codes[0], customer)).valid).toBe(true);
    await new Promise((r) => setTimeout(r, Math.max(0, expiresAt - Date.now() + 100)));
    expect(await c.redeem(soon.codes[0], customer)).toMatchObject({ ok: false, reason: 'EXPIRED', explanation: expect.stringMatching(/expired at .*; it is now/) });
  });

  it('CODE_DISABLED, CODE_LIMIT_REACHED, CUSTOMER_LIMIT_REACHED, CAMPAIGN_LIMIT_REACHED', async () => {
    const a = await c.customer();
    const b = await c.customer();
    const { codes } = await c.activeCampaignWithCodes({ maxRedemptionsPerCode: 1, maxRedemptionsPerCustomer: 2, maxRedemptions: 3 }, 5);
    await t.ok('mutation($c:String!){ disableCode(code:$c){ state } }', { c: codes[4] }, t.adminToken);
    expect(await c.redeem(codes[4], a)).toMatchObject({ ok: false, reason: 'CODE_DISABLED', explanation: `Code ${codes[4]} is disabled` });
    expect((await c.redeem(codes[0], a)).ok).toBe(true);
    expect(await c.redeem(codes[0], b)).toMatchObject({ ok: false, reason: 'CODE_LIMIT_REACHED', explanation: `Code ${codes[0]} has been redeemed 1 times of 1 allowed` });
    expect((await c.redeem(codes[1], a)).ok).toBe(true);
    expect(await c.redeem(codes[2], a)).toMatchObject({ ok: false, reason: 'CUSTOMER_LIMIT_REACHED', explanation: 'The customer has redeemed this campaign 2 times; the limit is 2' });
    expect((await c.redeem(codes[2], b)).ok).toBe(true);
    expect(await c.redeem(codes[3], b)).toMatchObject({ ok: false, reason: 'CAMPAIGN_LIMIT_REACHED', explanation: 'The campaign has been redeemed 3 times; the limit is 3' });
  });

  it('BUDGET_EXHAUSTED to the cent, then the campaign pauses itself', async () => {
    const customer = await c.customer();
    const { campaign, codes } = await c.activeCampaignWithCodes({ discountKind: 'PERCENTAGE', amount: undefined, percentage: '10', budget: { period: 'TOTAL', amount: '25.00' } }, 4);
    expect(await c.redeem(codes[0], customer, c.order('200.00'))).toMatchObject({ ok: true, redemption: { discount: '20.00' } });
    // 5.00 left: a discount of 5.01 is refused, one of exactly 5.00 fits.
    expect(await c.redeem(codes[1], customer, c.order('50.10'))).toMatchObject({ ok: false, reason: 'BUDGET_EXHAUSTED', explanation: 'The campaign budget has 5.00 EUR left this period; this discount is 5.01 EUR' });
    expect(await c.redeem(codes[1], customer, c.order('50.00'))).toMatchObject({ ok: true, redemption: { discount: '5.00' } });
    expect((await counters(campaign.id)).spent).toBe('25.0000');
    const paused = await c.getCampaign(campaign.id);
    expect(paused).toMatchObject({ state: 'PAUSED', pausedReason: 'BUDGET_EXHAUSTED', budget: { spent: '25.00', remaining: '0.00' } });
    expect(await c.redeem(codes[2], customer, c.order('10.00'))).toMatchObject({ ok: false, reason: 'CAMPAIGN_NOT_ACTIVE' });
  });

  it('NOT_ELIGIBLE (segments, currency), MIN_SPEND_NOT_MET, PRODUCT_NOT_APPLICABLE, UNIT_NOT_ALLOWED', async () => {
    const member = await c.customer();
    const outsider = await c.customer();
    const segment = await c.segment(`Fans ${Math.random()}`, [member]);
    const type = await c.productType(`Type ${Math.random()}`);
    const other = await c.productType(`Other ${Math.random()}`);
    const product = await c.product(`P${Math.random().toString(36).slice(2, 8)}`, type);
    const otherProduct = await c.product(`Q${Math.random().toString(36).slice(2, 8)}`, other);
    const group = await c.group(`Stores ${Math.random()}`);
    const unit = await c.unit(`Store ${Math.random()}`, group);
    const elsewhere = await c.unit(`Elsewhere ${Math.random()}`, group);
    const { codes } = await c.activeCampaignWithCodes({ includedSegmentIds: [segment], minSpend: '30.00', productTypeIds: [type], allowedUnitIds: [unit] }, 1);
    const line = (productId: string, unitPrice = '50.00') => ({ productId, quantity: 1, unitPrice });
    const order = (extra: Record<string, unknown> = {}) => c.order('50.00', { unitId: unit, lines: [line(product)], ...extra });
    expect(await c.validate(codes[0], member, order())).toMatchObject({ valid: true, discount: '10.00' });
    expect(await c.validate(codes[0], outsider, order())).toMatchObject({ valid: false, reason: 'NOT_ELIGIBLE', explanation: 'The customer is in none of the segments the campaign targets' });
    expect(await c.validate(codes[0], member, order({ currency: 'USD' }))).toMatchObject({ valid: false, reason: 'NOT_ELIGIBLE', explanation: 'The campaign is in EUR; this order is in USD' });
    expect(await c.validate(codes[0], member, order({ amount: '29.99' }))).toMatchObject({ valid: false, reason: 'MIN_SPEND_NOT_MET', explanation: 'Minimum spend is 30.00 EUR; this order is 29.99 EUR' });
    expect(await c.validate(codes[0], member, order({ lines: [line(otherProduct)] }))).toMatchObject({ valid: false, reason: 'PRODUCT_NOT_APPLICABLE', explanation: `No line of the order is a product the campaign applies to (product types ${type}); the order has products ${otherProduct}` });
    expect(await c.validate(codes[0], member, order({ unitId: elsewhere }))).toMatchObject({ valid: false, reason: 'UNIT_NOT_ALLOWED', explanation: expect.stringContaining(`unit ${elsewhere}`) });
  });

  it('NOT_STACKABLE, CUSTOMER_BLACKLISTED, NOT_ASSIGNED_TO_CUSTOMER', async () => {
    const customer = await c.customer();
    const exclusive = await c.activeCampaignWithCodes({}, 1);
    const stackA = await c.activeCampaignWithCodes({ stacking: 'STACKABLE', stackingGroup: 'g1', maxCodesPerOrder: 2 }, 3);
    expect(await c.validate(stackA.codes[0], customer, c.order('100.00', { otherCodes: [exclusive.codes[0]] }))).toMatchObject({ valid: false, reason: 'NOT_STACKABLE', explanation: `The order already has the exclusive code ${exclusive.codes[0]}` });
    expect(await c.validate(stackA.codes[0], customer, c.order('100.00', { otherCodes: [stackA.codes[1]] }))).toMatchObject({ valid: true });
    expect(await c.validate(stackA.codes[0], customer, c.order('100.00', { otherCodes: [stackA.codes[1], stackA.codes[2]] }))).toMatchObject({ valid: false, reason: 'NOT_STACKABLE', explanation: 'At most 2 codes of group g1 per order; the order already has 2' });
    expect(await c.validate(exclusive.codes[0], customer, c.order('100.00', { otherCodes: [stackA.codes[1]] }))).toMatchObject({ valid: false, reason: 'NOT_STACKABLE' });

    const holder = await c.customer();
    const issuing = await c.activeCampaignWithCodes({}, 0);
    const issued = await t.ok<{ issueCode: { code: string } }>('mutation($c:ID!,$u:ID!){ issueCode(campaignId:$c, customerId:$u, channel: EMAIL){ code } }', { c: issuing.campaign.id, u: holder }, t.adminToken);
    expect(await c.redeem(issued.issueCode.code, customer)).toMatchObject({ ok: false, reason: 'NOT_ASSIGNED_TO_CUSTOMER', explanation: `Code ${issued.issueCode.code} is assigned to another customer` });
    expect((await c.redeem(issued.issueCode.code, holder)).ok).toBe(true);

    const rogue = await c.customer();
    await t.ok('mutation($c:ID!){ setCustomerBlacklisted(customerId:$c, blacklisted: true, reason: "fraud"){ id } }', { c: rogue }, t.adminToken);
    expect(await c.redeem(exclusive.codes[0], rogue)).toMatchObject({ ok: false, reason: 'CUSTOMER_BLACKLISTED', explanation: expect.stringContaining('blacklisted') });
  });
});

describe('redeemCode idempotency', () => {
  it('the same key gets the same answer and never a second redemption; another request with the key is CONFLICT', async () => {
    const customer = await c.customer();
    const { campaign, codes } = await c.activeCampaignWithCodes({ maxRedemptionsPerCode: 10 }, 2);
    const first = await c.redeem(codes[0], customer, c.order(), 'order-1');
    const again = await c.redeem(codes[0], customer, c.order(), 'order-1');
    expect(again).toEqual(first);
    expect((await counters(campaign.id)).redemptions).toBe('1');
    const other = await t.gql('mutation($i:RedemptionInput!,$k:String!){ redeemCode(input:$i, idempotencyKey:$k){ ok } }', { i: { code: codes[1], customerId: customer, order: c.order() }, k: 'order-1' }, t.adminToken);
    expect(errorCode(other)).toBe('CONFLICT');
    expect(other.errors?.[0].extensions?.field).toBe('idempotencyKey');
    // A refusal is an answer too: replayed as is.
    const refusedKey = 'order-2';
    const refused = await c.redeem(codes[1], customer, c.order('100.00', { currency: 'USD' }), refusedKey);
    expect(await c.redeem(codes[1], customer, c.order('100.00', { currency: 'USD' }), refusedKey)).toEqual(refused);
  });

  it('parallel retries with one key redeem once', async () => {
    const customer = await c.customer();
    const { campaign, codes } = await c.activeCampaignWithCodes({ budget: { period: 'MONTH', amount: '1000.00' } }, 1);
    const answers = await Promise.all(Array.from({ length: 24 }, () => c.redeem(codes[0], customer, c.order(), 'retry-key')));
    const ids = new Set(answers.map((a) => a.redemption?.id));
    expect(answers.every((a) => a.ok)).toBe(true);
    expect(ids.size).toBe(1);
    expect(await counters(campaign.id)).toMatchObject({ redemptions: '1', codes: '1', customers: '1', spent: '10.0000' });
  });
});

describe('limits and budget under parallel requests', () => {
  it('a code with a cap of N is redeemed exactly N times', async () => {
    const { campaign, codes } = await c.activeCampaignWithCodes({ maxRedemptionsPerCode: 7 }, 1);
    const customers = await Promise.all(Array.from({ length: 30 }, () => c.customer()));
    const answers = await Promise.all(customers.map((u) => c.redeem(codes[0], u)));
    expect(answers.filter((a) => a.ok)).toHaveLength(7);
    expect(new Set(answers.filter((a) => !a.ok).map((a) => a.reason))).toEqual(new Set(['CODE_LIMIT_REACHED']));
    expect(await counters(campaign.id)).toMatchObject({ codes: '7', redemptions: '7', customers: '7' });
  });

  it('a per-customer and a total cap hold exactly', async () => {
    const { campaign, codes } = await c.activeCampaignWithCodes({ maxRedemptionsPerCustomer: 2, maxRedemptions: 9 }, 40);
    const customers = await Promise.all(Array.from({ length: 6 }, () => c.customer()));
    const answers = await Promise.all(codes.map((code, i) => c.redeem(code, customers[i % customers.length])));
    expect(answers.filter((a) => a.ok)).toHaveLength(9);
    const perCustomer = await t.sql<{ n: string }>(`select count(*)::text as n from redemption where campaign_id = $1 group by customer_id`, [campaign.id]);
    expect(Math.max(...perCustomer.map((r) => Number(r.n)))).toBeLessThanOrEqual(2);
    expect(await counters(campaign.id)).toMatchObject({ total: '9', redemptions: '9', codes: '9', customers: '9' });
  });

  it('the budget is never exceeded by a cent, and what remains is used (slots rebalance)', async () => {
    const { campaign, codes } = await c.activeCampaignWithCodes({ amount: '7.00', budget: { period: 'MONTH', amount: '100.00' } }, 40);
    const customer = await c.customer();
    const answers = await Promise.all(codes.map((code) => c.redeem(code, customer)));
    expect(answers.filter((a) => a.ok)).toHaveLength(14);
    expect(answers.filter((a) => !a.ok).every((a) => a.reason === 'BUDGET_EXHAUSTED' || a.reason === 'CAMPAIGN_NOT_ACTIVE')).toBe(true);
    const slots = await t.sql<{ allowance: string; spent: string }>('select sum(allowance)::text as allowance, sum(spent)::text as spent from campaign_budget_slot where campaign_id = $1', [campaign.id]);
    expect(slots[0]).toEqual({ allowance: '100.0000', spent: '98.0000' });
    const sum = await t.sql<{ s: string }>(`select sum(discount)::text as s from redemption where campaign_id = $1 and state = 'SUCCEEDED'`, [campaign.id]);
    expect(sum[0].s).toBe('98.0000');
  });
});

describe('test redemptions', () => {
  it('run on a DRAFT campaign, are marked as tests and never touch limits or budget', async () => {
    const customer = await c.customer();
    const draft = await c.campaign({ maxRedemptionsPerCode: 1, budget: { period: 'TOTAL', amount: '10.00' } });
    const code = `TST${Math.random().toString(36).slice(2, 10).toUpperCase()}`;
    await t.ok('mutation($c:ID!,$l:[String!]!){ importCodes(campaignId:$c, codes:$l) }', { c: draft.id, l: [code] }, t.adminToken);
    for (let i = 0; i < 3; i += 1) {
      const answer = await c.redeem(code, customer, c.order(), `test-${i}`, t.adminToken, true);
      expect(answer).toMatchObject({ ok: true, redemption: { test: true, discount: '10.00' } });
    }
    expect(await counters(draft.id)).toMatchObject({ codes: '0', customers: '0', total: null, spent: null, redemptions: '0' });
    expect(await c.redeem(code, customer, c.order(), 'real-1')).toMatchObject({ ok: false, reason: 'CAMPAIGN_NOT_ACTIVE' });
  });
});

describe('who may redeem', () => {
  it('a marketing manager validates and runs test redemptions, but never a real one; an agent does neither', async () => {
    const customer = await c.customer();
    // The manager belongs to the group that owns the campaign (else it does not exist for them).
    const group = await c.adminGroup();
    const manager = await c.user(`mm${Math.random().toString(36).slice(2, 7)}@example.com`, ['MARKETING_MANAGER'], group);
    const agent = await c.user(`ag${Math.random().toString(36).slice(2, 7)}@example.com`, ['AGENT'], group);
    const { codes } = await c.activeCampaignWithCodes({}, 1);
    expect((await c.validate(codes[0], customer, c.order(), manager.token)).valid).toBe(true);
    const test = await c.redeem(codes[0], customer, c.order(), 'mm-test', manager.token, true);
    expect(test).toMatchObject({ ok: true, redemption: { test: true } });
    expect((await c.rollback(test.redemption!.id, 'done', manager.token)).data?.rollbackRedemption.state).toBe('ROLLED_BACK');
    const real = await t.gql('mutation($i:RedemptionInput!,$k:String!){ redeemCode(input:$i, idempotencyKey:$k){ ok } }', { i: { code: codes[0], customerId: customer, order: c.order() }, k: 'mm-real' }, manager.token);
    expect(errorCode(real)).toBe('FORBIDDEN');
    const realOne = await c.redeem(codes[0], customer);
    expect(errorCode(await c.rollback(realOne.redemption!.id, 'no', manager.token))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql('query($i:RedemptionInput!){ validateCode(input:$i){ valid } }', { i: { code: codes[0], customerId: customer, order: c.order() } }, agent.token))).toBe('FORBIDDEN');
  });
});

describe('rollbackRedemption', () => {
  it('restores the code, customer, total and budget counters, exactly once', async () => {
    const customer = await c.customer();
    const { campaign, codes } = await c.activeCampaignWithCodes({ maxRedemptionsPerCode: 1, maxRedemptionsPerCustomer: 1, maxRedemptions: 5, budget: { period: 'MONTH', amount: '100.00' } }, 1);
    const redeemed = await c.redeem(codes[0], customer);
    expect(await counters(campaign.id)).toMatchObject({ codes: '1', customers: '1', total: '1', spent: '10.0000' });
    const rolled = await c.rollback(redeemed.redemption!.id, 'refund');
    expect(rolled.data?.rollbackRedemption).toMatchObject({ state: 'ROLLED_BACK', rollbackReason: 'refund' });
    expect(await counters(campaign.id)).toMatchObject({ codes: '0', customers: '0', total: '0', spent: '0.0000', redemptions: '0' });
    const twice = await c.rollback(redeemed.redemption!.id);
    expect(errorCode(twice)).toBe('CONFLICT');
    expect(await counters(campaign.id)).toMatchObject({ codes: '0', customers: '0', total: '0', spent: '0.0000' });
    // The code can be redeemed again, and the redemption reads back through redemption(id).
    expect((await c.redeem(codes[0], customer)).ok).toBe(true);
    const read = await t.ok<{ redemption: { state: string; code: { code: string }; campaign: { id: string }; customer: { id: string } } }>(
      'query($id:ID!){ redemption(id:$id){ state code { code } campaign { id } customer { id } } }', { id: redeemed.redemption!.id }, t.adminToken);
    expect(read.redemption).toEqual({ state: 'ROLLED_BACK', code: { code: codes[0] }, campaign: { id: campaign.id }, customer: { id: customer } });
    const audit = await t.sql<{ action: string }>(`select action from audit_entry where entity_type = 'Redemption' and entity_id = $1 order by id`, [redeemed.redemption!.id]);
    expect(audit.map((a) => a.action)).toEqual(['redeem', 'rollback']);
  });

  it('parallel rollbacks of one redemption give back once; a rollback racing a redemption keeps the counters exact', async () => {
    const customers = await Promise.all(Array.from({ length: 10 }, () => c.customer()));
    const { campaign, codes } = await c.activeCampaignWithCodes({ maxRedemptionsPerCode: 1, budget: { period: 'TOTAL', amount: '50.00' } }, 1);
    const first = await c.redeem(codes[0], customers[0]);
    const results = await Promise.all([
      ...Array.from({ length: 5 }, () => c.rollback(first.redemption!.id)),
      ...customers.slice(1).map((u) => c.redeem(codes[0], u)),
    ]);
    const rollbacks = results.slice(0, 5) as Awaited<ReturnType<typeof c.rollback>>[];
    expect(rollbacks.filter((r) => !r.errors).length).toBe(1);
    const redeemed = (results.slice(5) as Awaited<ReturnType<typeof c.redeem>>[]).filter((r) => r.ok).length;
    expect(redeemed).toBeLessThanOrEqual(1);
    const count = await counters(campaign.id);
    expect(count.codes).toBe(String(redeemed));
    expect(count.redemptions).toBe(String(redeemed));
    expect(count.spent).toBe(`${redeemed * 10}.0000`);
  });

  it('a list of redemptions filters by campaign and state', async () => {
    const customer = await c.customer();
    const { campaign, codes } = await c.activeCampaignWithCodes({}, 2);
    const a = await c.redeem(codes[0], customer);
    await c.redeem(codes[1], customer);
    await c.rollback(a.redemption!.id);
    const list = await t.ok<{ redemptions: { totalCount: number; nodes: { id: string; state: string }[] } }>(
      'query($f:RedemptionFilter){ redemptions(filter:$f){ totalCount nodes { id state } } }', { f: { campaignId: campaign.id, state: 'ROLLED_BACK' } }, t.adminToken);
    expect(list.redemptions).toEqual({ totalCount: 1, nodes: [{ id: a.redemption!.id, state: 'ROLLED_BACK' }] });
  });
});

describe('audit of redemptions', () => {
  it('every redemption writes its "redeem" entry in its own transaction, at its own time; the chainer links it and the chain verifies', async () => {
    const customer = await c.customer();
    const { codes } = await c.activeCampaignWithCodes({}, 3);
    const ids = [];
    for (const code of codes) ids.push((await c.redeem(code, customer)).redemption!.id);
    // The entry exists as soon as the redemption does (pending or already chained), stamped with the redemption's time.
    const entries = await t.sql<{ entity_id: string; action: string; after: { code: string }; at: Date; created_at: Date }>(
      `select e.entity_id, e.action, e.after, e.at, r.created_at from audit_entry e join redemption r on r.id::text = e.entity_id
        where e.entity_type = 'Redemption' and e.entity_id = any($1::text[]) order by e.id`, [ids]);
    expect(entries.map((e) => [e.entity_id, e.action, e.after.code])).toEqual(ids.map((id, i) => [id, 'redeem', codes[i]]));
    for (const e of entries) expect(Math.abs(e.at.getTime() - e.created_at.getTime())).toBeLessThan(1);
    const verified = await t.ok<{ verifyAuditLog: { ok: boolean; pending: number } }>('{ verifyAuditLog { ok pending } }', {}, t.adminToken);
    expect(verified.verifyAuditLog.ok).toBe(true);
    const chained = await t.sql<{ at: Date; hash: string | null }>(`select at, hash from audit_entry where entity_type = 'Redemption' and entity_id = any($1::text[]) order by id`, [ids]);
    expect(chained.map((e) => e.at.getTime())).toEqual(entries.map((e) => e.at.getTime()));
    expect(chained.every((e) => e.hash !== null)).toBe(true);
  });

  it('an auditor reading the trail right after a redemption already sees its entry (pending entries are chained first)', async () => {
    const customer = await c.customer();
    const { codes } = await c.activeCampaignWithCodes({}, 1);
    const id = (await c.redeem(codes[0], customer)).redemption!.id;
    const log = await t.ok<{ auditLog: { nodes: { action: string; entityId: string; actor: { id: string } | null }[] } }>(
      'query($id:ID!){ auditLog(entityType:"Redemption", entityId:$id){ nodes { action entityId actor { id } } } }', { id }, t.adminToken);
    expect(log.auditLog.nodes).toHaveLength(1);
    expect(log.auditLog.nodes[0]).toMatchObject({ action: 'redeem', entityId: id });
    expect((await t.ok<{ verifyAuditLog: { ok: boolean } }>('{ verifyAuditLog { ok } }', {}, t.adminToken)).verifyAuditLog.ok).toBe(true);
  });
});
