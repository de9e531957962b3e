// The campaign report (SPEC §8) through the public API, compared to the cent against a hand-made
// history: months in the campaign's time zone (Europe/Athens), the month-end variance against the
// month's budget (slots after an increase) or a TOTAL budget, redemption rate, median hours from issue
// to redemption, rolled back and test redemptions left out, breakdowns by channel and unit, the daily
// burn-down, and the CSV exports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, startTestApp, type TestApp } from './harness.js';
import { campaignFixtures } from './campaigns-fixtures.js';
import type { CampaignReport } from '../src/modules/campaigns/campaign-report.js';

let t: TestApp;
let c: ReturnType<typeof campaignFixtures>;
let monthly: string;
let total: string;
let unitA: string;
let unitB: string;

/** The report as the API answers it (instants as ISO strings). */
type Report = Omit<CampaignReport, 'campaign' | 'periodStart' | 'periodEnd'> & { periodStart: string; periodEnd: string };

const REPORT = `month budget applied appliedToDate variance codesGenerated codesIssued redemptions rolledBack redemptionRate medianHoursToRedeem
  byChannel { key issued redemptions applied } byUnit { key issued redemptions applied } daily { date redemptions applied remaining } periodStart periodEnd timezone campaign { id }`;

async function report(campaignId: string, month: string, token = t.adminToken): Promise<Report> {
  return (await t.ok<{ campaignReport: Report }>(`query($c:ID!,$m:String!){ campaignReport(campaignId:$c, month:$m){ ${REPORT} } }`, { c: campaignId, m: month }, token)).campaignReport;
}

/** Inserts a code with a controlled history; returns its id. */
async function code(campaignId: string, text: string, issued?: { at: string; channel: string; customer: string }): Promise<string> {
  const [row] = await t.sql<{ id: string }>(
    `insert into code (code, campaign_id, created_at, issued_at, channel, customer_id) values ($1, $2, '2026-09-15T08:00:00Z', $3, $4, $5) returning id::text`,
    [text, campaignId, issued?.at ?? null, issued?.channel ?? null, issued?.customer ?? null],
  );
  return row.id;
}

async function redemption(campaignId: string, codeId: string, customer: string, at: string, discount: string, extra: { unit?: string; state?: string; test?: boolean } = {}): Promise<void> {
  await t.sql(
    `insert into redemption (campaign_id, code_id, customer_id, order_amount, discount, currency, unit_id, state, test, created_at, rolled_back_at)
     values ($1, $2, $3, 200, $4, 'EUR', $5, $6, $7, $8, case when $6 = 'ROLLED_BACK' then $8::timestamptz + interval '1 hour' end)`,
    [campaignId, codeId, customer, discount, extra.unit ?? null, extra.state ?? 'SUCCEEDED', extra.test ?? false, at],
  );
}

beforeAll(async () => {
  t = await startTestApp();
  c = campaignFixtures(t);
  const group = await c.group('Stores');
  unitA = await c.unit('Store Central', group, 'Europe/Athens');
  unitB = await c.unit('Store Harbour', group, 'Europe/Athens');
  const customer = await c.customer('Jazz fan');
  const life = { startsAt: '2026-09-01T00:00:00Z', expiresAt: '2027-06-30T21:00:00Z', timezone: 'Europe/Athens' };

  monthly = (await c.campaign({ ...life, name: 'Jazz monthly', budget: { period: 'MONTH', amount: '1000.00' } })).id;
  const codes: string[] = [];
  const issued = (at: string, channel: string) => ({ at, channel, customer });
  codes.push(await code(monthly, 'JAZZ0001', issued('2026-10-01T10:00:00Z', 'EMAIL')));
  codes.push(await code(monthly, 'JAZZ0002', issued('2026-10-01T10:00:00Z', 'EMAIL')));
  codes.push(await code(monthly, 'JAZZ0003', issued('2026-10-01T10:00:00Z', 'APP')));
  codes.push(await code(monthly, 'JAZZ0004', issued('2026-10-01T10:00:00Z', 'APP')));
  // 23:30 UTC on 30 September is 02:30 on 1 October in Athens: issued in October
  codes.push(await code(monthly, 'JAZZ0005', issued('2026-09-30T23:30:00Z', 'EMAIL')));
  for (let i = 6; i <= 10; i += 1) codes.push(await code(monthly, `JAZZ${String(i).padStart(4, '0')}`));
  await redemption(monthly, codes[0], customer, '2026-09-20T10:00:00Z', '40.00', { unit: unitA }); // September
  await redemption(monthly, codes[0], customer, '2026-10-01T12:00:00Z', '10.00', { unit: unitA }); // 2 h after issue
  await redemption(monthly, codes[1], customer, '2026-10-02T10:00:00Z', '25.50', { unit: unitB }); // 24 h
  await redemption(monthly, codes[2], customer, '2026-10-03T10:00:00Z', '100.00', { unit: unitA }); // 48 h
  await redemption(monthly, codes[3], customer, '2026-10-04T10:00:00Z', '5.00', { unit: unitA, state: 'ROLLED_BACK' });
  await redemption(monthly, codes[5], customer, '2026-10-31T21:59:59Z', '7.25'); // 23:59:59 on 31 October in Athens
  await redemption(monthly, codes[6], customer, '2026-10-31T22:00:00Z', '3.00'); // 00:00 on 1 November in Athens
  await redemption(monthly, codes[7], customer, '2026-10-15T10:00:00Z', '50.00', { test: true });
  // October's budget was raised to 1200.00 mid-month: the slots of the period hold it
  await t.sql(`insert into campaign_budget_slot (campaign_id, period, slot, allowance, spent) values ($1, '2026-10', 0, 600, 80), ($1, '2026-10', 1, 600, 62.75)`, [monthly]);

  total = (await c.campaign({ ...life, name: 'Jazz total', budget: { period: 'TOTAL', amount: '500.00' } })).id;
  const totalCode = await code(total, 'TOTAL0001');
  await redemption(total, totalCode, customer, '2026-09-10T10:00:00Z', '40.00');
  await redemption(total, totalCode, customer, '2026-10-10T10:00:00Z', '60.00');
});
afterAll(async () => t?.stop());

