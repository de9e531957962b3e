// The campaigns demo data (SPEC §11): the jazz-code campaign of seed 000 with a monthly budget, 3,000
// unique codes, codes issued through channels and redemptions last month and this month, consistent
// between the budget slots, the redemptions and the report; and the draft bonus-code campaign of seed 001.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BONUS_CAMPAIGN, JAZZ_CAMPAIGN } from '../src/modules/campaigns/campaigns.seed.js';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ seedDemo: true });
});
afterAll(async () => t?.stop());

interface SeededCampaign {
  id: string;
  name: string;
  state: string;
  timezone: string;
  codesCount: number;
  redemptionsCount: number;
  budget: { period: string; amount: string; spent: string; remaining: string; periodKey: string } | null;
}

describe('the campaigns demo data', () => {
  it('seeds the ACTIVE jazz campaign with 3,000 unique codes and a report whose figures agree with the budget', async () => {
    const { campaigns } = await t.ok<{ campaigns: SeededCampaign[] }>('{ campaigns { id name state timezone codesCount redemptionsCount budget { period amount spent remaining periodKey } } }', {}, t.adminToken);
    const jazz = campaigns.find((c) => c.name === JAZZ_CAMPAIGN)!;
    expect(jazz).toMatchObject({ state: 'ACTIVE', timezone: 'Europe/Athens', codesCount: 3000, budget: { period: 'MONTH', amount: '5000.00' } });
    const [{ n, d }] = await t.sql<{ n: string; d: string }>('select count(*)::text as n, count(distinct code)::text as d from code where campaign_id = $1', [jazz.id]);
    expect([n, d]).toEqual(['3000', '3000']);
    expect((await t.sql(`select 1 from code where campaign_id = $1 and code !~ '^JAZZ[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}$'`, [jazz.id])).length).toBe(0);
    expect(jazz.redemptionsCount).toBeGreaterThan(5);

    const report = (await t.ok<{ campaignReport: { applied: string; budget: string; variance: string; redemptions: number; codesIssued: number; byChannel: { key: string }[] } }>(
      'query($c:ID!,$m:String!){ campaignReport(campaignId:$c, month:$m){ applied budget variance redemptions codesIssued byChannel { key } } }',
      { c: jazz.id, m: jazz.budget!.periodKey },
      t.adminToken,
    )).campaignReport;
    expect(report.redemptions).toBeGreaterThan(0);
    expect(report.budget).toBe('5000.00');
    // what the slots say was spent this month is what the month's redemptions applied, to the cent
    expect(report.applied).toBe(jazz.budget!.spent);
    expect(report.variance).toBe((Number(report.applied) - 5000).toFixed(2));
    expect(report.byChannel.length).toBeGreaterThan(1);
    const [{ rolled }] = await t.sql<{ rolled: string }>(`select count(*)::text as rolled from redemption where campaign_id = $1 and state = 'ROLLED_BACK'`, [jazz.id]);
    expect(rolled).toBe('1');
    const [batch] = await t.sql<{ status: string; generated: number }>('select status, generated from code_batch where campaign_id = $1', [jazz.id]);
    expect(batch).toEqual({ status: 'DONE', generated: 3000 });
  });

  it('seeds the draft stackable bonus campaign with its codes', async () => {
    const { campaigns } = await t.ok<{ campaigns: (SeededCampaign & { stacking: string; stackingGroup: string })[] }>('{ campaigns(state: DRAFT) { id name state codesCount stacking stackingGroup } }', {}, t.adminToken);
    expect(campaigns.find((c) => c.name === BONUS_CAMPAIGN)).toMatchObject({ state: 'DRAFT', codesCount: 200, stacking: 'STACKABLE', stackingGroup: 'welcome' });
  });

  it('lets the demo finance manager read the jazz campaign and its variance report (Finance collaborates with Marketing)', async () => {
    const token = await t.login('finance@example.com', 'perkflow-demo');
    const { campaigns } = await t.ok<{ campaigns: { id: string; name: string; budget: { periodKey: string } | null }[] }>('{ campaigns { id name budget { periodKey } } }', {}, token);
    const jazz = campaigns.find((c) => c.name === JAZZ_CAMPAIGN)!;
    expect(jazz).toBeDefined();
    const { campaignReport } = await t.ok<{ campaignReport: { budget: string } }>('query($c:ID!,$m:String!){ campaignReport(campaignId:$c, month:$m){ budget } }', { c: jazz.id, m: jazz.budget!.periodKey }, token);
    expect(campaignReport.budget).toBe('5000.00');
    // reading is all: finance does not change campaigns
    const pause = await t.gql('mutation($id:ID!){ pauseCampaign(id:$id){ id } }', { id: jazz.id }, token);
    expect(pause.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
