import { isCurrencyCode, isDecimalLiteral, Money } from '@perkflow/domain';
import { getReadable } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';
import { paginate, type Page } from '../../graphql/pagination.js';
import { Unit } from '../access/unit.entity.js';
import { Customer } from '../catalogue/customer.entity.js';
import { getAllReferenced, getReferenced } from '../catalogue/input-checks.js';
import { Product } from '../catalogue/product.entity.js';
import { evaluateEvents, insertAwards, loadEffectiveOffers, sqlOf, type EventRow } from './reward-engine.js';
import type { SubmitCustomerEventInput } from './rewards.types.js';
import { CustomerEvent } from './wallet.entity.js';

function checkAmount(value: string | null | undefined, field: string): string | null {
  if (value == null) return null;
  if (!isDecimalLiteral(value)) throw badInput(field, 'must be a decimal number');
  const amount = new Money(value);
  if (amount.isNegative()) throw badInput(field, 'must not be negative');
  if (amount.decimalPlaces() > 4) throw badInput(field, 'must have at most 4 decimal places');
  if (amount.gt('1000000000000')) throw badInput(field, 'is too large');
  return amount.toString();
}

/**
 * Records a customer event. A retry with the same idempotency key returns the first event (the unique
 * key decides under races). IMMEDIATE offers award as the event arrives, in the same transaction; BATCH
 * offers award in the next reward run.
 */
export async function submitCustomerEvent(ctx: GraphQLContext, input: SubmitCustomerEventInput): Promise<CustomerEvent> {
  const key = input.idempotencyKey?.trim() || null;
  if (key && key.length > 200) throw badInput('input.idempotencyKey', 'must be at most 200 characters');
  const customer = await getReferenced(ctx, Customer, 'Customer', input.customerId, 'input.customerId');
  if (Number.isNaN(input.performedAt.getTime())) throw badInput('input.performedAt', 'is not an instant');
  const amount = checkAmount(input.amount, 'input.amount');
  const currency = input.currency?.trim().toUpperCase() || null;
  if (currency && !isCurrencyCode(currency)) throw badInput('input.currency', `"${input.currency}" is not an ISO 4217 currency code`);
  const products = await getAllReferenced(ctx, Product, 'Product', input.productIds ?? [], 'input.productIds');
  const unit = input.unitId ? await getReferenced(ctx, Unit, 'Unit', input.unitId, 'input.unitId') : null;
  const sql = sqlOf(ctx.em);
  const inserted = await sql.all<EventRow>(
    `insert into customer_event (customer_id, kind, performed_at, amount, currency, product_ids, unit_id, process_immediately, idempotency_key)
     values (?::bigint, ?, ?::timestamptz, ?::numeric, ?, string_to_array(?, ','), ?::bigint, ?, ?)
     on conflict (idempotency_key) do nothing
     returning id::text, customer_id::text, performed_at, amount::text, currency, unit_id::text`,
    [customer.id, input.kind, input.performedAt.toISOString(), amount, currency, products.map((p) => p.id).join(','), unit?.id ?? null, input.processImmediately ?? false, key],
  );
  if (!inserted.length) {
    const first = await ctx.em.findOneOrFail(CustomerEvent, { idempotencyKey: key });
    if (String(first.customer.id) !== String(customer.id)) throw badInput('input.idempotencyKey', 'was already used for an event of another customer');
    return first;
  }
  const event = inserted[0]!;
  const offers = await loadEffectiveOffers(sql);
  const now = new Date();
  const awards = await evaluateEvents(sql, offers, [event], 'IMMEDIATE', now);
  await insertAwards(sql, awards, null, now);
  return ctx.em.findOneOrFail(CustomerEvent, { id: event.id });
}

export async function pageCustomerEvents(ctx: GraphQLContext, customerId: string, args: { first?: number | null; after?: string | null }): Promise<Page<CustomerEvent>> {
  const customer = await getReadable(ctx, Customer, 'Customer', customerId);
  return paginate(ctx, CustomerEvent, 'CustomerEvent', { customer: customer.id }, args, { id: 'desc' });
}
