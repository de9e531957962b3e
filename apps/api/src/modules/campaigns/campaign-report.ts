// The campaign report (SPEC §8) for one calendar month of the campaign's time zone: discount applied
// against the month's budget (the month-end variance), codes generated and issued, redemptions, rolled
// back, the redemption rate, the median time from issue to redemption, breakdowns by channel and by
// unit, and the daily burn-down. Counts and sums are SQL aggregates (a read-only query: reports may
// read a replica); the figures are the pure rules of packages/domain campaign-report.ts.
import { burnDown, formatMoney, Money, monthRange, reportFigures, reportMonth, type DayFigures, type ReportMonth } from '@perkflow/domain';
import { DateTime } from 'luxon';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';
import type { Campaign } from './campaign.entity.js';
import { getCampaign } from './campaign.service.js';
import type { BreakdownRowType, DailyRedemptionsType } from './campaign.types.js';
import { sql } from './sql.js';

type Em = GraphQLContext['em'];

export interface CampaignReport {
  campaign: Campaign;
  month: string;
  timezone: string;
  periodStart: Date;
  periodEnd: Date;
  budget: string | null;
  applied: string;
  appliedToDate: string;
  variance: string | null;
  codesGenerated: number;
  codesIssued: number;
  redemptions: number;
  rolledBack: number;
  redemptionRate: number;
  medianHoursToRedeem: number | null;
  byChannel: BreakdownRowType[];
  byUnit: BreakdownRowType[];
  daily: DailyRedemptionsType[];
}

/** Redemptions that count: not test, in the half-open window. */
const COUNTED = `r.campaign_id = ? and not r.test and r.created_at >= ? and r.created_at < ?`;

/** The budget of a period: the slots' allowance when the period has begun, else the campaign's amount. */
async function periodBudget(em: Em, campaign: Campaign, key: string): Promise<string | null> {
  if (!campaign.budgetPeriod || campaign.budgetAmount == null) return null;
  const [row] = await sql<{ allowance: string | null }[]>(em, 'select sum(allowance)::text as allowance from campaign_budget_slot where campaign_id = ? and period = ?', [campaign.id, key]);
  return row?.allowance ?? campaign.budgetAmount;
}

async function breakdowns(em: Em, campaign: Campaign, month: ReportMonth): Promise<{ byChannel: BreakdownRowType[]; byUnit: BreakdownRowType[] }> {
  const window = [campaign.id, month.start, month.end];
  const channels = await sql<{ key: string; issued: number; redemptions: number; applied: string }[]>(
    em,
    `with issued as (
       select coalesce(channel, 'NONE') as key, count(*)::int as n from code
        where campaign_id = ? and issued_at >= ? and issued_at < ? group by 1),
     redeemed as (
       select coalesce(c.channel, 'NONE') as key, count(*)::int as n, sum(r.discount)::text as applied
         from redemption r join code c on c.id = r.code_id
        where ${COUNTED} and r.state = 'SUCCEEDED' group by 1)
     select coalesce(i.key, d.key) as key, coalesce(i.n, 0) as issued, coalesce(d.n, 0) as redemptions, coalesce(d.applied, '0') as applied
       from issued i full join redeemed d on d.key = i.key order by 1`,
    [...window, ...window],
  );
  const units = await sql<{ key: string; redemptions: number; applied: string }[]>(
    em,
    `select coalesce(r.unit_id::text, 'NONE') as key, count(*)::int as redemptions, sum(r.discount)::text as applied
       from redemption r where ${COUNTED} and r.state = 'SUCCEEDED' group by 1 order by 1`,
    window,
  );
  const money = (v: string) => formatMoney(v, campaign.currency);
  return {
    byChannel: channels.map((r) => ({ key: r.key, issued: r.issued, redemptions: r.redemptions, applied: money(r.applied) })),
    byUnit: units.map((r) => ({ key: r.key, issued: 0, redemptions: r.redemptions, applied: money(r.applied) })),
  };
}

/** The report of one month for a campaign the viewer may see. */
export async function campaignReport(ctx: GraphQLContext, campaignId: string, monthKey: string, now = new Date()): Promise<CampaignReport> {
  const campaign = await getCampaign(ctx, campaignId);
  const month = reportMonth(monthKey, campaign.timezone);
  if (!month.ok) throw badInput(month.field ?? 'month', month.explanation);
  return buildReport(ctx.em, campaign, month.value, now);
}

/** Reports for every month of a range (at most 36), e.g. for the variance table. */
export async function campaignMonthlyReports(ctx: GraphQLContext, campaignId: string, from: string, to: string, now = new Date()): Promise<CampaignReport[]> {
  const campaign = await getCampaign(ctx, campaignId);
  const months = monthRange(from, to);
  if (!months.ok) throw badInput(months.field ?? 'from', months.explanation);
  const reports: CampaignReport[] = [];
  for (const key of months.value) {
    const month = reportMonth(key, campaign.timezone);
    if (month.ok) reports.push(await buildReport(ctx.em, campaign, month.value, now));
  }
  return reports;
}

