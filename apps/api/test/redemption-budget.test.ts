// The budget ceiling (SPEC §5): self-pause with reason BUDGET_EXHAUSTED (audit entry + review flag),
// the configurable threshold, burn rate and projection, and a MONTH budget that starts fresh each month.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.js';
import { campaignFixtures } from './campaigns-fixtures.js';

let t: TestApp;
let c: ReturnType<typeof campaignFixtures>;

beforeAll(async () => {
  t = await startTestApp();
  c = campaignFixtures(t);
});
afterAll(async () => t?.stop());

const FLAGS = 'query($k:String){ reviewFlags(kind:$k){ id kind subjectType subjectId message resolvedAt resolvedBy { id } } }';

describe('budget ceiling', () => {
  it('pauses the campaign when the remaining budget falls under the threshold, with an audit entry and one review flag', async () => {
    const customer = await c.customer();
    const { campaign, codes } = await c.activeCampaignWithCodes({ amount: '10.00', budget: { period: 'MONTH', amount: '100.00', pauseThreshold: '35.00' } }, 10);
    for (let i = 0; i < 6; i += 1) expect((await c.redeem(codes[i], customer)).ok).toBe(true);
    expect((await c.getCampaign(campaign.id))?.state).toBe('ACTIVE');
    expect((await c.redeem(codes[6], customer)).ok).toBe(true); // 30.00 left < 35.00
    const paused = await c.getCampaign(campaign.id);
    expect(paused).toMatchObject({ state: 'PAUSED', pausedReason: 'BUDGET_EXHAUSTED', budget: { spent: '70.00', remaining: '30.00' } });
    expect(await c.redeem(codes[7], customer)).toMatchObject({ ok: false, reason: 'CAMPAIGN_NOT_ACTIVE', explanation: 'The campaign is PAUSED, not ACTIVE' });
    const audit = await t.sql<{ action: string; after: { pausedReason: string } }>(`select action, after from audit_entry where entity_type = 'Campaign' and entity_id = $1 order by id`, [campaign.id]);
    expect(audit.at(-1)).toMatchObject({ action: 'pause', after: { pausedReason: 'BUDGET_EXHAUSTED' } });
    const flags = (await t.ok<{ reviewFlags: { id: string; kind: string; subjectId: string; message: string }[] }>(FLAGS, { k: 'BUDGET_EXHAUSTED' }, t.adminToken)).reviewFlags.filter((f) => f.subjectId === campaign.id);
    expect(flags).toHaveLength(1);
    expect(flags[0].message).toContain('30.00 EUR left');
    // A manager resumes; the next redemption that crosses the threshold again pauses it again, with no second flag this period.
    await t.ok('mutation($id:ID!){ resumeCampaign(id:$id){ state } }', { id: campaign.id }, t.adminToken);
    expect((await c.redeem(codes[8], customer)).ok).toBe(true);
    expect((await c.getCampaign(campaign.id))?.state).toBe('PAUSED');
    const again = (await t.ok<{ reviewFlags: { subjectId: string }[] }>(FLAGS, { k: 'BUDGET_EXHAUSTED' }, t.adminToken)).reviewFlags.filter((f) => f.subjectId === campaign.id);
    expect(again).toHaveLength(1);
    // Resolving the flag records who; a second resolve is CONFLICT.
    const resolved = await t.ok<{ resolveReviewFlag: { resolvedAt: string | null; resolvedBy: { id: string } | null } }>(
      'mutation($id:ID!){ resolveReviewFlag(id:$id, comment:"budget raised"){ resolvedAt resolvedBy { id } } }', { id: flags[0].id }, t.adminToken);
    expect(resolved.resolveReviewFlag.resolvedAt).not.toBeNull();
    const twice = await t.gql('mutation($id:ID!){ resolveReviewFlag(id:$id){ id } }', { id: flags[0].id }, t.adminToken);
    expect(twice.errors?.[0].extensions?.code).toBe('CONFLICT');
    const open = (await t.ok<{ reviewFlags: { id: string }[] }>(FLAGS, { k: 'BUDGET_EXHAUSTED' }, t.adminToken)).reviewFlags;
    expect(open.map((f) => f.id)).not.toContain(flags[0].id);
  });

  it('reports the burn rate and a projected exhaustion within the period', async () => {
    const customer = await c.customer();
    const { campaign, codes } = await c.activeCampaignWithCodes({ amount: '10.00', budget: { period: 'TOTAL', amount: '1000.00' } }, 3);
    for (const code of codes) await c.redeem(code, customer);
    const read = await c.getCampaign(campaign.id);
    // Started a day ago (fixtures): about 30.00 a day, 970.00 left → about 32 days, past the 30-day expiry → null.
    expect(Number(read!.budget!.burnRatePerDay)).toBeGreaterThan(25);
    expect(Number(read!.budget!.burnRatePerDay)).toBeLessThanOrEqual(30);
    expect(read!.budget!.projectedExhaustionAt).toBeNull();
    const hot = await c.activeCampaignWithCodes({ amount: '10.00', budget: { period: 'TOTAL', amount: '100.00' } }, 5);
    for (const code of hot.codes) await c.redeem(code, customer);
    const projected = (await c.getCampaign(hot.campaign.id))!.budget!.projectedExhaustionAt;
    expect(projected).not.toBeNull();
    const days = (new Date(projected!).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(0.5);
    expect(days).toBeLessThan(1.5);
  });

  it('a MONTH budget starts fresh each month in the campaign time zone, and a budget pause ends with the month', async () => {
    const customer = await c.customer();
    const { campaign, codes } = await c.activeCampaignWithCodes({ amount: '10.00', timezone: 'Pacific/Kiritimati', budget: { period: 'MONTH', amount: '20.00' } }, 4);
    const [{ month }] = await t.sql<{ month: string }>(`select to_char(now() at time zone 'Pacific/Kiritimati', 'YYYY-MM') as month`);
    expect((await c.getCampaign(campaign.id))!.budget!.periodKey).toBe(month);
    expect((await c.redeem(codes[0], customer)).ok).toBe(true);
    expect((await c.redeem(codes[1], customer)).ok).toBe(true);
    expect((await c.getCampaign(campaign.id))).toMatchObject({ state: 'PAUSED', pausedReason: 'BUDGET_EXHAUSTED' });
    const slots = await t.sql<{ period: string }>('select distinct period from campaign_budget_slot where campaign_id = $1', [campaign.id]);
    expect(slots).toEqual([{ period: month }]);
    // Pretend all of that happened last month: the slots and the pause belong to an earlier period.
    await t.sql(`update campaign_budget_slot set period = '2000-01' where campaign_id = $1`, [campaign.id]);
    await t.sql(`update campaign set paused_budget_period = '2000-01' where id = $1`, [campaign.id]);
    expect(await c.validate(codes[2], customer)).toMatchObject({ valid: true, discount: '10.00' });
    const fresh = await c.redeem(codes[2], customer);
    expect(fresh.ok).toBe(true);
    expect(await c.getCampaign(campaign.id)).toMatchObject({ state: 'ACTIVE', budget: { spent: '10.00', remaining: '10.00', periodKey: month } });
    const old = await t.sql<{ spent: string }>(`select sum(spent)::text as spent from campaign_budget_slot where campaign_id = $1 and period = '2000-01'`, [campaign.id]);
    expect(old[0].spent).toBe('20.0000');
  });

  it('the scheduled job resumes campaigns paused by an earlier month budget', async () => {
    const customer = await c.customer();
    const { campaign, codes } = await c.activeCampaignWithCodes({ amount: '10.00', budget: { period: 'MONTH', amount: '10.00' } }, 1);
    expect((await c.redeem(codes[0], customer)).ok).toBe(true);
    expect((await c.getCampaign(campaign.id))?.state).toBe('PAUSED');
    await t.sql(`update campaign set paused_budget_period = '2000-01' where id = $1`, [campaign.id]);
    await t.app.jobs.send('campaigns.budget-month-resume', {});
    let state = 'PAUSED';
    for (let i = 0; i < 60 && state === 'PAUSED'; i += 1) {
      await new Promise((r) => setTimeout(r, 250));
      state = (await c.getCampaign(campaign.id))!.state;
    }
    expect(state).toBe('ACTIVE');
    const audit = await t.sql<{ action: string }>(`select action from audit_entry where entity_type = 'Campaign' and entity_id = $1 order by id desc limit 1`, [campaign.id]);
    expect(audit[0].action).toBe('resume');
  });
});
