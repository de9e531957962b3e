// Cross-module reports through the public API: the rewards report (SPEC §8) over a period in the
// scheme's time zone, its CSV download, validation and who may read it. Awards and spends are written
// with SQL at chosen instants so every figure is known to the cent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from './fixtures.js';
import { errorCode, startTestApp, type TestApp } from './harness.js';
import { rewardFixtures } from './rewards-fixtures.js';

let t: TestApp;
let schemeId: string;
let offerA: string;
let offerB: string;

const REPORT = `query($s:ID!,$f:LocalDate!,$t:LocalDate!){ rewardsReport(schemeId:$s, from:$f, to:$t){
  schemeId currency timezone from to participants awards awarded spends spent expired outstandingLiability
  byMonth { month awarded spent expired } byOffer { offerId offerName awards awarded } } }`;

async function award(participant: string, offer: string, amount: string, remaining: string, createdAt: string, expiresAt: string | null) {
  await t.sql('insert into award_transaction (participant_id, offer_id, amount, remaining, created_at, expires_at) values ($1, $2, $3, $4, $5, $6)', [
    participant,
    offer,
    amount,
    remaining,
    createdAt,
    expiresAt,
  ]);
}

beforeAll(async () => {
  t = await startTestApp();
  const r = rewardFixtures(t);
  const justMoney = await r.type('Just Money', 'JUST_MONEY');
  schemeId = await r.scheme('ZX Club', 'Europe/Athens', 'EUR');
  const create = (name: string) =>
    t.ok<{ createRewardOffer: { id: string } }>('mutation($i:CreateRewardOfferInput!){ createRewardOffer(input:$i){ id } }', {
      i: { schemeId, typeId: justMoney, name, award: { kind: 'AMOUNT', amount: '5' } },
    }, t.adminToken);
  offerA = (await create('Welcome money')).createRewardOffer.id;
  offerB = (await create('Birthday money')).createRewardOffer.id;
  const [c1, c2, c3] = [await r.customer('Anna'), await r.customer('Babis'), await r.customer('Chloe')];
  const p1 = await r.enrol(schemeId, c1);
  const p2 = await r.enrol(schemeId, c2);
  await r.enrol(schemeId, c3);
  // Athens is UTC+2 in winter: 2026-10-31T22:30Z is already 1 November locally.
  await award(p1, offerA, '10.00', '4.00', '2026-10-31T22:30:00Z', '2027-06-01T00:00:00Z'); // Nov; 6.00 spent
  await award(p1, offerB, '2.50', '2.50', '2026-10-31T21:30:00Z', '2026-11-10T00:00:00Z'); // Oct (local 23:30); expired in Nov, unspent
  await award(p2, offerA, '7.25', '7.25', '2026-12-05T10:00:00Z', null); // Dec, never expires
  await award(p2, offerB, '1.10', '0.00', '2026-12-06T10:00:00Z', '2026-12-20T00:00:00Z'); // Dec, fully spent before expiry
  await t.sql("insert into spend_transaction (participant_id, amount, performed_at) values ($1, '6.00', '2026-11-15T12:00:00Z'), ($2, '1.10', '2026-12-07T12:00:00Z')", [p1, p2]);
});
afterAll(async () => t?.stop());

describe('rewardsReport', () => {
  it('sums awarded, spent and expired over [from, to) in the scheme time zone, and the liability now', async () => {
    const { rewardsReport } = await t.ok<{ rewardsReport: Record<string, unknown> }>(REPORT, { s: schemeId, f: '2026-11-01', t: '2027-01-01' }, t.adminToken);
    expect(rewardsReport).toEqual({
      schemeId,
      currency: 'EUR',
      timezone: 'Europe/Athens',
      from: '2026-11-01',
      to: '2027-01-01',
      participants: 3,
      awards: 3,
      awarded: '18.35', // 10.00 + 7.25 + 1.10 (the 2.50 was awarded on 31 October, local time)
      spends: 2,
      spent: '7.10',
      expired: '2.50',
      // 4.00 (expires 2027-06) + 7.25 (never expires); the Birthday 2.50 has expired, the 1.10 is spent.
      outstandingLiability: '11.25',
      byMonth: [
        { month: '2026-11', awarded: '10.00', spent: '6.00', expired: '2.50' },
        { month: '2026-12', awarded: '8.35', spent: '1.10', expired: '0.00' },
      ],
      byOffer: [
        { offerId: offerA, offerName: 'Welcome money', awards: 2, awarded: '17.25' },
        { offerId: offerB, offerName: 'Birthday money', awards: 1, awarded: '1.10' },
      ],
    });
  });

  it('the end date is exclusive: October alone holds only the 2.50 awarded late on the 31st (local)', async () => {
    const { rewardsReport } = await t.ok<{ rewardsReport: { awarded: string; byMonth: unknown[] } }>(REPORT, { s: schemeId, f: '2026-10-01', t: '2026-11-01' }, t.adminToken);
    expect(rewardsReport.awarded).toBe('2.50');
    expect(rewardsReport.byMonth).toEqual([{ month: '2026-10', awarded: '2.50', spent: '0.00', expired: '0.00' }]);
  });

  it('refuses a bad period naming the field, an unknown scheme, and roles without reports', async () => {
    const bad = await t.gql(REPORT, { s: schemeId, f: '2026-12-01', t: '2026-11-01' }, t.adminToken);
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0].extensions?.field).toBe('to');
    expect(errorCode(await t.gql(REPORT, { s: '999999', f: '2026-11-01', t: '2026-12-01' }, t.adminToken))).toBe('NOT_FOUND');
    const f = fixtures(t);
    const group = await f.group('Care');
    const agent = await f.user('agent@report.test', ['AGENT'], group);
    expect(errorCode(await t.gql(REPORT, { s: schemeId, f: '2026-11-01', t: '2026-12-01' }, agent.token))).toBe('FORBIDDEN');
  });

  it('downloads as CSV with the same figures; errors answer with their HTTP status', async () => {
    const url = `${t.url}/api/reports/rewards.csv?schemeId=${schemeId}&from=2026-11-01&to=2027-01-01`;
    const response = await fetch(url, { headers: { authorization: `Bearer ${t.adminToken}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(await response.text()).toBe(
      ['month,awarded,spent,expired,currency', '2026-11,10.00,6.00,2.50,EUR', '2026-12,8.35,1.10,0.00,EUR', 'total,18.35,7.10,2.50,EUR', 'outstanding liability (now),11.25,,,EUR', ''].join('\n'),
    );
    expect((await fetch(url)).status).toBe(401);
    const bad = await fetch(`${t.url}/api/reports/rewards.csv?schemeId=${schemeId}&from=2026-11-01&to=nope`, { headers: { authorization: `Bearer ${t.adminToken}` } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'BAD_USER_INPUT', field: 'to' } });
  });
});
