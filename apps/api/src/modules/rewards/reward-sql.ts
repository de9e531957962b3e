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
import { recordBatch, sqlOf, type OfferSet } from './reward-engine.js';
import { liftLimitsForJob } from '../../database/statement-limits.js';

export interface BatchRange {
  /** Exclusive lower bound of event ids. */
  afterId: string;
  /** Inclusive upper bound of event ids. */
  upToId: string;
}

interface OfferQuery {
  offer: OfferToEvaluate;
  /** SELECT participant_id, offer_id, event_id, amount, expires_at, only_one, best, batch over the range's events. */
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
 * The calendar date of a yearly day (`anchor`'s month and day) in the year `year` + `offset` (an SQL int
 * expression); 29 February reads as 28 February in common years, like the domain's calendarDate.
 */
function yearlyDaySql(year: string, offset: number, anchor: string): string {
  const first = `make_date(${year} + (${offset}), extract(month from ${anchor})::int, 1)`;
  return `least(${first} + (extract(day from ${anchor})::int - 1), (${first} + interval '1 month')::date - 1)`;
}

/**
 * The SQL candidates of one offer (of either evaluation method: IMMEDIATE ones only compete for best award)
 * over the staged batch `reward_run_stage s`; 'NEVER' when the offer can award nothing, 'NODE' when a rule
 * needs the domain functions in Node.
 */
function offerQuery(offer: OfferToEvaluate, scheme: SchemeFacts, now: Date): OfferQuery | 'NEVER' | 'NODE' {
  const { validity, awardConditions: cond, award } = offer;
  const where: string[] = ['s.scheme_id = ?::bigint'];
  const params: unknown[] = [offer.schemeId];
  switch (validity.kind) {
    case 'FROM_LATEST_EFFECTIVE_DATE':
      if (!offer.latestEffectiveDate) return 'NEVER';
      where.push('s.performed_at >= ?::timestamptz');
      params.push(offer.latestEffectiveDate.toISOString());
      break;
    case 'SPECIFIC_PERIOD':
      where.push('s.performed_at >= ?::timestamptz', 's.performed_at < ?::timestamptz');
      params.push(new Date(Date.parse(validity.validFrom!)).toISOString(), new Date(Date.parse(validity.validTo!)).toISOString());
      break;
    case 'BIRTHDAY_PERIOD':
    case 'NAME_DAY_PERIOD': {
      // isWithinOfferValidity: the local date lies in [day − before, day + after] around the yearly day of the
      // year before, the year itself or the year after (the stage holds local date − each of the three days)
      const column = validity.kind === 'BIRTHDAY_PERIOD' ? 'birthday' : 'name_day';
      const before = -Math.trunc(validity.daysBefore ?? 0);
      const after = Math.trunc(validity.daysAfter ?? 0);
      where.push(`(${['prev', 'this', 'next'].map((y) => `s.${column}_${y} between ${before} and ${after}`).join(' or ')})`);
      break;
    }
    case 'RECURRING_PERIOD': {
      const md = 's.local_md';
      const start = validity.fromMonth! * 100 + validity.fromDay!;
      const end = validity.toMonth! * 100 + validity.toDay!;
      where.push(start <= end ? `${md} between ${start} and ${end}` : `(${md} >= ${start} or ${md} <= ${end})`);
      break;
    }
  }
  if (cond.includedSegmentIds.length || cond.excludedSegmentIds.length) return 'NODE';
  if (cond.allowedUnitIds.length || cond.allowedGroupIds.length) {
    where.push(`(s.unit_id = any(string_to_array(?, ',')::bigint[]) or s.unit_group_id = any(string_to_array(?, ',')::bigint[]))`);
    params.push(cond.allowedUnitIds.join(','), cond.allowedGroupIds.join(','));
  }
  if (cond.allowedAreas.length || cond.allowedCities.length || cond.allowedDistricts.length) {
    // the stage holds the lower-cased areas, cities and districts of the participant's active addresses
    where.push(`(s.active_areas && array(select jsonb_array_elements_text(?::jsonb))
                 or s.active_cities && array(select jsonb_array_elements_text(?::jsonb))
                 or s.active_districts && array(select jsonb_array_elements_text(?::jsonb)))`);
    // (lists travel as JSON: the driver would spread a JavaScript array into separate parameters)
    params.push(...[cond.allowedAreas, cond.allowedCities, cond.allowedDistricts].map((list) => JSON.stringify(lowerAll(list))));
  }
  let amount: string;
  let percentage: string | null = null;
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
      where.push('s.amount is not null', '(s.currency is null or s.currency = ?)');
      params.push(scheme.currency);
      // rounded half-even to the currency's minor unit, like roundMoney (amounts are never negative); `s.v` is
      // computed by the inner query below for the rows that pass the filters only
      amountParams.push(award.percentage);
      amount = `(case when s.v - trunc(s.v) = 0.5 and mod(trunc(s.v), 2) = 0 then trunc(s.v) else round(s.v) end) / ${10 ** currencyMinorUnits(scheme.currency)}`;
      percentage = `s.amount * ?::numeric / 100 * ${10 ** currencyMinorUnits(scheme.currency)}`;
      break;
    case 'PERCENTAGE_OF_AWARDED_WITHIN':
      return 'NODE';
  }
  const onlyOne = cond.numberOfAwards === 'ONLY_ONE';
  const expires = awardExpiresAt(offer.awardValidity, now, scheme.timezone);
  // ONLY_ONE: the participant's first matching event of the batch, if the participant has no award from the offer yet.
  const filtered = `select s.participant_id, s.event_id${percentage ? `, ${percentage} as v` : ''}
       from reward_run_stage s
      where ${where.join(' and ')}
        ${onlyOne ? 'and not exists (select 1 from award_transaction x where x.offer_id = ?::bigint and x.participant_id = s.participant_id and x.only_one)' : ''}`;
  const select = `select ${onlyOne ? 'distinct on (s.participant_id) ' : ''}s.participant_id, ?::bigint as offer_id, s.event_id, ${amount} as amount,
            ?::timestamptz as expires_at, ?::boolean as only_one, ?::boolean as best, ?::boolean as batch
       from (${filtered}) s
      ${onlyOne ? 'order by s.participant_id, s.event_id' : ''}`;
  const all = [
    offer.id,
    ...(percentage ? [] : amountParams),
    expires ? expires.toISOString() : null,
    onlyOne,
    offer.applyIfBestAward,
    offer.evaluationMethod === 'BATCH',
    ...(percentage ? amountParams : []),
    ...params,
    ...(onlyOne ? [offer.id] : []),
  ];
  return { offer, sql: select, params: all };
}

