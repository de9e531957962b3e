import { stringify } from 'csv-stringify/sync';
import { formatMoney, Money } from '@perkflow/domain';
import type { HttpRouteDefinition } from '../../http/server.js';
import { AppError } from '../../graphql/errors.js';
import { sql } from '../campaigns/sql.js';
import { listMerchantDays } from './merchant-day.service.js';

const STATUS: Record<string, number> = { BAD_USER_INPUT: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409 };

/**
 * GET /api/vouchers/settlement.csv?unitId=…&from=YYYY-MM-DD&to=YYYY-MM-DD[&lines=writeOffs]
 * The settlement statement of one merchant (store) for a period (dates inclusive): one row per day with
 * write-offs (status, count, amount, flags), or per write-off with lines=writeOffs, then a TOTAL row.
 * Same access as merchantDays (Authorization: Bearer …): finance, head office, auditors, and the store's own merchant.
 */
export const settlementRoute: HttpRouteDefinition = (router, { contextFor }) => {
  router.get('/vouchers/settlement.csv', async (req, res) => {
    try {
      const ctx = await contextFor(req);
      if (!ctx.viewer) throw new AppError('UNAUTHENTICATED', 'Sign in first: send Authorization: Bearer <token or API key>');
      if (!ctx.ability.can('read', 'MerchantDay')) throw new AppError('FORBIDDEN', 'You may not read merchant days');
      const q = (name: string) => (typeof req.query[name] === 'string' ? (req.query[name] as string) : '');
      const unitId = q('unitId');
      if (!unitId) throw new AppError('BAD_USER_INPUT', 'unitId: the merchant (store unit) is required', { field: 'unitId' });
      const days = (await listMerchantDays(ctx, unitId, q('from'), q('to'))).filter((d) => d.writeOffs > 0 || d.status !== 'OPEN').reverse();
      const [unit] = await sql<{ name: string }[]>(ctx.em, 'select name from org_unit where id = ?', [unitId]);
      const flags = await sql<{ date: string; kind: string; write_off_id: string }[]>(ctx.em,
        `select wo.merchant_date::text as date, f.kind, wo.id::text as write_off_id from review_flag f join write_off wo on f.subject_type = 'WriteOff' and f.subject_id = wo.id::text
          where wo.unit_id = ? and wo.merchant_date between ?::date and ?::date`,
        [unitId, q('from'), q('to')]);
      let rows: unknown[][];
      let total = new Money(0);
      let count = 0;
      if (q('lines') === 'writeOffs') {
        const lines = await sql<{ date: string; written_off_at: Date; code: string; campaign: string; amount: string; currency: string; voucher_value: string | null; products: string | null; email: string; id: string; status: string | null }[]>(ctx.em,
          `select wo.merchant_date::text as date, wo.written_off_at, c.code, ca.name as campaign, wo.amount::text, wo.currency, wo.voucher_value::text,
                  (select string_agg(p.code, '|' order by p.code) from product p where p.id::text = any(wo.product_ids)) as products, u.email, wo.id::text, d.status
             from write_off wo join code c on c.id = wo.code_id join campaign ca on ca.id = wo.campaign_id join app_user u on u.id = wo.written_off_by_id
             left join merchant_day d on d.unit_id = wo.unit_id and d.date = wo.merchant_date
            where wo.unit_id = ? and wo.merchant_date between ?::date and ?::date order by wo.written_off_at, wo.id`,
          [unitId, q('from'), q('to')]);
        rows = [['date', 'store', 'status', 'written_off_at', 'code', 'campaign', 'amount', 'currency', 'voucher_value', 'products', 'written_off_by', 'flags']];
        for (const l of lines) {
          total = total.plus(l.amount);
          count += 1;
          const kinds = flags.filter((f) => f.write_off_id === l.id).map((f) => f.kind).join('|');
          rows.push([l.date, unit?.name ?? unitId, l.status ?? 'OPEN', new Date(l.written_off_at).toISOString(), l.code, l.campaign, formatMoney(l.amount, l.currency), l.currency, l.voucher_value == null ? '' : formatMoney(l.voucher_value, l.currency), l.products ?? '', l.email, kinds]);
        }
        rows.push(['TOTAL', unit?.name ?? unitId, '', '', '', '', formatMoney(total, 'EUR'), '', '', '', `${count} write-offs`, '']);
      } else {
        rows = [['date', 'store', 'status', 'write_offs', 'amount', 'confirmed_at', 'audited_at', 'settled_at', 'flags']];
        for (const d of days) {
          total = total.plus(d.amount);
          count += d.writeOffs;
          const kinds = flags.filter((f) => f.date === d.date).map((f) => f.kind);
          rows.push([d.date, unit?.name ?? unitId, d.status, d.writeOffs, d.amount, d.confirmedAt?.toISOString() ?? '', d.auditedAt?.toISOString() ?? '', d.settledAt?.toISOString() ?? '', kinds.join('|')]);
        }
        rows.push(['TOTAL', unit?.name ?? unitId, '', count, formatMoney(total, 'EUR'), '', '', '', '']);
      }
      res.type('text/csv; charset=utf-8');
      res.setHeader('content-disposition', `attachment; filename="settlement-${unitId}-${q('from')}-${q('to')}.csv"`);
      res.send(stringify(rows));
    } catch (error) {
      const code = error instanceof AppError ? String(error.extensions.code) : 'INTERNAL';
      res.status(STATUS[code] ?? 500).json({ error: { code, message: error instanceof Error && error instanceof AppError ? error.message : 'Internal error' } });
    }
  });
};
