/**
 * Applies the pure evaluation of @perkflow/domain to customer events, over plain SQL so that one event
 * (IMMEDIATE offers, on arrival) and a batch of thousands (a reward run) go through the same code:
 * load the batch's facts in a few set-based queries → evaluateEvent per event → one INSERT … ON CONFLICT
 * DO NOTHING for all the batch's awards. The unique constraints (offer, event) and (offer, participant)
 * for ONLY_ONE offers make a repeated evaluation award nothing twice.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  customerFacts,
  evaluateEvent,
  isSegmentMember,
  Money,
  type AwardConditionsRule,
  type AwardRule,
  type AwardValidityRule,
  type EvaluatedAward,
  type EvaluationMethod,
  type MoneyValue,
  type OfferClassification,
  type OfferToEvaluate,
  type OfferValidityRule,
  type ParticipantFacts,
  type SchemeFacts,
  type SegmentEntityKind,
} from '@perkflow/domain';

/** Raw SQL in the caller's transaction (knex-style `?` placeholders). */
export interface Sql {
  all<T>(sql: string, params?: unknown[]): Promise<T[]>;
}

export function sqlOf(em: EntityManager): Sql {
  return {
    all: <T>(sql: string, params: unknown[] = []) => em.getConnection().execute<T[]>(sql, params, 'all', em.getTransactionContext()) as Promise<T[]>,
  };
}

/** A bigint id list as one parameter: `= any(string_to_array(?, ',')::bigint[])`. */
const idList = (ids: Iterable<string>) => [...ids].join(',');

export interface EventRow {
  id: string;
  customer_id: string;
  performed_at: Date;
  amount: string | null;
  currency: string | null;
  unit_id: string | null;
}

interface SegmentRow {
  id: string;
  entity: SegmentEntityKind;
  rule: Record<string, unknown> | null;
  member_ids: string[];
}

/** Everything about the effective offers a batch needs, loaded once per run (or per arriving event). */
export interface OfferSet {
  offers: OfferToEvaluate[];
  schemes: Map<string, SchemeFacts>;
  segments: SegmentRow[];
  unitGroups: Map<string, string>;
  needsOnlyOneHistory: boolean;
  /** The longest look-back of a PERCENTAGE_OF_AWARDED_WITHIN award, or null when no offer has one. */
  hasAwardedWithin: boolean;
}

export async function loadEffectiveOffers(sql: Sql): Promise<OfferSet> {
  const rows = await sql.all<{
    id: string;
    scheme_id: string;
    type_id: string;
    classification: OfferClassification;
    evaluation_method: EvaluationMethod;
    latest_effective_date: Date | null;
    award: AwardRule;
    apply_if_best_award: boolean;
    validity: OfferValidityRule;
    award_validity: AwardValidityRule;
    award_conditions: AwardConditionsRule;
  }>(
    `select id::text, scheme_id::text, type_id::text, classification, evaluation_method, latest_effective_date, award, apply_if_best_award, validity, award_validity, award_conditions
       from reward_offer where life_cycle_state = 'EFFECTIVE' order by id`,
  );
  const offers: OfferToEvaluate[] = rows.map((r) => ({
    id: r.id,
    schemeId: r.scheme_id,
    typeId: r.type_id,
    classification: r.classification,
    evaluationMethod: r.evaluation_method,
    latestEffectiveDate: r.latest_effective_date ? new Date(r.latest_effective_date) : null,
    award: r.award,
    applyIfBestAward: r.apply_if_best_award,
    validity: r.validity,
    awardValidity: r.award_validity,
    awardConditions: r.award_conditions,
  }));
  const schemeIds = new Set(offers.map((o) => o.schemeId));
  const schemes = new Map<string, SchemeFacts>();
  if (schemeIds.size) {
    for (const s of await sql.all<{ id: string; currency: string; timezone: string }>(
      `select id::text, currency, timezone from reward_scheme where id = any(string_to_array(?, ',')::bigint[])`,
      [idList(schemeIds)],
    )) {
      schemes.set(s.id, s);
    }
  }
  const segmentIds = new Set(offers.flatMap((o) => [...o.awardConditions.includedSegmentIds, ...o.awardConditions.excludedSegmentIds]));
  const segments = segmentIds.size
    ? await sql.all<SegmentRow>(`select id::text, entity, rule, member_ids from segment where id = any(string_to_array(?, ',')::bigint[])`, [idList(segmentIds)])
    : [];
  const unitGroups = new Map<string, string>();
  for (const u of await sql.all<{ id: string; group_id: string }>('select id::text, group_id::text from org_unit')) unitGroups.set(u.id, u.group_id);
  return {
    offers,
    schemes,
    segments,
    unitGroups,
    needsOnlyOneHistory: offers.some((o) => o.awardConditions.numberOfAwards === 'ONLY_ONE'),
    hasAwardedWithin: offers.some((o) => o.award.kind === 'PERCENTAGE_OF_AWARDED_WITHIN'),
  };
}