/** True when an offer's rules read the customer (birthday, name day, addresses). */
const needsCustomer = (o: OfferToEvaluate) =>
  o.validity.kind === 'BIRTHDAY_PERIOD' || o.validity.kind === 'NAME_DAY_PERIOD' || o.awardConditions.allowedAreas.length + o.awardConditions.allowedCities.length + o.awardConditions.allowedDistricts.length > 0;

/**
 * Stages a batch: its events joined once with their participants (in the offers' schemes), the scheme's
 * time zone (local date), the submitting unit's group and, when an offer needs them, the customer's
 * birthday, name day and addresses. Committed, so the offers' statements on other connections read it.
 */
async function stageBatch(em: EntityManager, offers: OfferSet, range: BatchRange, parallel: number): Promise<void> {
  const sql = sqlOf(em.fork({ disableContextResolution: true }));
  await sql.all('truncate reward_run_stage');
  const withCustomer = offers.offers.some(needsCustomer);
  // only the customer facts some offer reads
  const uses = (kind: string) => offers.offers.some((o) => o.validity.kind === kind);
  const usesPlaces = offers.offers.some((o) => o.awardConditions.allowedAreas.length + o.awardConditions.allowedCities.length + o.awardConditions.allowedDistricts.length > 0);
  const year = 'extract(year from x.ld)::int';
  const yearly = (column: string, used: boolean) =>
    used ? [-1, 0, 1].map((offset) => `x.ld - ${yearlyDaySql(year, offset, `c.${column}`)}`).join(', ') : 'null, null, null';
  const active = (key: string) =>
    usesPlaces
      ? `(select array_agg(lower(a->>'${key}')) from jsonb_array_elements(c.addresses) a where coalesce((a->>'active')::boolean, false) and a->>'${key}' is not null)`
      : 'null';
  // the range in `parallel` slices staged at once on separate connections
  const from = BigInt(range.afterId);
  const width = (BigInt(range.upToId) - from + BigInt(parallel) - 1n) / BigInt(parallel);
  const slices = Array.from({ length: parallel }, (_, i) => [from + width * BigInt(i), from + width * BigInt(i + 1) < BigInt(range.upToId) ? from + width * BigInt(i + 1) : BigInt(range.upToId)]);
  const stageSlice = ([a, b]: bigint[]) =>
    sqlOf(em.fork({ disableContextResolution: true })).all(
      `insert into reward_run_stage (event_id, participant_id, scheme_id, customer_id, performed_at, amount, currency, unit_id, unit_group_id, local_date, local_md,
                                   birthday_prev, birthday_this, birthday_next, name_day_prev, name_day_this, name_day_next, active_areas, active_cities, active_districts)
     select x.id, x.participant_id, x.scheme_id, x.customer_id, x.performed_at, x.amount, x.currency, x.unit_id, x.group_id, x.ld,
            extract(month from x.ld)::int * 100 + extract(day from x.ld)::int,
            ${withCustomer ? `${yearly('birthday', uses('BIRTHDAY_PERIOD'))}, ${yearly('name_day', uses('NAME_DAY_PERIOD'))}, ${active('area')}, ${active('city')}, ${active('district')}` : 'null, null, null, null, null, null, null, null, null'}
       from (select e.id, p.id as participant_id, p.scheme_id, e.customer_id, e.performed_at, e.amount, e.currency, e.unit_id, u.group_id,
                    (e.performed_at at time zone rs.timezone)::date as ld
               from customer_event e
               join reward_participant p on p.customer_id = e.customer_id and p.scheme_id = any(string_to_array(?, ',')::bigint[])
               join reward_scheme rs on rs.id = p.scheme_id
               left join org_unit u on u.id = e.unit_id
              where e.id > ?::bigint and e.id <= ?::bigint) x
       ${withCustomer ? 'join customer c on c.id = x.customer_id' : ''}`,
      [[...offers.schemes.keys()].join(','), a!.toString(), b!.toString()],
    );
  await Promise.all(slices.filter(([a, b]) => a! < b!).map(stageSlice));
  await sql.all('analyze reward_run_stage');
}

