import { formatMoney, isLocalDate, Money, rate } from '@perkflow/domain';
import { DateTime } from 'luxon';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';
import { getCampaign } from '../campaigns/campaign.service.js';
import { sql } from '../campaigns/sql.js';
import type { VoucherReportType } from './vouchers.types.js';

/**
 * Voucher statistics of the seed (發放數量, 領取率, 使用率, 核銷率, 消費金額) over the vouchers issued in a
 * period (local dates of the campaign's time zone, both inclusive):
 * issued (by channel and day), claim rate = issued / target (the issuance cap, else the codes created),
 * use rate = used (written off or redeemed at least once) / issued, write-off rate = written off / issued,
 * spend = what those vouchers' holders spent per the write-offs and redemption orders.
 */
export async function voucherReport(ctx: GraphQLContext, campaignId: string, from: string, to: string): Promise<VoucherReportType> {
  const campaign = await getCampaign(ctx, campaignId);
  if (campaign.kind !== 'EXPERIENCE_VOUCHER') throw badInput('campaignId', `campaign ${campaign.id} is not an experience voucher campaign`);
  if (!isLocalDate(from)) throw badInput('from', `must be a date YYYY-MM-DD; got "${from}"`);
  if (!isLocalDate(to)) throw badInput('to', `must be a date YYYY-MM-DD; got "${to}"`);
  if (to < from) throw badInput('to', 'must not be before from');
  const zone = campaign.timezone;
  const start = DateTime.fromISO(from, { zone }).startOf('day').toJSDate();
  const end = DateTime.fromISO(to, { zone }).plus({ days: 1 }).startOf('day').toJSDate();
  const cohort = `select c.id, c.customer_id, c.channel, c.issued_at, c.redemptions_count from code c
                   where c.campaign_id = ? and c.issued_at >= ? and c.issued_at < ?`;
  const params = [campaign.id, start, end];
  const [totals] = await sql<{ issued: string; used: string; written_off: string; customers_used: string; wo_spend: string | null; order_spend: string | null }[]>(ctx.em,
    `with cohort as (${cohort}),
          wo as (select w.code_id, sum(w.amount) as amount from write_off w join cohort on cohort.id = w.code_id group by w.code_id),
          rd as (select r.code_id, sum(r.order_amount) as amount from redemption r join cohort on cohort.id = r.code_id where r.state = 'SUCCEEDED' and not r.test group by r.code_id)
     select count(*)::text as issued,
            count(*) filter (where cohort.redemptions_count > 0 or wo.code_id is not null)::text as used,
            count(wo.code_id)::text as written_off,
            count(distinct cohort.customer_id) filter (where cohort.redemptions_count > 0 or wo.code_id is not null)::text as customers_used,
            sum(wo.amount)::text as wo_spend, sum(rd.amount)::text as order_spend
       from cohort left join wo on wo.code_id = cohort.id left join rd on rd.code_id = cohort.id`,
    params);
  const channels = await sql<{ channel: string | null; issued: string; used: string; amount: string | null }[]>(ctx.em,
    `with cohort as (${cohort}),
          wo as (select w.code_id, sum(w.amount) as amount from write_off w join cohort on cohort.id = w.code_id group by w.code_id)
     select cohort.channel, count(*)::text as issued, count(*) filter (where cohort.redemptions_count > 0 or wo.code_id is not null)::text as used, sum(wo.amount)::text as amount
       from cohort left join wo on wo.code_id = cohort.id group by cohort.channel order by cohort.channel`,
    params);
  const monthly = DateTime.fromISO(to).diff(DateTime.fromISO(from), 'days').days > 62;
  const format = monthly ? 'YYYY-MM' : 'YYYY-MM-DD';
  const issuedBy = await sql<{ period: string; n: string }[]>(ctx.em,
    `select to_char(issued_at at time zone ?, '${format}') as period, count(*)::text as n from code where campaign_id = ? and issued_at >= ? and issued_at < ? group by 1`,
    [zone, ...params]);
  const writtenBy = await sql<{ period: string; n: string; amount: string }[]>(ctx.em,
    `select to_char(written_off_at at time zone ?, '${format}') as period, count(*)::text as n, sum(amount)::text as amount from write_off where campaign_id = ? and written_off_at >= ? and written_off_at < ? group by 1`,
    [zone, ...params]);
  const periods = new Map<string, { issued: number; writeOffs: number; amount: string }>();
  for (let d = DateTime.fromISO(from); d.toISODate()! <= to; d = d.plus(monthly ? { months: 1 } : { days: 1 })) {
    periods.set(monthly ? d.toFormat('yyyy-MM') : d.toISODate()!, { issued: 0, writeOffs: 0, amount: '0' });
  }
  if (monthly) periods.set(DateTime.fromISO(to).toFormat('yyyy-MM'), periods.get(DateTime.fromISO(to).toFormat('yyyy-MM')) ?? { issued: 0, writeOffs: 0, amount: '0' });
  for (const r of issuedBy) periods.set(r.period, { ...(periods.get(r.period) ?? { writeOffs: 0, amount: '0' }), issued: Number(r.n) });
  for (const r of writtenBy) periods.set(r.period, { ...(periods.get(r.period) ?? { issued: 0 }), writeOffs: Number(r.n), amount: r.amount });
  const codes = await sql<{ n: string }[]>(ctx.em, 'select count(*)::text as n from code where campaign_id = ?', [campaign.id]);
  const issued = Number(totals.issued);
  const target = campaign.maxIssued ?? Number(codes[0].n);
  const money = (v: string | null | undefined) => formatMoney(v ?? '0', campaign.currency);
  return {
    campaign,
    from,
    to,
    issued,
    target,
    claimRate: rate(issued, target),
    used: Number(totals.used),
    writtenOff: Number(totals.written_off),
    useRate: rate(Number(totals.used), issued),
    writeOffRate: rate(Number(totals.written_off), issued),
    customersUsed: Number(totals.customers_used),
    spend: money(new Money(totals.wo_spend ?? '0').plus(totals.order_spend ?? '0').toString()),
    byChannel: channels.map((c) => ({ key: c.channel ?? 'UNKNOWN', issued: Number(c.issued), redemptions: Number(c.used), applied: money(c.amount) })),
    byPeriod: [...periods.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([period, v]) => ({ period, issued: v.issued, writeOffs: v.writeOffs, amount: money(v.amount) })),
  };
}