describe('campaignReport', () => {
  it('reports October to the cent: variance against the month budget, rate, median, rolled back, breakdowns', async () => {
    const october = await report(monthly, '2026-10');
    expect(october).toMatchObject({
      month: '2026-10',
      timezone: 'Europe/Athens',
      periodStart: '2026-09-30T21:00:00.000Z',
      periodEnd: '2026-10-31T22:00:00.000Z',
      budget: '1200.00',
      applied: '142.75',
      appliedToDate: '182.75',
      variance: '-1057.25',
      codesGenerated: 10,
      codesIssued: 5,
      redemptions: 4,
      rolledBack: 1,
      redemptionRate: 0.8,
      medianHoursToRedeem: 24,
      campaign: { id: monthly },
    });
    expect(october.byChannel).toEqual([
      { key: 'APP', issued: 2, redemptions: 1, applied: '100.00' },
      { key: 'EMAIL', issued: 3, redemptions: 2, applied: '35.50' },
      { key: 'NONE', issued: 0, redemptions: 1, applied: '7.25' },
    ]);
    expect(new Map(october.byUnit.map((r) => [r.key, [r.redemptions, r.applied]]))).toEqual(
      new Map([
        [unitA, [2, '110.00']],
        [unitB, [1, '25.50']],
        ['NONE', [1, '7.25']],
      ]),
    );
    expect(october.daily).toHaveLength(31);
    expect(october.daily.slice(0, 4)).toEqual([
      { date: '2026-10-01', redemptions: 1, applied: '10.00', remaining: '1190.00' },
      { date: '2026-10-02', redemptions: 1, applied: '25.50', remaining: '1164.50' },
      { date: '2026-10-03', redemptions: 1, applied: '100.00', remaining: '1064.50' },
      { date: '2026-10-04', redemptions: 0, applied: '0.00', remaining: '1064.50' },
    ]);
    expect(october.daily.at(-1)).toEqual({ date: '2026-10-31', redemptions: 1, applied: '7.25', remaining: '1057.25' });
  });

  it('takes month boundaries in the campaign time zone and falls back to the campaign budget for a month without slots', async () => {
    const november = await report(monthly, '2026-11');
    expect(november).toMatchObject({ budget: '1000.00', applied: '3.00', variance: '-997.00', redemptions: 1, rolledBack: 0, codesIssued: 0, codesGenerated: 10, redemptionRate: 0.1, medianHoursToRedeem: null });
    expect(november.daily[0]).toEqual({ date: '2026-11-01', redemptions: 1, applied: '3.00', remaining: '997.00' });
    const september = await report(monthly, '2026-09');
    expect(september).toMatchObject({ applied: '40.00', redemptions: 1, codesGenerated: 10, variance: '-960.00' });
    const august = await report(monthly, '2026-08');
    expect(august).toMatchObject({ applied: '0.00', redemptions: 0, codesGenerated: 0, redemptionRate: 0, byChannel: [], byUnit: [] });
  });

  it('compares a TOTAL budget with what was applied to date and burns down from what was left', async () => {
    const october = await report(total, '2026-10');
    expect(october).toMatchObject({ budget: '500.00', applied: '60.00', appliedToDate: '100.00', variance: '-400.00', redemptions: 1 });
    expect(october.daily[0].remaining).toBe('460.00');
    expect(october.daily[9]).toEqual({ date: '2026-10-10', redemptions: 1, applied: '60.00', remaining: '400.00' });
  });

  it('campaignMonthlyReports gives the variance table month by month', async () => {
    const { campaignMonthlyReports } = await t.ok<{ campaignMonthlyReports: { month: string; budget: string; applied: string; variance: string }[] }>(
      'query($c:ID!){ campaignMonthlyReports(campaignId:$c, from:"2026-09", to:"2026-11"){ month budget applied variance } }',
      { c: monthly },
      t.adminToken,
    );
    expect(campaignMonthlyReports).toEqual([
      { month: '2026-09', budget: '1000.00', applied: '40.00', variance: '-960.00' },
      { month: '2026-10', budget: '1200.00', applied: '142.75', variance: '-1057.25' },
      { month: '2026-11', budget: '1000.00', applied: '3.00', variance: '-997.00' },
    ]);
  });

  it('refuses a bad month naming the field, hides campaigns the viewer cannot see, and needs read Report', async () => {
    for (const month of ['2026-13', 'October', '']) {
      const result = await t.gql('query($c:ID!,$m:String!){ campaignReport(campaignId:$c, month:$m){ month } }', { c: monthly, m: month }, t.adminToken);
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(result.errors![0].extensions!.field).toBe('month');
    }
    const range = await t.gql('query($c:ID!){ campaignMonthlyReports(campaignId:$c, from:"2026-11", to:"2026-09"){ month } }', { c: monthly }, t.adminToken);
    expect(range.errors![0].extensions!.field).toBe('to');
    const outsiders = await c.group('Outsiders');
    const outsider = await c.user('outsider-report@example.com', ['MARKETING_MANAGER'], outsiders);
    expect(errorCode(await t.gql('query($c:ID!){ campaignReport(campaignId:$c, month:"2026-10"){ month } }', { c: monthly }, outsider.token))).toBe('NOT_FOUND');
    const supervisor = await c.user('supervisor-report@example.com', ['SUPERVISOR'], outsiders);
    expect(errorCode(await t.gql('query($c:ID!){ campaignReport(campaignId:$c, month:"2026-10"){ month } }', { c: monthly }, supervisor.token))).toBe('FORBIDDEN');
  });
});