/** The set-based plan for the effective offers, or null when some rule needs the domain functions in Node. */
export function sqlPlanFor(set: OfferSet, now: Date): SqlPlan | null {
  const compareBest = set.offers.some((o) => o.applyIfBestAward);
  if (compareBest && set.offers.some((o) => o.awardConditions.numberOfAwards === 'ONLY_ONE')) return null;
  const queries: OfferQuery[] = [];
  for (const offer of set.offers) {
    if (!compareBest && offer.evaluationMethod !== 'BATCH') continue;
    const scheme = set.schemes.get(offer.schemeId);
    if (!scheme) continue;
    const query = offerQuery(offer, scheme, now);
    if (query === 'NODE') return null;
    if (query !== 'NEVER') queries.push(query);
  }
  return { queries, compareBest };
}

/** True when every effective offer's rules translate to SQL (so runs may take the set-based path). */
export function canRunInSql(set: OfferSet): boolean {
  return sqlPlanFor(set, new Date()) !== null;
}

const INSERT_COLUMNS = 'participant_id, offer_id, event_id, amount, remaining, expires_at, only_one, run, created_at';

interface Statement {
  sql: string;
  params: unknown[];
  /** The offers whose awards it inserts (locked FOR KEY SHARE first). */
  offerIds: string[];
}

/**
 * The plan's INSERT … SELECT statements: one per offer, or one for all when best awards are compared. Each
 * answers (n, total in 1/10000). An offer evaluating the range for the first time inserts plainly (cheaper
 * than ON CONFLICT's speculative insertion); one that already has awards in it — the range is evaluated
 * again after a crash — skips them with ON CONFLICT DO NOTHING.
 */
function statementsOf(plan: SqlPlan, runId: string, now: Date, resumed: ReadonlySet<string>): Statement[] {
  const insert = (source: string, skipExisting: boolean) => `with ins as (
       insert into award_transaction (${INSERT_COLUMNS})
       select participant_id, offer_id, event_id, amount, amount, expires_at, only_one, ?::bigint, ?::timestamptz from (${source}) s
       ${skipExisting ? 'on conflict do nothing' : ''}
       returning amount)
     select count(*)::int as n, coalesce(sum(amount) * 10000, 0)::bigint::text as total from ins`;
  if (!plan.queries.length) return [];
  if (!plan.compareBest) {
    return plan.queries.map((q) => ({
      sql: insert(`select * from (${q.sql}) c where c.batch and c.amount > 0`, resumed.has(q.offer.id)),
      params: [runId, now.toISOString(), ...q.params],
      offerIds: [q.offer.id],
    }));
  }
  // "Apply only if best award": such an offer awards only when no other candidate of its event awards more.
  const union = plan.queries.map((q) => `(${q.sql})`).join(' union all ');
  const source = `select * from (select c.*, max(c.amount) over (partition by c.event_id) as top from (${union}) c where c.amount > 0) r
                   where r.batch and (not r.best or r.amount >= r.top)`;
  return [{ sql: insert(source, true), params: [runId, now.toISOString(), ...plan.queries.flatMap((q) => q.params)], offerIds: plan.queries.map((q) => q.offer.id) }];
}

