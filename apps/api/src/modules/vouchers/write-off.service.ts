import { checkWriteOffAmount, formatMoney, merchantDate, normaliseCode, resolveWrittenOffAt } from '@perkflow/domain';
import { checkCodeText } from '../campaigns/code.service.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { AppError, badInput, conflict } from '../../graphql/errors.js';
import { recordAudit } from '../audit/audit-trail.js';
import { sql } from '../campaigns/sql.js';
import { assertNotGuessing, consumedProducts, countUnknownCode, fieldOfRefusal, loadVoucher, storeForMerchant, useCapOf, verdictFor, voucherValue } from './voucher-check.service.js';
import { WriteOff } from './voucher.entity.js';
import type { WriteOffInput } from './vouchers.types.js';

/**
 * Writes a voucher off at a store (SPEC §6), in one transaction:
 * 1. only staff of the store (FORBIDDEN otherwise); a retry with the same idempotency key returns the first write-off;
 * 2. the real time (now, or earlier for a paper voucher entered afterwards) decides validity and the merchant day;
 * 3. the domain verdict (authentic, valid then, in scope, at this store, minimum spend) — refusals are BAD_USER_INPUT with the
 *    reason, except a store the voucher is not accepted at: its staff may not write it off (FORBIDDEN, reason UNIT_NOT_ALLOWED);
 * 4. the write-off row (the unique (unit, idempotency key) makes concurrent retries return one row);
 * 5. one use of the voucher, by a conditional UPDATE (… redemptions_count < cap), so two concurrent write-offs of a
 *    single-use voucher cannot both succeed;
 * 6. the merchant day's counters, by an upsert that only touches an OPEN day: a write-off into a CONFIRMED (or later)
 *    day is refused with CONFLICT, and the whole write-off rolls back.
 */
export async function writeOffVoucher(ctx: GraphQLContext, input: WriteOffInput, now = new Date()): Promise<WriteOff> {
  checkCodeText(input.code, 'input.code');
  const unit = await storeForMerchant(ctx, input.unitId, 'input.unitId');
  const key = input.idempotencyKey?.trim() || null;
  if (key && key.length > 200) throw badInput('input.idempotencyKey', 'must be at most 200 characters');
  if (key) {
    const replay = await replayed(ctx, unit.id, key, input.code);
    if (replay) return replay;
  }
  const at = resolveWrittenOffAt(input.writtenOffAt ?? null, now);
  if (!at.ok) throw badInput('input.writtenOffAt', at.explanation);
  const products = await consumedProducts(ctx, input.productIds, 'input.productIds');
  await assertNotGuessing(ctx);
  const loaded = await loadVoucher(ctx.em, input.code);
  // The amount is read in the voucher's currency (a refusal of the code itself comes first).
  const amount = loaded.campaign ? checkWriteOffAmount(String(input.amount), loaded.campaign.currency) : null;
  const verdict = verdictFor(loaded, unit, at.value, amount?.ok ? amount.value : null, products);
  // Staff of a store the voucher is not for may not write it off (FORBIDDEN); every other refusal is bad input.
  if (!verdict.ok && verdict.reason === 'UNIT_NOT_ALLOWED') throw new AppError('FORBIDDEN', `${verdict.explanation}: staff of ${unit.name} cannot write it off`, { reason: verdict.reason });
  if (!verdict.ok && verdict.reason === 'CODE_NOT_FOUND') await countUnknownCode(ctx, true);
  if (!verdict.ok) throw badInput(fieldOfRefusal(verdict.reason), verdict.explanation, { reason: verdict.reason });
  if (!amount?.ok) throw badInput('input.amount', amount?.explanation ?? 'invalid amount');
  const code = loaded.code!;
  const campaign = loaded.campaign!;
  const day = merchantDate(at.value, unit.timezone);
  const value = voucherValue(campaign);

  const inserted = await sql<{ id: string }[]>(ctx.em,
    `insert into write_off (code_id, campaign_id, unit_id, amount, currency, product_ids, written_off_by_id, written_off_at, merchant_date, voucher_value, idempotency_key)
     values (?, ?, ?, ?, ?, ?::text[], ?, ?, ?::date, ?, ?) on conflict (unit_id, idempotency_key) do nothing returning id::text`,
    [code.id, campaign.id, unit.id, amount.value, campaign.currency, `{${products.map((p) => p.id).join(',')}}`, ctx.viewer!.id, at.value, day, value, key]);
  if (!inserted.length) {
    const replay = await replayed(ctx, unit.id, key!, input.code);
    if (replay) return replay;
    throw conflict('input.idempotencyKey: a concurrent write-off with this key did not complete; retry', { field: 'input.idempotencyKey' });
  }
  const cap = useCapOf(code, campaign);
  const used = await sql<{ redemptions_count: number }[]>(ctx.em,
    `update code set redemptions_count = redemptions_count + 1 where id = ? and state = 'ACTIVE' and redemptions_count < ? returning redemptions_count`,
    [code.id, cap]);
  if (!used.length) {
    throw badInput('input.code', cap === 1 ? `Voucher ${code.code} is single use and has already been used` : `Voucher ${code.code} has used all of its ${cap} uses`, { reason: 'CODE_LIMIT_REACHED' });
  }
  const open = await sql<{ status: string }[]>(ctx.em,
    `insert into merchant_day as d (unit_id, date, status, write_offs, amount) values (?, ?::date, 'OPEN', 1, ?)
     on conflict (unit_id, date) do update set write_offs = d.write_offs + 1, amount = d.amount + excluded.amount where d.status = 'OPEN'
     returning status`,
    [unit.id, day, amount.value]);
  if (!open.length) {
    const status = await sql<{ status: string }[]>(ctx.em, 'select status from merchant_day where unit_id = ? and date = ?::date', [unit.id, day]);
    throw conflict(`The merchant day ${day} of ${unit.name} is ${status[0]?.status ?? 'closed'} and can no longer change; write-offs after confirmation are refused`, { reason: 'MERCHANT_DAY_CLOSED', date: day });
  }
  const writeOff = await ctx.em.findOneOrFail(WriteOff, { id: inserted[0].id });
  recordAudit(ctx, {
    action: 'writeOff',
    entityType: 'WriteOff',
    entityId: writeOff.id,
    after: {
      code: code.code,
      campaign: campaign.id,
      unit: unit.id,
      amount: formatMoney(amount.value, campaign.currency),
      currency: campaign.currency,
      products: products.map((p) => p.id),
      writtenOffAt: at.value.toISOString(),
      merchantDate: day,
      enteredAfterwards: input.writtenOffAt != null,
      uses: used[0].redemptions_count,
    },
  });
  return writeOff;
}

/** The write-off a key already made at this store (same voucher), or null; the key on another voucher is a CONFLICT. */
async function replayed(ctx: GraphQLContext, unitId: string, key: string, codeText: string): Promise<WriteOff | null> {
  const existing = await ctx.em.findOne(WriteOff, { unitId, idempotencyKey: key }, { refresh: true });
  if (!existing) return null;
  const rows = await sql<{ code: string }[]>(ctx.em, 'select code from code where id = ?', [existing.codeId]);
  if (rows[0]?.code !== normaliseCode(codeText)) throw conflict(`input.idempotencyKey: the key was already used to write off another voucher`, { field: 'input.idempotencyKey' });
  return existing;
}