async function buildReport(em: Em, campaign: Campaign, month: ReportMonth, now: Date): Promise<CampaignReport> {
  const window = [campaign.id, month.start, month.end];
  const [sums] = await sql<{ redemptions: number; rolled_back: number; applied: string; applied_to_date: string; applied_before: string }[]>(
    em,
    `select count(*) filter (where r.state = 'SUCCEEDED' and r.created_at >= ?)::int as redemptions,
            count(*) filter (where r.state = 'ROLLED_BACK' and r.created_at >= ?)::int as rolled_back,
            coalesce(sum(r.discount) filter (where r.state = 'SUCCEEDED' and r.created_at >= ?), 0)::text as applied,
            coalesce(sum(r.discount) filter (where r.state = 'SUCCEEDED'), 0)::text as applied_to_date,
            coalesce(sum(r.discount) filter (where r.state = 'SUCCEEDED' and r.created_at < ?), 0)::text as applied_before
       from redemption r where r.campaign_id = ? and not r.test and r.created_at < ?`,
    [month.start, month.start, month.start, month.start, campaign.id, month.end],
  );
  const [codes] = await sql<{ generated: number; issued: number }[]>(
    em,
    `select count(*) filter (where created_at < ?)::int as generated,
            count(*) filter (where issued_at >= ? and issued_at < ?)::int as issued
       from code where campaign_id = ?`,
    [month.end, month.start, month.end, campaign.id],
  );
  const [median] = await sql<{ hours: number | null }[]>(
    em,
    `select percentile_cont(0.5) within group (order by extract(epoch from r.created_at - c.issued_at) / 3600.0) as hours
       from redemption r join code c on c.id = r.code_id
      where ${COUNTED} and r.state = 'SUCCEEDED' and c.issued_at is not null and c.issued_at <= r.created_at`,
    window,
  );
  const days = await sql<{ date: string; redemptions: number; applied: string }[]>(
    em,
    `select to_char(r.created_at at time zone ?, 'YYYY-MM-DD') as date, count(*)::int as redemptions, sum(r.discount)::text as applied
       from redemption r where ${COUNTED} and r.state = 'SUCCEEDED' group by 1`,
    [campaign.timezone, ...window],
  );
  const period = campaign.budgetPeriod ?? null;
  const budget = await periodBudget(em, campaign, period === 'TOTAL' ? 'TOTAL' : month.key);
  const figures = reportFigures({
    period,
    currency: campaign.currency,
    budget,
    applied: sums.applied,
    appliedToDate: sums.applied_to_date,
    redemptions: sums.redemptions,
    codesIssued: codes.issued,
    codesGenerated: codes.generated,
  });
  const opening = budget == null ? null : period === 'TOTAL' ? new Money(budget).minus(sums.applied_before).toString() : budget;
  const perDay = new Map<string, DayFigures>(days.map((d) => [d.date, { redemptions: d.redemptions, applied: d.applied }]));
  const today = DateTime.fromJSDate(now).setZone(campaign.timezone).toFormat('yyyy-MM-dd');
  const { byChannel, byUnit } = await breakdowns(em, campaign, month);
  return {
    campaign,
    month: month.key,
    timezone: campaign.timezone,
    periodStart: month.start,
    periodEnd: month.end,
    ...figures,
    codesGenerated: codes.generated,
    codesIssued: codes.issued,
    redemptions: sums.redemptions,
    rolledBack: sums.rolled_back,
    medianHoursToRedeem: median?.hours == null ? null : Math.round(Number(median.hours) * 100) / 100,
    byChannel,
    byUnit,
    daily: burnDown({ days: month.days, perDay, opening, currency: campaign.currency, today }),
  };
}

/** The report as CSV rows: one summary row, then a row per channel, unit and day. */
export function reportCsvRows(report: CampaignReport): (string | number | null)[][] {
  const header = ['section', 'key', 'issued', 'redemptions', 'rolled_back', 'applied', 'budget', 'variance', 'remaining', 'redemption_rate', 'median_hours_to_redeem', 'codes_generated'];
  const rows: (string | number | null)[][] = [header];
  rows.push(['summary', report.month, report.codesIssued, report.redemptions, report.rolledBack, report.applied, report.budget, report.variance, null, report.redemptionRate, report.medianHoursToRedeem, report.codesGenerated]);
  for (const r of report.byChannel) rows.push(['channel', r.key, r.issued, r.redemptions, null, r.applied, null, null, null, null, null, null]);
  for (const r of report.byUnit) rows.push(['unit', r.key, null, r.redemptions, null, r.applied, null, null, null, null, null, null]);
  for (const d of report.daily) rows.push(['day', d.date, null, d.redemptions, null, d.applied, null, null, d.remaining ?? null, null, null, null]);
  return rows;
}

/** The variance table (one row per month) as CSV rows. */
export function varianceCsvRows(reports: CampaignReport[]): (string | number | null)[][] {
  return [
    ['month', 'currency', 'budget', 'applied', 'variance', 'redemptions', 'rolled_back', 'codes_issued', 'redemption_rate'],
    ...reports.map((r) => [r.month, r.campaign.currency, r.budget, r.applied, r.variance, r.redemptions, r.rolledBack, r.codesIssued, r.redemptionRate]),
  ];
}