export interface AwardToInsert extends EvaluatedAward {
  eventId: string;
}

interface PastAward {
  amount: MoneyValue;
  createdAt: number;
  typeId: string;
  schemeId: string;
}

/**
 * Evaluates a batch of events (in id order) and returns the awards of the given evaluation method. Awards
 * made earlier in the same batch count for later events (ONLY_ONE and percentage-of-awarded offers).
 */
export async function evaluateEvents(sql: Sql, set: OfferSet, events: readonly EventRow[], method: EvaluationMethod, now: Date): Promise<AwardToInsert[]> {
  if (!events.length || !set.offers.some((o) => o.evaluationMethod === method)) return [];
  const customerIds = new Set(events.map((e) => String(e.customer_id)));
  const participants = await sql.all<{ id: string; scheme_id: string; customer_id: string }>(
    `select id::text, scheme_id::text, customer_id::text from reward_participant
      where customer_id = any(string_to_array(?, ',')::bigint[]) and scheme_id = any(string_to_array(?, ',')::bigint[])`,
    [idList(customerIds), idList(set.schemes.keys())],
  );
  if (!participants.length) return [];
  const byCustomer = new Map<string, { id: string; scheme_id: string }[]>();
  for (const p of participants) {
    const list = byCustomer.get(p.customer_id) ?? [];
    list.push(p);
    byCustomer.set(p.customer_id, list);
  }
  const customers = await sql.all<{
    id: string;
    name: string;
    email: string | null;
    birthday: string | null;
    name_day: string | null;
    signed_up_at: Date;
    region: string | null;
    blacklisted: boolean;
    addresses: { area: string | null; city: string | null; district: string | null; active: boolean }[];
  }>(
    `select id::text, name, email, birthday::text, name_day::text, signed_up_at, region, blacklisted, addresses
       from customer where id = any(string_to_array(?, ',')::bigint[])`,
    [idList(byCustomer.keys())],
  );
  const facts = new Map<string, Omit<ParticipantFacts, 'participantId' | 'schemeId'>>();
  const customerSegments = set.segments.filter((s) => s.entity === 'CUSTOMER');
  for (const c of customers) {
    const segmentIds = new Set<string>();
    if (customerSegments.length) {
      const f = customerFacts({ ...c, nameDay: c.name_day, signedUpAt: c.signed_up_at });
      for (const s of customerSegments) if (isSegmentMember({ rule: s.rule, memberIds: s.member_ids } as never, f)) segmentIds.add(s.id);
    }
    facts.set(c.id, { birthday: c.birthday, nameDay: c.name_day, addresses: c.addresses ?? [], segmentIds });
  }
  const participantIds = idList(participants.map((p) => p.id));
  const onlyOne = new Set<string>();
  if (set.needsOnlyOneHistory) {
    for (const r of await sql.all<{ offer_id: string; participant_id: string }>(
      `select offer_id::text, participant_id::text from award_transaction where only_one and participant_id = any(string_to_array(?, ',')::bigint[])`,
      [participantIds],
    )) {
      onlyOne.add(`${r.offer_id}|${r.participant_id}`);
    }
  }
  const past = new Map<string, PastAward[]>();
  const schemeOfParticipant = new Map(participants.map((p) => [p.id, p.scheme_id]));
  const customerOfParticipant = new Map(participants.map((p) => [p.id, p.customer_id]));
  if (set.hasAwardedWithin) {
    for (const r of await sql.all<{ customer_id: string; amount: string; created_at: Date; type_id: string; scheme_id: string }>(
      `select p.customer_id::text, a.amount::text, a.created_at, o.type_id::text, o.scheme_id::text
         from award_transaction a join reward_participant p on p.id = a.participant_id join reward_offer o on o.id = a.offer_id
        where p.customer_id = any(string_to_array(?, ',')::bigint[])`,
      [idList(byCustomer.keys())],
    )) {
      const list = past.get(r.customer_id) ?? [];
      list.push({ amount: new Money(r.amount), createdAt: new Date(r.created_at).getTime(), typeId: r.type_id, schemeId: r.scheme_id });
      past.set(r.customer_id, list);
    }
  }
  const offerById = new Map(set.offers.map((o) => [o.id, o]));
  const out: AwardToInsert[] = [];
  for (const event of events) {
    const customerId = String(event.customer_id);
    const joined = byCustomer.get(customerId);
    const customer = facts.get(customerId);
    if (!joined || !customer) continue;
    const unitId = event.unit_id === null ? null : String(event.unit_id);
    const result = evaluateEvent({
      event: {
        id: String(event.id),
        performedAt: new Date(event.performed_at),
        amount: event.amount,
        currency: event.currency,
        unitId,
        unitGroupId: unitId === null ? null : (set.unitGroups.get(unitId) ?? null),
      },
      participants: joined.map((p) => ({ ...customer, participantId: p.id, schemeId: p.scheme_id })),
      offers: set.offers,
      schemes: set.schemes,
      history: {
        hasAward: (offerId, participantId) => onlyOne.has(`${offerId}|${participantId}`),
        awardedWithin({ from, to, offerTypeIds, schemeIds }) {
          let total: MoneyValue = new Money(0);
          for (const a of past.get(customerId) ?? []) {
            if (a.createdAt < from.getTime() || a.createdAt > to.getTime()) continue;
            if (offerTypeIds.length && !offerTypeIds.includes(a.typeId)) continue;
            if (schemeIds.length && !schemeIds.includes(a.schemeId)) continue;
            total = total.plus(a.amount);
          }
          return total;
        },
      },
      now,
    });
    for (const award of result.awards) {
      if (award.evaluationMethod !== method) continue;
      out.push({ ...award, eventId: String(event.id) });
      if (award.onlyOne) onlyOne.add(`${award.offerId}|${award.participantId}`);
      if (set.hasAwardedWithin) {
        const offer = offerById.get(award.offerId)!;
        const owner = customerOfParticipant.get(award.participantId)!;
        const list = past.get(owner) ?? [];
        list.push({ amount: new Money(award.amount), createdAt: now.getTime(), typeId: offer.typeId, schemeId: schemeOfParticipant.get(award.participantId)! });
        past.set(owner, list);
      }
    }
  }
  return out;
}

