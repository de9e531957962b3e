import { formatMoney, Money } from '@perkflow/domain';
import { queryParam, route, sendCsv } from '../../http/routes.js';
import type { HttpRouteDefinition } from '../../http/server.js';
import { AppError } from '../../graphql/errors.js';
import { sql } from '../campaigns/sql.js';
import { scopeOfEm, visibleRecordSql, visibleSql } from '../../database/visibility.js';
import { listMerchantDays } from './merchant-day.service.js';
import { isRowId } from '../../graphql/input-limits.js';

/**
 * GET /api/vouchers/settlement.csv?unitId=…|groupId=…&from=YYYY-MM-DD&to=YYYY-MM-DD[&lines=writeOffs]
 * The settlement statement of one merchant (a store, or a partner group's stores) for a period (dates inclusive): one row per store day with
 * write-offs (status, count, amount, flags), or per write-off with lines=writeOffs, then a TOTAL row.
 * Same access as merchantDays (Authorization: Bearer …): finance, head office, auditors, and the store's own merchant.
 */
export const settlementRoute: HttpRouteDefinition = (router, { contextFor }) => {
  router.get(
    '/vouchers/settlement.csv',
    route(contextFor, async (ctx, req, res) => {
      if (!ctx.ability.can('read', 'MerchantDay')) throw new AppError('FORBIDDEN', 'You may not read merchant days');
      const q = (name: string) => queryParam(req, name);
      const unitId = q('unitId');
      const groupId = q('groupId');
      if (!unitId && !groupId) throw new AppError('BAD_USER_INPUT', 'unitId: name the merchant: a store (unitId) or a partner group (groupId)', { field: 'unitId' });
      if (!isRowId(unitId || groupId)) throw new AppError('BAD_USER_INPUT', `${unitId ? 'unitId' : 'groupId'}: not an id`, { field: unitId ? 'unitId' : 'groupId' });
      const units = await sql<{ id: string; name: string }[]>(ctx.em,
        unitId ? 'select id::text, name from org_unit where id = ?' : 'select id::text, name from org_unit where group_id = ? order by name', [unitId || groupId]);
      if (!units.length) throw new AppError('BAD_USER_INPUT', `${unitId ? 'unitId' : 'groupId'}: no such store or group`, { field: unitId ? 'unitId' : 'groupId' });
      const nameOf = new Map(units.map((u) => [u.id, u.name]));
      const days = [];
      for (const u of units) days.push(...(await listMerchantDays(ctx, u.id, q('from'), q('to'))).filter((d) => d.writeOffs > 0 || d.status !== 'OPEN').reverse());
      const ids = units.map((u) => u.id);
      const flags = await sql<{ unit_id: string; date: string; kind: string; write_off_id: string }[]>(ctx.em,
        `select wo.unit_id::text, wo.merchant_date::text as date, f.kind, wo.id::text as write_off_id from review_flag f join write_off wo on f.subject_type = 'WriteOff' and f.subject_id = wo.id::text and ${visibleRecordSql(scopeOfEm(ctx.em), 'Campaign', 'wo.campaign_id')}
          where wo.unit_id::text = any(?::text[]) and wo.merchant_date between ?::date and ?::date`,
        [`{${ids.join(',')}}`, q('from'), q('to')]);
      const [currency] = await sql<{ currency: string }[]>(ctx.em, 'select currency from write_off where unit_id::text = any(?::text[]) limit 1', [`{${ids.join(',')}}`]);
      const [group] = groupId ? await sql<{ name: string }[]>(ctx.em, 'select name from org_group where id = ?', [groupId]) : [];
      const merchant = unitId ? units[0].name : (group?.name ?? `group ${groupId}`);
      days.sort((a, b) => a.date.localeCompare(b.date) || (nameOf.get(a.unitId) ?? '').localeCompare(nameOf.get(b.unitId) ?? ''));
      let rows: unknown[][];
      let total = new Money(0);
      let count = 0;
      if (q('lines') === 'writeOffs') {
        const lines = await sql<{ unit_id: string; date: string; written_off_at: Date; code: string; campaign: string; amount: string; currency: string; voucher_value: string | null; products: string | null; email: string; id: string; status: string | null }[]>(ctx.em,
          `select wo.unit_id::text, wo.merchant_date::text as date, wo.written_off_at, c.code, ca.name as campaign, wo.amount::text, wo.currency, wo.voucher_value::text,
                  (select string_agg(p.code, '|' order by p.code) from product p where p.id::text = any(wo.product_ids)) as products, u.email, wo.id::text, d.status
             from write_off wo join code c on c.id = wo.code_id join campaign ca on ca.id = wo.campaign_id and ${visibleSql(scopeOfEm(ctx.em), 'ca')} join app_user u on u.id = wo.written_off_by_id
             left join merchant_day d on d.unit_id = wo.unit_id and d.date = wo.merchant_date
            where wo.unit_id::text = any(?::text[]) and wo.merchant_date between ?::date and ?::date order by wo.written_off_at, wo.id`,
          [`{${ids.join(',')}}`, q('from'), q('to')]);
        rows = [['date', 'store', 'status', 'written_off_at', 'code', 'campaign', 'amount', 'currency', 'voucher_value', 'products', 'written_off_by', 'flags']];
        for (const l of lines) {
          total = total.plus(l.amount);
          count += 1;
          const kinds = flags.filter((f) => f.write_off_id === l.id).map((f) => f.kind).join('|');
          rows.push([l.date, nameOf.get(l.unit_id), l.status ?? 'OPEN', new Date(l.written_off_at).toISOString(), l.code, l.campaign, formatMoney(l.amount, l.currency), l.currency, l.voucher_value == null ? '' : formatMoney(l.voucher_value, l.currency), l.products ?? '', l.email, kinds]);
        }
        rows.push(['TOTAL', merchant, '', '', '', '', formatMoney(total, currency?.currency ?? 'EUR'), '', '', '', `${count} write-offs`, '']);
      } else {
        rows = [['date', 'store', 'status', 'write_offs', 'amount', 'confirmed_at', 'audited_at', 'settled_at', 'flags']];
        for (const d of days) {
          total = total.plus(d.amount);
          count += d.writeOffs;
          const kinds = flags.filter((f) => f.date === d.date && f.unit_id === d.unitId).map((f) => f.kind);
          rows.push([d.date, nameOf.get(d.unitId), d.status, d.writeOffs, d.amount, d.confirmedAt?.toISOString() ?? '', d.auditedAt?.toISOString() ?? '', d.settledAt?.toISOString() ?? '', kinds.join('|')]);
        }
        rows.push(['TOTAL', merchant, '', count, formatMoney(total, currency?.currency ?? 'EUR'), '', '', '', '']);
      }
      sendCsv(res, `settlement-${unitId ? `unit${unitId}` : `group${groupId}`}-${q('from')}-${q('to')}`, rows);
    }),
  );
};