/** 1/10000 units (numeric(19,4)) as a decimal string. */
const fromTenThousandths = (units: bigint) => `${units / 10000n}.${(units % 10000n).toString().padStart(4, '0')}`;

/**
 * One set-based batch: the events with ids in (afterId, upToId]. Each offer's INSERT … SELECT commits in a
 * transaction of its own together with its share of the run's counters, `parallel` offers at a time on
 * separate connections; then one transaction records the range as evaluated. A run killed in between
 * evaluates the range again: ON CONFLICT on the unique (offer, event) — and, for ONLY_ONE, the anti-join on
 * (offer, participant) backed by a unique index — makes the offers already done award nothing twice.
 */
export async function runSqlBatch(
  em: EntityManager,
  offers: OfferSet,
  batch: { runId: string; afterId: string; upToId: string; now: Date; parallel: number; profile?: (step: string, ms: number) => void },
): Promise<{ events: number; created: number; total: string }> {
  const { runId, now } = batch;
  const plan = sqlPlanFor(offers, now);
  if (!plan) throw new Error('the effective offers need the Node evaluation path');
  const sql = sqlOf(em.fork({ disableContextResolution: true }));
  const profile = batch.profile ? (label: string, since: number) => batch.profile!(label, Math.round(performance.now() - since)) : null;
  let started = performance.now();
  await stageBatch(em, offers, batch, batch.parallel);
  profile?.('stage', started);
  // Fresh statistics for the anti-joins of ONLY_ONE offers (the table grows by millions during a run).
  started = performance.now();
  await sql.all('analyze award_transaction');
  profile?.('analyze', started);
  const resumed = await sql.all<{ offer_id: string }>(
    `select distinct offer_id::text from award_transaction where offer_id = any(string_to_array(?, ',')::bigint[]) and event_id > ?::bigint and event_id <= ?::bigint`,
    [plan.queries.map((q) => q.offer.id).join(','), batch.afterId, batch.upToId],
  );
  const queue = statementsOf(plan, runId, now, new Set(resumed.map((r) => r.offer_id)));
  let created = 0;
  let total = 0n;
  const worker = async () => {
    for (let statement = queue.shift(); statement; statement = queue.shift()) {
      const current = statement;
      const since = performance.now();
      const row = await em.fork({ disableContextResolution: true }).transactional(async (tx) => {
        const txSql = sqlOf(tx);
        await liftLimitsForJob((statement) => txSql.all(statement));
        // What the foreign key to the offer did: an offer being deleted cannot gain awards meanwhile.
        const live = await txSql.all<{ id: string }>('select id::text from reward_offer where id = any(string_to_array(?, \',\')::bigint[]) order by id for key share', [current.offerIds.join(',')]);
        if (live.length < current.offerIds.length) return { n: 0, total: '0' };
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
      profile?.(`offers ${current.offerIds.join(',')} (${row.n} awards)`, since);
    }
  };
  started = performance.now();
  await Promise.all(Array.from({ length: Math.max(1, Math.min(batch.parallel, queue.length)) }, worker));
  profile?.('all offers', started);
  const events = await em.fork({ disableContextResolution: true }).transactional(async (tx) => {
    const txSql = sqlOf(tx);
    const [range] = await txSql.all<{ n: number }>('select count(*)::int as n from customer_event where id > ?::bigint and id <= ?::bigint', [batch.afterId, batch.upToId]);
    await recordBatch(txSql, { runId, afterId: batch.afterId, upToId: batch.upToId, events: range!.n });
    await txSql.all('update reward_run set events_processed = events_processed + ?, batches = batches + 1, heartbeat_at = now() where id = ?::bigint', [range!.n, runId]);
    return range!.n;
  });
  return { events, created, total: fromTenThousandths(total) };
}
