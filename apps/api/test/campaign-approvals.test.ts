// Campaign changes under finance approval (SPEC §5, §7): requestCampaignExtension and
// requestBudgetIncrease open a request that only a FINANCE_MANAGER (never the requester, never
// marketing) decides; approving moves the expiry / grows the budget in the same transaction, a
// rejection changes nothing, and bad or duplicate requests are refused without writing anything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows } from './fixtures.js';
import { errorCode, startTestApp, type TestApp } from './harness.js';
import { campaignFixtures, DAY } from './campaigns-fixtures.js';

let t: TestApp;
let c: ReturnType<typeof campaignFixtures>;
let marketing: { id: string; token: string };
let marketing2: { id: string; token: string };
let finance: { id: string; token: string };

beforeAll(async () => {
  t = await startTestApp();
  c = campaignFixtures(t);
  const marketingGroup = await c.group('Marketing');
  const financeGroup = await c.group('Finance');
  // Finance decides about Marketing's campaigns, so Marketing lists it as collaborating (SPEC §1: else they do not exist for it).
  await c.collaborate(marketingGroup, [financeGroup]);
  // …and so does the super user's group, which owns the campaigns created without a token.
  await c.seeAdminGroup(financeGroup);
  marketing = await c.user('marketing@example.com', ['MARKETING_MANAGER'], marketingGroup);
  marketing2 = await c.user('marketing2@example.com', ['MARKETING_MANAGER'], marketingGroup);
  finance = await c.user('finance@example.com', ['FINANCE_MANAGER'], financeGroup);
});
afterAll(async () => t?.stop());

interface Request {
  id: string;
  subject: string;
  subjectId: string;
  state: string;
  payload: Record<string, unknown> | null;
  requestedBy: { id: string };
  decidedBy: { id: string } | null;
  comment: string | null;
}

const REQUEST = 'id subject subjectId state payload requestedBy { id } decidedBy { id } comment';

const extend = (campaignId: string, newExpiresAt: string, token: string, reason: string | null = 'target not met') =>
  t.gql<{ requestCampaignExtension: Request }>(`mutation($c:ID!,$e:DateTimeISO!,$r:String){ requestCampaignExtension(campaignId:$c, newExpiresAt:$e, reason:$r){ ${REQUEST} } }`, { c: campaignId, e: newExpiresAt, r: reason }, token);

const increase = (campaignId: string, newAmount: string, token: string) =>
  t.gql<{ requestBudgetIncrease: Request }>(`mutation($c:ID!,$a:Decimal!){ requestBudgetIncrease(campaignId:$c, newAmount:$a, reason:"viral"){ ${REQUEST} } }`, { c: campaignId, a: newAmount }, token);

const decide = (id: string, approve: boolean, token: string, comment = 'ok') =>
  t.gql<{ decideApproval: Request }>(`mutation($id:ID!,$a:Boolean!,$c:String){ decideApproval(id:$id, approve:$a, comment:$c){ ${REQUEST} } }`, { id, a: approve, c: comment }, token);

async function campaignExpiry(id: string): Promise<{ expiresAt: string; expiresAtLocal: string }> {
  return (await t.ok<{ campaign: { expiresAt: string; expiresAtLocal: string } }>('query($id:ID!){ campaign(id:$id){ expiresAt expiresAtLocal } }', { id }, t.adminToken)).campaign;
}

