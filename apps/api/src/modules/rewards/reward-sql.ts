/**
 * The set-based path of a reward run: one INSERT … SELECT per BATCH offer per batch of events, with the
 * offer's validity and award conditions written as SQL predicates, so a million events never travel to
 * Node. It is a translation of the pure rules in @perkflow/domain (evaluateEvent, isWithinOfferValidity,
 * checkAwardConditionsFor, computeAwardAmount, awardExpiresAt), which stay the source of truth:
 * test/rewards-sql.test.ts evaluates the same events both ways and requires identical awards.
 *
 * Only rules that translate simply are done here. `sqlPlanFor` answers null — and the run evaluates the
 * batch in Node with the domain functions — when any effective offer has segment conditions (json-logic
 * rules), a percentage-of-awarded-within award (history-dependent), or when "apply only if best award"
 * meets ONLY_ONE offers (whose per-event order the domain defines).
 */
import { awardExpiresAt, currencyMinorUnits, formatMoney, type OfferToEvaluate, type SchemeFacts } from '@perkflow/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import { sqlOf, type OfferSet } from './reward-engine.js';

export interface BatchRange {
  /** Exclusive lower bound of event ids. */
  afterId: string;
  /** Inclusive upper bound of event ids. */
  upToId: string;
}

interface OfferQuery {
  offer: OfferToEvaluate;
  /** SELECT participant_id, offer_id, event_id, amount, expires_at, only_one, best, batch over the range's unprocessed events. */
  sql: string;
  params: unknown[];
}

export interface SqlPlan {
  queries: OfferQuery[];
  /** Some offer awards only when it is the best award of its event: candidates are compared in one statement. */
  compareBest: boolean;
}

const lowerAll = (values: readonly string[]) => values.map((v) => v.toLowerCase());

/**
 * isWithinOfferValidity for BIRTHDAY_PERIOD / NAME_DAY_PERIOD: the local date `l.ld` lies in
 * [day − before, day + after] around the yearly day (month `yd.m`, day `yd.d`; 29 February reads as
 * 28 February in common years) of the year before, the year itself or the year after.
 */
function yearlyWindowSql(before: number, after: number): string {
  const day = (offset: number) => {
    const first = `make_date(extract(year from l.ld)::int + (${offset}), yd.m, 1)`;
    return `least(${first} + (yd.d - 1), (${first} + interval '1 month')::date - 1)`;
  };
  return `(${[-1, 0, 1].map((o) => `l.ld between ${day(o)} - ${before} and ${day(o)} + ${after}`).join(' or ')})`;
}

/**
 * The SQL candidates of one offer (of either evaluation method: IMMEDIATE ones only compete for best award);
 * 'NEVER' when the offer can award nothing, 'NODE' when a rule needs the domain functions in Node.
 */
