import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, startTestApp, type TestApp } from './harness.js';
import { voucherWorld } from './vouchers-fixtures.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof voucherWorld>>;

beforeAll(async () => {
  t = await startTestApp();
  w = await voucherWorld(t);
});
afterAll(() => t?.stop());

interface Approval {
  id: string;
  subject: string;
  subjectId: string;
  state: string;
  payload: Record<string, unknown> | null;
  requestedBy: { id: string };
}

function request(campaignId: string, customerId: string, token = w.agent.token, reason = 'lost voucher at the fair') {
  return t.gql<{ requestOnePerCustomerException: Approval }>(
    'mutation($c:ID!,$u:ID!,$r:String){ requestOnePerCustomerException(campaignId:$c, customerId:$u, reason:$r){ id subject subjectId state payload requestedBy { id } } }',
    { c: campaignId, u: customerId, r: reason },
    token,
  );
}
function decide(id: string, approve: boolean, token = w.finance.token) {
  return t.gql<{ decideApproval: { id: string; state: string } }>('mutation($id:ID!,$a:Boolean!){ decideApproval(id:$id, approve:$a, comment:"ok"){ id state } }', { id, a: approve }, token);
}

describe('one-per-person exceptions', () => {
  it('a second voucher only through an approved ONE_PER_CUSTOMER_EXCEPTION, and exactly one more', async () => {
    const { campaign } = await w.voucherCampaign({}, 5);
    const customer = await w.customer();
    await w.issued(campaign.id, customer, 'EVENT');
    const asked = await request(campaign.id, customer);
    expect(asked.errors).toBeUndefined();
    const approval = asked.data!.requestOnePerCustomerException;
    expect(approval).toMatchObject({ subject: 'ONE_PER_CUSTOMER_EXCEPTION', subjectId: campaign.id, state: 'PENDING', requestedBy: { id: w.agent.id }, payload: { customerId: customer, reason: 'lost voucher at the fair' } });
    expect(errorCode(await request(campaign.id, customer))).toBe('CONFLICT');
    // Pending is not approved.
    expect(errorCode(await w.issue(campaign.id, customer, 'EVENT'))).toBe('BAD_USER_INPUT');
    // Never by the requester, and only by finance.
    expect(errorCode(await decide(approval.id, true, w.agent.token))).toBe('FORBIDDEN');
    expect(errorCode(await decide(approval.id, true, w.merchantA.token))).not.toBeUndefined();
    expect((await decide(approval.id, true)).data!.decideApproval.state).toBe('APPROVED');
    const second = await w.issue(campaign.id, customer, 'STORE');
    expect(second.errors).toBeUndefined();
    const third = await w.issue(campaign.id, customer, 'STORE');
    expect(errorCode(third)).toBe('BAD_USER_INPUT');
    expect(third.errors![0].extensions!.reason).toBe('ONE_PER_CUSTOMER');
    const rows = await t.sql<{ grant_key: string; channel: string }>('select grant_key, channel from voucher_issuance where campaign_id = $1 and customer_id = $2 order by id', [campaign.id, customer]);
    expect(rows).toEqual([{ grant_key: 'FIRST', channel: 'EVENT' }, { grant_key: `EXCEPTION:${approval.id}`, channel: 'STORE' }]);
    // Deciding twice is a conflict; the grant stays one.
    expect(errorCode(await decide(approval.id, true))).toBe('CONFLICT');
  });

  it('a rejected exception gives nothing', async () => {
    const { campaign } = await w.voucherCampaign({}, 3);
    const customer = await w.customer();
    await w.issued(campaign.id, customer);
    const approval = (await request(campaign.id, customer)).data!.requestOnePerCustomerException;
    expect((await decide(approval.id, false)).data!.decideApproval.state).toBe('REJECTED');
    expect(errorCode(await w.issue(campaign.id, customer))).toBe('BAD_USER_INPUT');
  });

  it('one approved exception and two concurrent issuances: exactly one more voucher', async () => {
    const { campaign } = await w.voucherCampaign({}, 10);
    const customer = await w.customer();
    await w.issued(campaign.id, customer);
    const approval = (await request(campaign.id, customer)).data!.requestOnePerCustomerException;
    await decide(approval.id, true);
    const results = await Promise.all([w.issue(campaign.id, customer, 'APP'), w.issue(campaign.id, customer, 'APP'), w.issue(campaign.id, customer, 'APP')]);
    expect(results.filter((r) => !r.errors).length).toBe(1);
    const held = await t.sql<{ n: string }>('select count(*)::text as n from code where campaign_id = $1 and customer_id = $2', [campaign.id, customer]);
    expect(held[0].n).toBe('2');
  });

  it('refuses blacklisted customers, unknown customers and campaigns that are not one per person', async () => {
    const { campaign } = await w.voucherCampaign({}, 1);
    const customer = await w.customer();
    await t.ok('mutation($c:ID!){ setCustomerBlacklisted(customerId:$c, blacklisted:true, reason:"forgery"){ id } }', { c: customer }, t.adminToken);
    const blacklisted = await request(campaign.id, customer);
    expect(errorCode(blacklisted)).toBe('BAD_USER_INPUT');
    expect(blacklisted.errors![0].extensions!.reason).toBe('CUSTOMER_BLACKLISTED');
    expect(blacklisted.errors![0].extensions!.field).toBe('customerId');
    expect(errorCode(await request(campaign.id, '999999'))).toBe('BAD_USER_INPUT');
    const promo = await w.campaign();
    expect(errorCode(await request(promo.id, await w.customer()))).toBe('BAD_USER_INPUT');
    expect(errorCode(await request(campaign.id, await w.customer(), w.merchantA.token))).toBe('FORBIDDEN');
  });

  it('a one-per-customer promo code campaign honours an approved exception too', async () => {
    const { campaign } = await w.activeCampaignWithCodes({ onePerCustomer: true }, 3);
    const customer = await w.customer();
    await w.issued(campaign.id, customer);
    expect(errorCode(await w.issue(campaign.id, customer))).toBe('BAD_USER_INPUT');
    const approval = (await request(campaign.id, customer)).data!.requestOnePerCustomerException;
    await decide(approval.id, true);
    expect((await w.issue(campaign.id, customer)).errors).toBeUndefined();
    expect(errorCode(await w.issue(campaign.id, customer))).toBe('BAD_USER_INPUT');
  });
});
