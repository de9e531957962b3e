import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignFixtures } from './campaigns-fixtures.js';
import { errorCode, startTestApp, type TestApp } from './harness.js';

// Codes are unique system-wide (redemption finds a campaign by its code), so importing a code that a
// campaign the importer may not see holds is refused: that tells the code exists. Each such collision is
// charged to the client's failed-attempt budget, which bounds the oracle like guessing codes at checkout.
const BUDGET = 5;
let t: TestApp;
let c: ReturnType<typeof campaignFixtures>;
let importer: string;
let visibleCampaign: string;
const hidden = Array.from({ length: 8 }, (_, i) => `HIDDENORACLE${i}`);

beforeAll(async () => {
  t = await startTestApp({ config: { redemptionFraud: { failuresPerCustomer: 10, failuresPerClient: BUDGET, manyCodesOneCustomer: 5, velocityPerHour: 10 } } });
  c = campaignFixtures(t);
  const owner = await c.group('Oracle owner');
  const other = await c.group('Oracle other');
  const ownerToken = (await c.user('oracle.owner@example.com', ['MARKETING_MANAGER'], owner)).token;
  importer = (await c.user('oracle.other@example.com', ['MARKETING_MANAGER'], other)).token;
  const secret = await c.campaign({ name: 'Oracle hidden' }, ownerToken);
  await t.ok('mutation($c:ID!,$l:[String!]!){ importCodes(campaignId:$c, codes:$l) }', { c: secret.id, l: hidden }, ownerToken);
  visibleCampaign = (await c.campaign({ name: 'Oracle visible' }, importer)).id;
  await t.ok('mutation($c:ID!,$l:[String!]!){ importCodes(campaignId:$c, codes:$l) }', { c: visibleCampaign, l: ['VISIBLEORACLE1', 'VISIBLEORACLE2', 'VISIBLEORACLE3'] }, importer);
});
afterAll(async () => t?.stop());

const REPORT = 'mutation($c:ID!,$l:[String!]!){ importCodesReport(campaignId:$c, codes:$l){ imported rejected { row code reason } } }';

describe('importing codes held by invisible campaigns', () => {
  it('collisions with visible codes cost nothing; hidden ones are charged until RATE_LIMITED, and nothing of that import is kept', async () => {
    // Visible collisions, many times: never throttled.
    for (let i = 0; i < 3; i += 1) {
      const r = await t.ok<{ importCodesReport: { imported: number; rejected: { reason: string }[] } }>(REPORT, { c: visibleCampaign, l: ['VISIBLEORACLE1', 'VISIBLEORACLE2', 'VISIBLEORACLE3'] }, importer);
      expect(r.importCodesReport.rejected).toHaveLength(3);
    }
    // Hidden collisions: refused with the same reason as a visible one, and charged.
    const first = await t.ok<{ importCodesReport: { imported: number; rejected: { code: string; reason: string }[] } }>(REPORT, { c: visibleCampaign, l: [hidden[0], 'VISIBLEORACLE1', 'FRESHORACLE1'] }, importer);
    expect(first.importCodesReport.imported).toBe(1);
    const [h, v] = first.importCodesReport.rejected;
    expect(h.code).toBe(hidden[0]);
    expect(h.reason).toBe(v.reason);
    // BUDGET − 1 points left: an import with more hidden collisions than that is refused whole.
    const over = await t.gql(REPORT, { c: visibleCampaign, l: [...hidden.slice(1), 'FRESHORACLE2'] }, importer);
    expect(errorCode(over)).toBe('RATE_LIMITED');
    expect(over.errors?.[0]?.extensions?.retryAfter).toBeGreaterThan(0);
    const kept = await t.sql<{ n: number }>(`select count(*)::int as n from code where code = 'FRESHORACLE2'`);
    expect(kept[0].n).toBe(0);
    // The budget is spent: even one more hidden collision is refused.
    expect(errorCode(await t.gql(REPORT, { c: visibleCampaign, l: [hidden[1]] }, importer))).toBe('RATE_LIMITED');
  });
});