describe('requestCampaignExtension', () => {
  it('opens a pending request that finance approves: the expiry moves, shown in the campaign time zone, audited', async () => {
    const expiresAt = new Date(Date.UTC(2027, 0, 31, 22, 0, 0)); // 1 February 00:00 in Athens
    const campaign = await c.campaign({ timezone: 'Europe/Athens', expiresAt: expiresAt.toISOString() }, marketing.token);
    await c.activate(campaign.id, marketing.token);
    const newExpiry = '2027-02-28T22:00:00.000Z'; // 1 March 00:00 in Athens
    const opened = await extend(campaign.id, newExpiry, marketing.token);
    expect(opened.errors).toBeUndefined();
    const request = opened.data!.requestCampaignExtension;
    expect(request).toMatchObject({
      subject: 'CAMPAIGN_EXTENSION',
      subjectId: campaign.id,
      state: 'PENDING',
      requestedBy: { id: marketing.id },
      decidedBy: null,
      payload: {
        newExpiresAt: newExpiry,
        newExpiresAtLocal: '2027-03-01T00:00:00+02:00',
        currentExpiresAt: expiresAt.toISOString(),
        currentExpiresAtLocal: '2027-02-01T00:00:00+02:00',
        timezone: 'Europe/Athens',
        reason: 'target not met',
      },
    });
    // nothing moves until it is approved
    expect((await campaignExpiry(campaign.id)).expiresAt).toBe(expiresAt.toISOString());
    // it waits in the finance manager's inbox, not in marketing's
    const inbox = await t.ok<{ approvalRequests: { id: string }[] }>('query{ approvalRequests(state: PENDING){ id } }', {}, finance.token);
    expect(inbox.approvalRequests.map((r) => r.id)).toContain(request.id);
    const marketingInbox = await t.ok<{ approvalRequests: { id: string }[] }>('query{ approvalRequests(state: PENDING){ id } }', {}, marketing2.token);
    expect(marketingInbox.approvalRequests.map((r) => r.id)).not.toContain(request.id);

    const approved = await decide(request.id, true, finance.token, 'approved in writing');
    expect(approved.errors).toBeUndefined();
    expect(approved.data!.decideApproval).toMatchObject({ state: 'APPROVED', decidedBy: { id: finance.id }, comment: 'approved in writing' });
    expect(await campaignExpiry(campaign.id)).toEqual({ expiresAt: newExpiry, expiresAtLocal: '2027-03-01T00:00:00+02:00' });
    const audit = await t.sql<{ before: { expiresAt: string }; after: { expiresAt: string; approvalRequest: string } }>(
      `select before, after from audit_entry where entity_type = 'Campaign' and entity_id = $1 and action = 'extend'`,
      [campaign.id],
    );
    expect(audit).toEqual([{ before: { expiresAt: expiresAt.toISOString() }, after: expect.objectContaining({ expiresAt: newExpiry, approvalRequest: request.id, approvedBy: finance.id }) }]);
    const listed = await t.ok<{ campaignApprovalRequests: { id: string; state: string }[] }>('query($c:ID!){ campaignApprovalRequests(campaignId:$c){ id state } }', { c: campaign.id }, marketing.token);
    expect(listed.campaignApprovalRequests).toEqual([{ id: request.id, state: 'APPROVED' }]);
  });

  it('is decided by a finance manager only: not the requester, not another marketing manager; and only once', async () => {
    const campaign = await c.campaign({}, marketing.token);
    await c.activate(campaign.id, marketing.token);
    const before = await campaignExpiry(campaign.id);
    const newExpiry = new Date(Date.parse(before.expiresAt) + 10 * DAY).toISOString();
    const request = (await extend(campaign.id, newExpiry, marketing.token)).data!.requestCampaignExtension;
    expect(errorCode(await decide(request.id, true, marketing.token))).toBe('FORBIDDEN');
    // another marketing manager may not even see someone else's request: refused either way
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain(errorCode(await decide(request.id, true, marketing2.token)));
    expect(await campaignExpiry(campaign.id)).toEqual(before);
    // a finance manager who asked for it may not decide it either
    const financeAsker = await c.user(`finance-asker-${Date.now()}@example.com`, ['FINANCE_MANAGER', 'MARKETING_MANAGER'], await c.group('Finance and marketing'));
    const own = await c.campaign({}, financeAsker.token);
    const ownRequest = (await extend(own.id, new Date(Date.now() + 90 * DAY).toISOString(), financeAsker.token)).data!.requestCampaignExtension;
    expect(errorCode(await decide(ownRequest.id, true, financeAsker.token))).toBe('FORBIDDEN');

    expect((await decide(request.id, true, finance.token)).data!.decideApproval.state).toBe('APPROVED');
    expect((await campaignExpiry(campaign.id)).expiresAt).toBe(newExpiry);
    expect(errorCode(await decide(request.id, false, finance.token))).toBe('CONFLICT');
    expect((await campaignExpiry(campaign.id)).expiresAt).toBe(newExpiry);
  });

  it('a rejection changes nothing on the campaign, and a new request may follow', async () => {
    const campaign = await c.campaign({}, marketing.token);
    await c.activate(campaign.id, marketing.token);
    const before = await campaignExpiry(campaign.id);
    const auditBefore = await countRows(t, 'audit_entry');
    const request = (await extend(campaign.id, new Date(Date.parse(before.expiresAt) + 5 * DAY).toISOString(), marketing.token)).data!.requestCampaignExtension;
    const rejected = await decide(request.id, false, finance.token, 'no budget for it');
    expect(rejected.data!.decideApproval).toMatchObject({ state: 'REJECTED', comment: 'no budget for it' });
    expect(await campaignExpiry(campaign.id)).toEqual(before);
    const actions = await t.sql<{ action: string }>('select action from audit_entry order by id offset $1', [auditBefore]);
    expect(actions.map((a) => a.action)).toEqual(['approval.request', 'approval.reject']);
    const again = await extend(campaign.id, new Date(Date.parse(before.expiresAt) + 2 * DAY).toISOString(), marketing.token);
    expect(again.data!.requestCampaignExtension.state).toBe('PENDING');
  });

  it('refuses an earlier or past expiry, a second pending request, an ENDED campaign and finance or unknown callers, writing nothing', async () => {
    const campaign = await c.campaign({}, marketing.token);
    await c.activate(campaign.id, marketing.token);
    const { expiresAt } = await campaignExpiry(campaign.id);
    const requests = async () => countRows(t, 'approval_request');
    const start = await requests();

    const earlier = await extend(campaign.id, new Date(Date.parse(expiresAt) - DAY).toISOString(), marketing.token);
    expect(errorCode(earlier)).toBe('BAD_USER_INPUT');
    expect(earlier.errors![0].extensions!.field).toBe('newExpiresAt');
    expect(earlier.errors![0].message).toMatch(/not after the current expiry/);
    expect(errorCode(await extend(campaign.id, expiresAt, marketing.token))).toBe('BAD_USER_INPUT');
    const expired = await c.campaign({ startsAt: new Date(Date.now() - 10 * DAY).toISOString(), expiresAt: new Date(Date.now() - 5 * DAY).toISOString() }, marketing.token);
    const past = await extend(expired.id, new Date(Date.now() - DAY).toISOString(), marketing.token);
    expect(errorCode(past)).toBe('BAD_USER_INPUT');
    expect(past.errors![0].message).toMatch(/already past/);
    expect(errorCode(await extend(campaign.id, new Date(Date.parse(expiresAt) + DAY).toISOString(), marketing.token, 'x'.repeat(2001)))).toBe('BAD_USER_INPUT');
    expect(errorCode(await extend(campaign.id, new Date(Date.parse(expiresAt) + DAY).toISOString(), finance.token))).toBe('FORBIDDEN');
    expect(errorCode(await extend('999999', new Date(Date.parse(expiresAt) + DAY).toISOString(), marketing.token))).toBe('NOT_FOUND');
    expect(await requests()).toBe(start);

    const first = await extend(campaign.id, new Date(Date.parse(expiresAt) + DAY).toISOString(), marketing.token);
    expect(first.errors).toBeUndefined();
    const second = await extend(campaign.id, new Date(Date.parse(expiresAt) + 2 * DAY).toISOString(), marketing2.token);
    expect(errorCode(second)).toBe('CONFLICT');
    expect(second.errors![0].message).toMatch(/already pending/);
    expect(await requests()).toBe(start + 1);

    const ended = await c.campaign({}, marketing.token);
    await c.activate(ended.id, marketing.token);
    await t.ok('mutation($id:ID!){ endCampaign(id:$id){ id } }', { id: ended.id }, marketing.token);
    expect(errorCode(await extend(ended.id, new Date(Date.now() + 90 * DAY).toISOString(), marketing.token))).toBe('CONFLICT');
  });

  it('an approval that no longer applies (the campaign ENDED meanwhile) is refused and leaves the request pending', async () => {
    const campaign = await c.campaign({}, marketing.token);
    await c.activate(campaign.id, marketing.token);
    const before = await campaignExpiry(campaign.id);
    const request = (await extend(campaign.id, new Date(Date.parse(before.expiresAt) + DAY).toISOString(), marketing.token)).data!.requestCampaignExtension;
    await t.ok('mutation($id:ID!){ endCampaign(id:$id){ id } }', { id: campaign.id }, marketing.token);
    const refused = await decide(request.id, true, finance.token);
    expect(errorCode(refused)).toBe('CONFLICT');
    expect(refused.errors![0].message).toMatch(/can no longer apply/);
    expect(await campaignExpiry(campaign.id)).toEqual(before);
    const [row] = await t.sql<{ state: string }>('select state from approval_request where id = $1', [request.id]);
    expect(row.state).toBe('PENDING');
    expect((await decide(request.id, false, finance.token)).data!.decideApproval.state).toBe('REJECTED');
  });
});