describe('report CSV exports', () => {
  const get = (path: string, token = t.adminToken) => fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

  it('exports a month: the summary row, then a row per channel, unit and day', async () => {
    const response = await get(`/api/campaigns/${monthly}/report.csv?month=2026-10`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toContain(`campaign-${monthly}-report-2026-10.csv`);
    const lines = (await response.text()).trim().split('\n');
    expect(lines[0]).toBe('section,key,issued,redemptions,rolled_back,applied,budget,variance,remaining,redemption_rate,median_hours_to_redeem,codes_generated');
    expect(lines[1]).toBe('summary,2026-10,5,4,1,142.75,1200.00,-1057.25,,0.8,24,10');
    expect(lines.filter((l) => l.startsWith('channel,'))).toEqual(['channel,APP,2,1,,100.00,,,,,,', 'channel,EMAIL,3,2,,35.50,,,,,,', 'channel,NONE,0,1,,7.25,,,,,,']);
    expect(lines.filter((l) => l.startsWith('unit,'))).toHaveLength(3);
    expect(lines.filter((l) => l.startsWith('day,'))).toHaveLength(31);
    expect(lines).toContain('day,2026-10-31,,1,,7.25,,,1057.25,,,');
  });

  it('exports the variance table, and refuses bad input and roles without reports', async () => {
    const response = await get(`/api/campaigns/${monthly}/variance.csv?from=2026-09&to=2026-11`);
    expect(response.status).toBe(200);
    expect((await response.text()).trim().split('\n')).toEqual([
      'month,currency,budget,applied,variance,redemptions,rolled_back,codes_issued,redemption_rate',
      '2026-09,EUR,1000.00,40.00,-960.00,1,0,0,0.1',
      '2026-10,EUR,1200.00,142.75,-1057.25,4,1,5,0.8',
      '2026-11,EUR,1000.00,3.00,-997.00,1,0,0,0.1',
    ]);
    const bad = await get(`/api/campaigns/${monthly}/report.csv?month=2026-1`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe('month');
    expect((await fetch(`${t.url}/api/campaigns/${monthly}/report.csv?month=2026-10`)).status).toBe(401);
    const group = await c.group('Agents');
    const agent = await c.user('agent-report@example.com', ['AGENT'], group);
    expect((await get(`/api/campaigns/${monthly}/variance.csv?from=2026-09&to=2026-11`, agent.token)).status).toBe(403);
  });
});
