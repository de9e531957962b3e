import { formatMoney, reportPeriod } from '@perkflow/domain';
import { scopeOfEm, visibleRecordSql, visibleSql } from '../../database/visibility.js';
import { getReadable } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';
import { sql } from '../campaigns/sql.js';
import { RewardScheme } from '../rewards/reward-scheme.entity.js';
import type { RewardsReportType } from './rewards-report.types.js';

type Sums = { n: number; total: string | null };

/** Runs SQL written with numbered parameters ($1, $2…, reusable) through the ORM connection's `?` placeholders. */
function query<R extends unknown[]>(em: GraphQLContext['em'], text: string, params: readonly unknown[]): Promise<R> {
  const positional: unknown[] = [];
  const converted = text.replace(/\$(\d+)/g, (_m, n: string) => {
    positional.push(params[Number(n) - 1]);
    return '?';
  });
  return sql<R>(em, converted, positional);
}

/**
 * SPEC §8 for rewards: what a scheme awarded, what was spent and what expired over [from, to) in the
 * scheme's time zone, and what it still owes now (outstanding liability). Aggregated in SQL over the
 * wallet tables; amounts rounded half-even to the currency's minor unit.
 */
export async function rewardsReport(ctx: GraphQLContext, schemeId: string, from: string, to: string): Promise<RewardsReportType> {
  const scheme = await getReadable(ctx, RewardScheme, 'RewardScheme', schemeId);
  const period = reportPeriod(from, to, scheme.timezone);
  if (!period.ok) throw badInput(period.field ?? 'to', period.explanation);
  const { start, end } = period.value;
  const money = (value: string | null | undefined) => formatMoney(value ?? '0', scheme.currency);
  const params = [scheme.id, start, end, scheme.timezone];
  // Aggregates count only what the viewer may see: awards of offers they may not see are left out.
  const scope = scopeOfEm(ctx.em);
  const awardVisible = visibleRecordSql(scope, 'RewardOffer', 'a.offer_id');
  const offerVisible = visibleSql(scope, 'o') + ' and ' + visibleRecordSql(scope, 'RewardScheme', 'o.scheme_id');

  const [[participants], [awarded], [spent], [expired], [outstanding], months, offers] = await Promise.all([
    query<{ n: number }[]>(ctx.em, 'select count(*)::int as n from reward_participant where scheme_id = $1', [scheme.id]),
    query<Sums[]>(
      ctx.em,
      `select count(*)::int as n, sum(a.amount)::text as total from award_transaction a join reward_participant p on p.id = a.participant_id and ${awardVisible}
        where p.scheme_id = $1 and a.created_at >= $2 and a.created_at < $3`,
      params.slice(0, 3),
    ),
    query<Sums[]>(
      ctx.em,
      `select count(*)::int as n, sum(s.amount)::text as total from spend_transaction s join reward_participant p on p.id = s.participant_id
        where p.scheme_id = $1 and s.performed_at >= $2 and s.performed_at < $3`,
      params.slice(0, 3),
    ),
    query<Sums[]>(
      ctx.em,
      `select count(*)::int as n, sum(a.remaining)::text as total from award_transaction a join reward_participant p on p.id = a.participant_id and ${awardVisible}
        where p.scheme_id = $1 and a.expires_at >= $2 and a.expires_at < $3 and a.expires_at <= now()`,
      params.slice(0, 3),
    ),
    query<Sums[]>(
      ctx.em,
      `select count(*)::int as n, sum(a.remaining)::text as total from award_transaction a join reward_participant p on p.id = a.participant_id and ${awardVisible}
        where p.scheme_id = $1 and a.remaining > 0 and (a.expires_at is null or a.expires_at > now())`,
      [scheme.id],
    ),
    query<{ month: string; awarded: string | null; spent: string | null; expired: string | null }[]>(
      ctx.em,
      `with a as (
         select to_char(a.created_at at time zone $4, 'YYYY-MM') as month, sum(a.amount) as awarded from award_transaction a
           join reward_participant p on p.id = a.participant_id and ${awardVisible} where p.scheme_id = $1 and a.created_at >= $2 and a.created_at < $3 group by 1),
       s as (
         select to_char(s.performed_at at time zone $4, 'YYYY-MM') as month, sum(s.amount) as spent from spend_transaction s
           join reward_participant p on p.id = s.participant_id where p.scheme_id = $1 and s.performed_at >= $2 and s.performed_at < $3 group by 1),
       e as (
         select to_char(a.expires_at at time zone $4, 'YYYY-MM') as month, sum(a.remaining) as expired from award_transaction a
           join reward_participant p on p.id = a.participant_id and ${awardVisible}
          where p.scheme_id = $1 and a.expires_at >= $2 and a.expires_at < $3 and a.expires_at <= now() group by 1)
       select month, a.awarded::text, s.spent::text, e.expired::text from a full join s using (month) full join e using (month)`,
      params,
    ),
    query<{ offer_id: string; name: string; n: number; total: string }[]>(
      ctx.em,
      `select o.id::text as offer_id, o.name, count(*)::int as n, sum(a.amount)::text as total from award_transaction a
         join reward_participant p on p.id = a.participant_id and ${awardVisible} join reward_offer o on o.id = a.offer_id and ${offerVisible}
        where p.scheme_id = $1 and a.created_at >= $2 and a.created_at < $3 group by o.id, o.name order by sum(a.amount) desc, o.id`,
      params.slice(0, 3),
    ),
  ]);
  const byMonthKey = new Map(months.map((m) => [m.month, m]));
  return {
    schemeId: scheme.id,
    currency: scheme.currency,
    timezone: scheme.timezone,
    from,
    to,
    participants: participants.n,
    awards: awarded.n,
    awarded: money(awarded.total),
    spends: spent.n,
    spent: money(spent.total),
    expired: money(expired.total),
    outstandingLiability: money(outstanding.total),
    byMonth: period.value.months.map((month) => {
      const row = byMonthKey.get(month);
      return { month, awarded: money(row?.awarded), spent: money(row?.spent), expired: money(row?.expired) };
    }),
    byOffer: offers.map((o) => ({ offerId: o.offer_id, offerName: o.name, awards: o.n, awarded: money(o.total) })),
  };
}

/** The same report as CSV rows (the header first): one row per month, a totals row, the liability. */
export function rewardsReportCsv(report: RewardsReportType): unknown[][] {
  return [
    ['month', 'awarded', 'spent', 'expired', 'currency'],
    ...report.byMonth.map((m) => [m.month, m.awarded, m.spent, m.expired, report.currency]),
    ['total', report.awarded, report.spent, report.expired, report.currency],
    ['outstanding liability (now)', report.outstandingLiability, '', '', report.currency],
  ];
}
