import { scopeOfEm, visibleRecordSql } from '../../database/visibility.js';
import {
  currencyMinorUnits,
  formatMoney,
  isDecimalLiteral,
  Money,
  planSpend,
  walletBalance,
  type SpendConditionsRule,
} from '@perkflow/domain';
import { getReadable } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';
import { Unit } from '../access/unit.entity.js';
import { recordAudit } from '../audit/audit-trail.js';
import { Customer } from '../catalogue/customer.entity.js';
import { getAllReferenced, getReferenced } from '../catalogue/input-checks.js';
import { Product } from '../catalogue/product.entity.js';
import { sqlOf } from './reward-engine.js';
import { RewardScheme } from './reward-scheme.entity.js';
import type { AwardTransactionType, SpendAwardsInput, SpendTransactionType, WalletType } from './rewards.types.js';
import { RewardsParticipant } from './wallet.entity.js';

/** Enrols a customer in a scheme; enrolling again returns the existing participant. */
export async function enrollParticipant(ctx: GraphQLContext, schemeId: string, customerId: string): Promise<RewardsParticipant> {
  const scheme = await getReferenced(ctx, RewardScheme, 'RewardScheme', schemeId, 'schemeId');
  const customer = await getReferenced(ctx, Customer, 'Customer', customerId, 'customerId');
  const rows = await sqlOf(ctx.em).all<{ id: string }>(
    `insert into reward_participant (scheme_id, customer_id) values (?::bigint, ?::bigint) on conflict (scheme_id, customer_id) do nothing returning id::text`,
    [scheme.id, customer.id],
  );
  if (rows.length) recordAudit(ctx, { action: 'enrol', entityType: 'RewardsParticipant', entityId: rows[0]!.id, after: { schemeId: scheme.id, customerId: customer.id } });
  return ctx.em.findOneOrFail(RewardsParticipant, { scheme: scheme.id, customer: customer.id });
}

export function listParticipants(ctx: GraphQLContext, filter: { customerId?: string | null; schemeId?: string | null }): Promise<RewardsParticipant[]> {
  const where: Record<string, unknown> = {};
  if (filter.customerId) where.customer = filter.customerId;
  if (filter.schemeId) where.scheme = filter.schemeId;
  if (Object.values(where).some((id) => !/^\d{1,18}$/.test(String(id)))) return Promise.resolve([]);
  return ctx.em.find(RewardsParticipant, where, { orderBy: { id: 'asc' }, limit: 200 });
}

interface AwardRow {
  id: string;
  offer_id: string;
  event_id: string | null;
  amount: string;
  remaining: string;
  created_at: Date;
  expires_at: Date | null;
}

interface SpendRow {
  id: string;
  amount: string;
  unit_id: string | null;
  product_ids: string[];
  performed_at: Date;
}

function spendView(row: SpendRow, currency: string): SpendTransactionType {
  return { id: row.id, amount: formatMoney(row.amount, currency), performedAt: new Date(row.performed_at), unitId: row.unit_id, productIds: row.product_ids ?? [] };
}

/** A participant's wallet in a scheme: awards (newest first), spends and the balance of unexpired, unspent awards now. */
export async function getWallet(ctx: GraphQLContext, customerId: string, schemeId: string): Promise<WalletType> {
  const scheme = await getReadable(ctx, RewardScheme, 'RewardScheme', schemeId);
  const customer = await getReadable(ctx, Customer, 'Customer', customerId);
  const sql = sqlOf(ctx.em);
  const [participant] = await sql.all<{ id: string }>('select id::text from reward_participant where scheme_id = ?::bigint and customer_id = ?::bigint', [scheme.id, customer.id]);
  const empty = { customerId: customer.id, schemeId: scheme.id, balance: formatMoney(0, scheme.currency), awards: [], spends: [] };
  if (!participant) return empty;
  const now = new Date();
  // The balance is the customer's whole balance (what they may spend); the list shows only the awards of
  // offers the viewer may see (an award exists only through its offer: docs/SECURITY.md, Visibility).
  const awards = await sql.all<AwardRow & { visible: boolean }>(
    `select id::text, offer_id::text, event_id::text, amount::text, remaining::text, created_at, expires_at,
            ${visibleRecordSql(scopeOfEm(ctx.em), 'RewardOffer', 'offer_id')} as visible
       from award_transaction where participant_id = ?::bigint order by created_at desc, id desc`,
    [participant.id],
  );
  const spends = await sql.all<SpendRow>(
    `select id::text, amount::text, unit_id::text, product_ids, performed_at from spend_transaction where participant_id = ?::bigint order by performed_at desc, id desc`,
    [participant.id],
  );
  const views: AwardTransactionType[] = awards.filter((a) => a.visible).map((a) => ({
    id: a.id,
    offerId: a.offer_id,
    eventId: a.event_id,
    amount: formatMoney(a.amount, scheme.currency),
    remaining: formatMoney(a.remaining, scheme.currency),
    createdAt: new Date(a.created_at),
    expiresAt: a.expires_at ? new Date(a.expires_at) : null,
    expired: a.expires_at !== null && now >= new Date(a.expires_at),
  }));
  return {
    ...empty,
    balance: walletBalance(awards.map((a) => ({ remaining: a.remaining, expiresAt: a.expires_at ? new Date(a.expires_at) : null })), now, scheme.currency),
    awards: views,
    spends: spends.map((s) => spendView(s, scheme.currency)),
  };
}