/** Inserts awards in one statement; a repeated (offer, event) or a second ONLY_ONE award is skipped. */
export async function insertAwards(sql: Sql, awards: readonly AwardToInsert[], runId: string | null, now: Date): Promise<{ created: number; total: string }> {
  if (!awards.length) return { created: 0, total: '0' };
  const payload = JSON.stringify(
    awards.map((a) => ({ p: a.participantId, o: a.offerId, e: a.eventId, a: a.amount, x: a.expiresAt ? a.expiresAt.toISOString() : null, u: a.onlyOne })),
  );
  const rows = await sql.all<{ n: number; total: string }>(
    `with ins as (
       insert into award_transaction (participant_id, offer_id, event_id, amount, remaining, expires_at, only_one, run, created_at)
       select x.p, x.o, x.e, x.a, x.a, x.x, x.u, ?::bigint, ?::timestamptz
         from json_to_recordset(?::json) as x(p bigint, o bigint, e bigint, a numeric, x timestamptz, u boolean)
       on conflict do nothing
       returning amount)
     select count(*)::int as n, coalesce(sum(amount), 0)::text as total from ins`,
    [runId, now.toISOString(), payload],
  );
  return { created: rows[0]!.n, total: rows[0]!.total };
}

/**
 * One batch of a reward run evaluated in Node with the domain functions, in the caller's transaction: claims
 * up to `batchSize` unprocessed events after `afterId` (oldest first, up to the run's high-water mark; SKIP
 * LOCKED), awards them against the BATCH offers and marks them processed by the run. Null when none is left.
 */
export async function runNodeBatch(
  sql: Sql,
  offers: OfferSet,
  batch: { runId: string; afterId: string; maxEventId: string; batchSize: number; now: Date },
): Promise<{ events: number; created: number; total: string; lastId: string } | null> {
  const { runId, now } = batch;
  const events = await sql.all<EventRow>(
    `select id::text, customer_id::text, performed_at, amount::text, currency, unit_id::text
       from customer_event where processed_at is null and id > ?::bigint and id <= ?::bigint
      order by customer_event.id limit ? for update skip locked`,
    [batch.afterId, batch.maxEventId, batch.batchSize],
  );
  if (!events.length) return null;
  const awards = await evaluateEvents(sql, offers, events, 'BATCH', now);
  const inserted = await insertAwards(sql, awards, runId, now);
  await sql.all(`update customer_event set processed_at = ?::timestamptz, processed_by_run = ?::bigint where id = any(string_to_array(?, ',')::bigint[])`, [
    now.toISOString(),
    runId,
    events.map((e) => e.id).join(','),
  ]);
  return { events: events.length, ...inserted, lastId: events[events.length - 1]!.id };
}