function offerQuery(offer: OfferToEvaluate, scheme: SchemeFacts, range: BatchRange, now: Date): OfferQuery | 'NEVER' | 'NODE' {
  const { validity, awardConditions: cond, award } = offer;
  const where: string[] = ['e.id > ?::bigint', 'e.id <= ?::bigint', 'e.processed_at is null'];
  const params: unknown[] = [];
  const joins: string[] = [];
  const joinParams: unknown[] = [];
  // the event's local calendar date in the scheme's time zone, computed once per row
  const localDate = `cross join lateral (select (e.performed_at at time zone '${scheme.timezone.replace(/'/g, "''")}')::date as ld) l`;
  let needsCustomer = false;
  switch (validity.kind) {
    case 'FROM_LATEST_EFFECTIVE_DATE':
      if (!offer.latestEffectiveDate) return 'NEVER';
      where.push('e.performed_at >= ?::timestamptz');
      params.push(offer.latestEffectiveDate.toISOString());
      break;
    case 'SPECIFIC_PERIOD':
      where.push('e.performed_at >= ?::timestamptz', 'e.performed_at < ?::timestamptz');
      params.push(new Date(Date.parse(validity.validFrom!)).toISOString(), new Date(Date.parse(validity.validTo!)).toISOString());
      break;
    case 'BIRTHDAY_PERIOD':
    case 'NAME_DAY_PERIOD': {
      needsCustomer = true;
      const column = validity.kind === 'BIRTHDAY_PERIOD' ? 'birthday' : 'name_day';
      joins.push(localDate, `cross join lateral (select extract(month from c.${column})::int as m, extract(day from c.${column})::int as d) yd`);
      where.push(yearlyWindowSql(validity.daysBefore ?? 0, validity.daysAfter ?? 0));
      break;
    }
    case 'RECURRING_PERIOD': {
      joins.push(localDate);
      const md = '(extract(month from l.ld)::int * 100 + extract(day from l.ld)::int)';
      const start = validity.fromMonth! * 100 + validity.fromDay!;
      const end = validity.toMonth! * 100 + validity.toDay!;
      where.push(start <= end ? `${md} between ${start} and ${end}` : `(${md} >= ${start} or ${md} <= ${end})`);
      break;
    }
  }
  if (cond.includedSegmentIds.length || cond.excludedSegmentIds.length) return 'NODE';
  if (cond.allowedUnitIds.length || cond.allowedGroupIds.length) {
    joins.push('left join org_unit u on u.id = e.unit_id');
    where.push(`(e.unit_id = any(string_to_array(?, ',')::bigint[]) or u.group_id = any(string_to_array(?, ',')::bigint[]))`);
    params.push(cond.allowedUnitIds.join(','), cond.allowedGroupIds.join(','));
  }
  if (cond.allowedAreas.length || cond.allowedCities.length || cond.allowedDistricts.length) {
    needsCustomer = true;
    where.push(`exists (select 1 from jsonb_array_elements(c.addresses) a
                  where coalesce((a->>'active')::boolean, false)
                    and (lower(a->>'area') in (select jsonb_array_elements_text(?::jsonb))
                         or lower(a->>'city') in (select jsonb_array_elements_text(?::jsonb))
                         or lower(a->>'district') in (select jsonb_array_elements_text(?::jsonb))))`);
    // (lists travel as JSON: the driver would spread a JavaScript array into separate parameters)
    params.push(...[cond.allowedAreas, cond.allowedCities, cond.allowedDistricts].map((list) => JSON.stringify(lowerAll(list))));
  }
  let amount: string;
  const amountParams: unknown[] = [];
  switch (award.kind) {
    case 'AMOUNT': {
      const fixed = formatMoney(award.amount!, scheme.currency);
      if (Number(fixed) <= 0) return 'NEVER'; // the domain says NOTHING_TO_AWARD
      amount = '?::numeric';
      amountParams.push(fixed);
      break;
    }
    case 'PERCENTAGE':
      where.push('e.amount is not null', '(e.currency is null or e.currency = ?)');
      params.push(scheme.currency);
      // rounded half-even to the currency's minor unit, like roundMoney (amounts are never negative)
      joins.push(`cross join lateral (select e.amount * ?::numeric / 100 * ${10 ** currencyMinorUnits(scheme.currency)} as v) r`);
      joinParams.push(award.percentage);
      amount = `(case when r.v - trunc(r.v) = 0.5 and mod(trunc(r.v), 2) = 0 then trunc(r.v) else round(r.v) end) / ${10 ** currencyMinorUnits(scheme.currency)}`;
      break;
    case 'PERCENTAGE_OF_AWARDED_WITHIN':
      return 'NODE';
  }
  if (needsCustomer) joins.unshift('join customer c on c.id = e.customer_id');
  const onlyOne = cond.numberOfAwards === 'ONLY_ONE';
  const expires = awardExpiresAt(offer.awardValidity, now, scheme.timezone);
  // ONLY_ONE: the participant's first matching event of the batch, if the participant has no award from the offer yet.
  const select = `select ${onlyOne ? 'distinct on (p.id) ' : ''}p.id as participant_id, ?::bigint as offer_id, e.id as event_id, ${amount} as amount,
            ?::timestamptz as expires_at, ?::boolean as only_one, ?::boolean as best, ?::boolean as batch
       from customer_event e
       join reward_participant p on p.customer_id = e.customer_id and p.scheme_id = ?::bigint
       ${joins.join(' ')}
      where ${where.join(' and ')}
        ${onlyOne ? 'and not exists (select 1 from award_transaction x where x.offer_id = ?::bigint and x.participant_id = p.id and x.only_one)' : ''}
      ${onlyOne ? 'order by p.id, e.id' : ''}`;
  const all = [
    offer.id,
    ...amountParams,
    expires ? expires.toISOString() : null,
    onlyOne,
    offer.applyIfBestAward,
    offer.evaluationMethod === 'BATCH',
    offer.schemeId,
    ...joinParams,
    range.afterId,
    range.upToId,
    ...params,
    ...(onlyOne ? [offer.id] : []),
  ];
  return { offer, sql: select, params: all };
}

/** The set-based plan for the effective offers, or null when some rule needs the domain functions in Node. */
export function sqlPlanFor(set: OfferSet, range: BatchRange, now: Date): SqlPlan | null {
  const compareBest = set.offers.some((o) => o.applyIfBestAward);
  if (compareBest && set.offers.some((o) => o.awardConditions.numberOfAwards === 'ONLY_ONE')) return null;
  const queries: OfferQuery[] = [];
  for (const offer of set.offers) {
    if (!compareBest && offer.evaluationMethod !== 'BATCH') continue;
    const scheme = set.schemes.get(offer.schemeId);
    if (!scheme) continue;
    const query = offerQuery(offer, scheme, range, now);
    if (query === 'NODE') return null;
    if (query !== 'NEVER') queries.push(query);
  }
  return { queries, compareBest };
}