/**
 * Spends from a wallet. The participant row is locked first (SELECT … FOR UPDATE), so concurrent spends
 * on one wallet run one after the other, across any number of API processes; each consumes awards
 * oldest-expiring first, only those whose spend conditions hold at that time, unit and product list.
 * A CHECK keeps every award's remainder between 0 and its amount.
 */
export async function spendAwards(ctx: GraphQLContext, input: SpendAwardsInput): Promise<SpendTransactionType> {
  const scheme = await getReferenced(ctx, RewardScheme, 'RewardScheme', input.schemeId, 'input.schemeId');
  const customer = await getReferenced(ctx, Customer, 'Customer', input.customerId, 'input.customerId');
  if (!isDecimalLiteral(input.amount)) throw badInput('input.amount', 'must be a decimal number');
  const amount = new Money(input.amount);
  if (amount.lte(0)) throw badInput('input.amount', 'must be greater than zero');
  if (amount.decimalPlaces() > currencyMinorUnits(scheme.currency)) throw badInput('input.amount', `has more decimals than ${scheme.currency} allows`);
  const key = input.idempotencyKey?.trim() || null;
  if (key && key.length > 200) throw badInput('input.idempotencyKey', 'must be at most 200 characters');
  const at = input.performedAt ?? new Date();
  if (Number.isNaN(at.getTime())) throw badInput('input.performedAt', 'is not an instant');
  const products = await getAllReferenced(ctx, Product, 'Product', input.productIds ?? [], 'input.productIds');
  const unit = input.unitId ? await getReferenced(ctx, Unit, 'Unit', input.unitId, 'input.unitId') : null;
  const sql = sqlOf(ctx.em);
  const [participant] = await sql.all<{ id: string }>(
    'select id::text from reward_participant where scheme_id = ?::bigint and customer_id = ?::bigint for update',
    [scheme.id, customer.id],
  );
  if (!participant) throw badInput('input.customerId', `customer ${customer.id} is not a participant of reward scheme "${scheme.name}"`);
  if (key) {
    const [previous] = await sql.all<SpendRow>(
      'select id::text, amount::text, unit_id::text, product_ids, performed_at from spend_transaction where participant_id = ?::bigint and idempotency_key = ?',
      [participant.id, key],
    );
    if (previous) return spendView(previous, scheme.currency);
  }
  const awards = await sql.all<AwardRow & { spend_conditions: SpendConditionsRule }>(
    `select a.id::text, a.offer_id::text, a.event_id::text, a.amount::text, a.remaining::text, a.created_at, a.expires_at, o.spend_conditions
       from award_transaction a join reward_offer o on o.id = a.offer_id
      where a.participant_id = ?::bigint and a.remaining > 0`,
    [participant.id],
  );
  const plan = planSpend(
    awards.map((a) => ({ id: a.id, remaining: a.remaining, createdAt: new Date(a.created_at), expiresAt: a.expires_at ? new Date(a.expires_at) : null, spendConditions: a.spend_conditions })),
    amount.toString(),
    scheme.currency,
    {
      at,
      timezone: scheme.timezone,
      unitId: unit ? String(unit.id) : null,
      unitGroupId: unit ? String(unit.group.id) : null,
      products: products.map((p) => ({ id: String(p.id), typeId: String(p.type.id), familyId: p.family ? String(p.family.id) : null })),
    },
  );
  if (!plan.ok) throw badInput('input.amount', plan.explanation, { reason: plan.reason, heldBack: plan.heldBack ?? [] });
  const [spend] = await sql.all<SpendRow>(
    `insert into spend_transaction (participant_id, amount, unit_id, product_ids, performed_at, idempotency_key)
     values (?::bigint, ?::numeric, ?::bigint, string_to_array(?, ','), ?::timestamptz, ?)
     returning id::text, amount::text, unit_id::text, product_ids, performed_at`,
    [participant.id, amount.toString(), unit?.id ?? null, products.map((p) => p.id).join(','), at.toISOString(), key],
  );
  for (const allocation of plan.value.allocations) {
    const updated = await sql.all<{ id: string }>(
      'update award_transaction set remaining = remaining - ?::numeric where id = ?::bigint and remaining >= ?::numeric returning id::text',
      [allocation.amount, allocation.awardId, allocation.amount],
    );
    if (!updated.length) throw new Error(`award ${allocation.awardId} changed under a held wallet lock`);
    await sql.all('insert into spend_allocation (spend_id, award_id, amount) values (?::bigint, ?::bigint, ?::numeric)', [spend!.id, allocation.awardId, allocation.amount]);
  }
  recordAudit(ctx, { action: 'spend', entityType: 'SpendTransaction', entityId: spend!.id, after: { participantId: participant.id, amount: amount.toString(), allocations: plan.value.allocations } });
  return spendView(spend!, scheme.currency);
}