describe('requestBudgetIncrease', () => {
  async function budget(id: string) {
    return (await t.ok<{ campaign: { budget: { amount: string; spent: string; remaining: string } } }>('query($id:ID!){ campaign(id:$id){ budget { amount spent remaining } } }', { id }, t.adminToken)).campaign.budget;
  }

  it('grows the budget per period when finance approves; a rejection leaves it as it was', async () => {
    const campaign = await c.campaign({ budget: { period: 'MONTH', amount: '1000.00' } }, marketing.token);
    await c.activate(campaign.id, marketing.token);
    const opened = await increase(campaign.id, '1500', marketing.token);
    expect(opened.errors).toBeUndefined();
    const request = opened.data!.requestBudgetIncrease;
    expect(request).toMatchObject({
      subject: 'BUDGET_INCREASE',
      state: 'PENDING',
      payload: { currentAmount: '1000.00', newAmount: '1500.00', increase: '500.00', currency: 'EUR', period: 'MONTH', reason: 'viral' },
    });
    expect(await budget(campaign.id)).toMatchObject({ amount: '1000.00' });
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain(errorCode(await decide(request.id, true, marketing2.token)));
    expect(errorCode(await decide(request.id, true, marketing.token))).toBe('FORBIDDEN');
    expect((await decide(request.id, true, finance.token)).data!.decideApproval.state).toBe('APPROVED');
    expect(await budget(campaign.id)).toMatchObject({ amount: '1500.00', remaining: '1500.00' });
    const [audit] = await t.sql<{ before: unknown; after: { budgetAmount: string; increase: string } }>(
      `select before, after from audit_entry where entity_type = 'Campaign' and entity_id = $1 and action = 'increaseBudget'`,
      [campaign.id],
    );
    expect(audit.before).toEqual({ budgetAmount: '1000.0000' });
    expect(audit.after).toMatchObject({ budgetAmount: '1500.00', increase: '500.00' });

    const next = (await increase(campaign.id, '2000.00', marketing.token)).data!.requestBudgetIncrease;
    expect((await decide(next.id, false, finance.token)).data!.decideApproval.state).toBe('REJECTED');
    expect(await budget(campaign.id)).toMatchObject({ amount: '1500.00' });
  });

  it('adds the increase to the budget slots of the current period when they exist', async () => {
    const campaign = await c.campaign({ budget: { period: 'TOTAL', amount: '100.00' } }, marketing.token);
    await c.activate(campaign.id, marketing.token);
    // the current period's budget split over slots, partly spent (as the redemption path keeps it)
    await t.sql(`insert into campaign_budget_slot (campaign_id, period, slot, allowance, spent) values ($1, 'TOTAL', 0, 50, 40), ($1, 'TOTAL', 1, 50, 50)`, [campaign.id]);
    expect(await budget(campaign.id)).toMatchObject({ amount: '100.00', spent: '90.00', remaining: '10.00' });
    const request = (await increase(campaign.id, '250.00', marketing.token)).data!.requestBudgetIncrease;
    await decide(request.id, true, finance.token);
    expect(await budget(campaign.id)).toMatchObject({ amount: '250.00', spent: '90.00', remaining: '160.00' });
    const [{ total }] = await t.sql<{ total: string }>('select sum(allowance)::text as total from campaign_budget_slot where campaign_id = $1', [campaign.id]);
    expect(Number(total)).toBe(250);
  });

  it('refuses a smaller or equal amount, too many decimals, a campaign without budget and a second pending request', async () => {
    const campaign = await c.campaign({ budget: { period: 'MONTH', amount: '1000.00' } }, marketing.token);
    const noBudget = await c.campaign({}, marketing.token);
    const cases: [string, string, string][] = [
      [campaign.id, '1000.00', 'newAmount'],
      [campaign.id, '900', 'newAmount'],
      [campaign.id, '1500.005', 'newAmount'],
      [noBudget.id, '1500.00', 'campaignId'],
    ];
    for (const [id, amount, field] of cases) {
      const result = await increase(id, amount, marketing.token);
      expect(errorCode(result), amount).toBe('BAD_USER_INPUT');
      expect(result.errors![0].extensions!.field).toBe(field);
    }
    expect((await increase(campaign.id, '1200.00', marketing.token)).errors).toBeUndefined();
    expect(errorCode(await increase(campaign.id, '1300.00', marketing.token))).toBe('CONFLICT');
    expect(await budget(campaign.id)).toMatchObject({ amount: '1000.00' });
  });

  it('with real redemptions: a campaign that paused itself at its budget ceiling redeems again after an approved increase', async () => {
    const { campaign, codes } = await c.activeCampaignWithCodes({ budget: { period: 'MONTH', amount: '20.00' }, maxRedemptionsPerCode: 1 }, 3);
    const customer = await c.customer();
    expect((await c.redeem(codes[0], customer)).ok).toBe(true);
    expect((await c.redeem(codes[1], customer)).ok).toBe(true);
    const paused = (await c.getCampaign(campaign.id))!;
    expect(paused).toMatchObject({ state: 'PAUSED', pausedReason: 'BUDGET_EXHAUSTED', budget: { spent: '20.00', remaining: '0.00' } });
    const request = (await increase(campaign.id, '30.00', t.adminToken)).data!.requestBudgetIncrease;
    expect((await decide(request.id, true, finance.token)).data!.decideApproval.state).toBe('APPROVED');
    expect(await budget(campaign.id)).toMatchObject({ amount: '30.00', spent: '20.00', remaining: '10.00' });
    // The increase un-exhausts the period: the campaign resumes by itself, audited.
    expect(await c.getCampaign(campaign.id)).toMatchObject({ state: 'ACTIVE', pausedReason: null });
    const [resume] = await t.sql<{ action: string; actor_id: string }>("select action, actor_id::text from audit_entry where entity_type = 'Campaign' and entity_id = $1 and action = 'resume'", [campaign.id]);
    expect(resume).toEqual({ action: 'resume', actor_id: finance.id });
    const third = await c.redeem(codes[2], customer);
    expect(third).toMatchObject({ ok: true, redemption: { discount: '10.00' } });
    expect(await budget(campaign.id)).toMatchObject({ amount: '30.00', spent: '30.00', remaining: '0.00' });
    const [{ allowance }] = await t.sql<{ allowance: string }>('select sum(allowance)::text as allowance from campaign_budget_slot where campaign_id = $1', [campaign.id]);
    expect(Number(allowance)).toBe(30);
  });

  it('an increase too small for another redemption leaves the self-paused campaign paused', async () => {
    const { campaign, codes } = await c.activeCampaignWithCodes({ budget: { period: 'MONTH', amount: '20.00' }, maxRedemptionsPerCode: 1 }, 3);
    const customer = await c.customer();
    expect((await c.redeem(codes[0], customer)).ok).toBe(true);
    expect((await c.redeem(codes[1], customer)).ok).toBe(true);
    const request = (await increase(campaign.id, '25.00', t.adminToken)).data!.requestBudgetIncrease;
    expect((await decide(request.id, true, finance.token)).data!.decideApproval.state).toBe('APPROVED');
    expect(await budget(campaign.id)).toMatchObject({ amount: '25.00', spent: '20.00', remaining: '5.00' });
    expect(await c.getCampaign(campaign.id)).toMatchObject({ state: 'PAUSED', pausedReason: 'BUDGET_EXHAUSTED' });
  });
});

describe('an approved extension and the redemption path', () => {
  it('a code refused as EXPIRED is valid again once finance approves the extension', async () => {
    const { campaign, codes } = await c.activeCampaignWithCodes({ expiresAt: new Date(Date.now() + 2500).toISOString(), timezone: 'Europe/Athens' }, 1);
    const customer = await c.customer();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const expired = await c.validate(codes[0], customer);
    expect(expired).toMatchObject({ valid: false, reason: 'EXPIRED' });
    const request = (await extend(campaign.id, new Date(Date.now() + 7 * DAY).toISOString(), t.adminToken)).data!.requestCampaignExtension;
    // still expired while the request waits
    expect((await c.validate(codes[0], customer)).reason).toBe('EXPIRED');
    await decide(request.id, true, finance.token);
    expect(await c.validate(codes[0], customer)).toMatchObject({ valid: true, reason: null, discount: '10.00' });
    expect((await c.redeem(codes[0], customer)).ok).toBe(true);
  });
});