/** True when every effective offer's rules translate to SQL (so runs may take the set-based path). */
export function canRunInSql(set: OfferSet): boolean {
  return sqlPlanFor(set, { afterId: '0', upToId: '0' }, new Date()) !== null;
}

const INSERT_COLUMNS = 'participant_id, offer_id, event_id, amount, remaining, expires_at, only_one, run, created_at';

interface Statement {
  sql: string;
  params: unknown[];
}

/** The plan's INSERT … SELECT statements: one per offer, or one for all when best awards are compared. Each answers (n, total in 1/10000). */
function statementsOf(plan: SqlPlan, runId: string, now: Date): Statement[] {
  const insert = (source: string) => `with ins as (
       insert into award_transaction (${INSERT_COLUMNS})
       select participant_id, offer_id, event_id, amount, amount, expires_at, only_one, ?::bigint, ?::timestamptz from (${source}) s
       on conflict do nothing
       returning amount)
     select count(*)::int as n, coalesce(sum(amount) * 10000, 0)::bigint::text as total from ins`;
  if (!plan.queries.length) return [];
  if (!plan.compareBest) {
    return plan.queries.map((q) => ({ sql: insert(`select * from (${q.sql}) c where c.batch and c.amount > 0`), params: [runId, now.toISOString(), ...q.params] }));
  }
  // "Apply only if best award": such an offer awards only when no other candidate of its event awards more.
  const union = plan.queries.map((q) => `(${q.sql})`).join(' union all ');
  const source = `select * from (select c.*, max(c.amount) over (partition by c.event_id) as top from (${union}) c where c.amount > 0) r
                   where r.batch and (not r.best or r.amount >= r.top)`;
  return [{ sql: insert(source), params: [runId, now.toISOString(), ...plan.queries.flatMap((q) => q.params)] }];
}

/** 1/10000 units (numeric(19,4)) as a decimal string. */
const fromTenThousandths = (units: bigint) => `${units / 10000n}.${(units % 10000n).toString().padStart(4, '0')}`;

/**
 * One set-based batch: the next `batchSize` unprocessed events after `afterId` (up to the run's high-water
 * mark). Each offer's INSERT … SELECT commits in a transaction of its own together with its share of the
 * run's counters, `parallel` offers at a time on separate connections; then one transaction marks the
 * batch's events processed. A run killed in between re-evaluates the unmarked events: the unique keys
 * (offer, event) and (offer, participant) for ONLY_ONE make the offers already done award nothing twice.
 */
export async function runSqlBatch(
  em: EntityManager,
  offers: OfferSet,
  batch: { runId: string; afterId: string; maxEventId: string; batchSize: number; now: Date; parallel: number },
): Promise<{ events: number; created: number; total: string; lastId: string } | null> {
  const { runId, now } = batch;
  const [range] = await sqlOf(em.fork({ disableContextResolution: true })).all<{ hi: string | null }>(
    `select max(id)::text as hi from (select id from customer_event where processed_at is null and id > ?::bigint and id <= ?::bigint order by id limit ?) s`,
    [batch.afterId, batch.maxEventId, batch.batchSize],
  );
  if (!range?.hi) return null;
  const plan = sqlPlanFor(offers, { afterId: batch.afterId, upToId: range.hi }, now);
  if (!plan) throw new Error('the effective offers need the Node evaluation path');
  const queue = statementsOf(plan, runId, now);
  let created = 0;
  let total = 0n;
  const worker = async () => {
    for (let statement = queue.shift(); statement; statement = queue.shift()) {
      const current = statement;
      const row = await em.fork({ disableContextResolution: true }).transactional(async (tx) => {
        const txSql = sqlOf(tx);
        const [result] = await txSql.all<{ n: number; total: string }>(current.sql, current.params);
        await txSql.all('update reward_run set awards_created = awards_created + ?, total_awarded = total_awarded + ?::numeric where id = ?::bigint', [
          result!.n,
          fromTenThousandths(BigInt(result!.total)),
          runId,
        ]);
        return result!;
      });
      created += row.n;
      total += BigInt(row.total);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(batch.parallel, queue.length)) }, worker));
  const events = await em.fork({ disableContextResolution: true }).transactional(async (tx) => {
    const txSql = sqlOf(tx);
    const [marked] = await txSql.all<{ n: number }>(
      `with m as (update customer_event set processed_at = ?::timestamptz, processed_by_run = ?::bigint
                   where id > ?::bigint and id <= ?::bigint and processed_at is null returning 1)
       select count(*)::int as n from m`,
      [now.toISOString(), runId, batch.afterId, range.hi],
    );
    await txSql.all('update reward_run set events_processed = events_processed + ?, batches = batches + 1, heartbeat_at = now() where id = ?::bigint', [marked!.n, runId]);
    return marked!.n;
  });
  return { events, created, total: fromTenThousandths(total), lastId: range.hi };
}
