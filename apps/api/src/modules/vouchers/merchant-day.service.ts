import { accessCondition, asSubject } from '@perkflow/authz';
import {
  checkOpeningHours,
  DEFAULT_OPENING_HOURS,
  findWriteOffAnomalies,
  formatMoney,
  isLocalDate,
  merchantDate,
  statusBefore,
  transitionMerchantDay,
  WEEKDAYS,
  type MerchantDayEvent,
  type MerchantDayStatus,
  type OpeningHours,
  type Weekday,
} from '@perkflow/domain';
import { DateTime } from 'luxon';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput, conflict, forbidden, notFound } from '../../graphql/errors.js';
import { scopeOfEm, visibleRecordSql } from '../../database/visibility.js';
import { Unit } from '../access/unit.entity.js';
import { recordAudit } from '../audit/audit-trail.js';
import { sql } from '../campaigns/sql.js';
import { StoreOpeningHours, WriteOff } from './voucher.entity.js';
import type { MerchantDayType, OpeningHoursInput } from './vouchers.types.js';

type Em = GraphQLContext['em'];

interface DayRow {
  unit_id: string;
  date: string;
  status: MerchantDayStatus;
  write_offs: number;
  amount: string;
  confirmed_at: Date | string | null;
  audited_at: Date | string | null;
  audit_comment: string | null;
  settled_at: Date | string | null;
}

const DAY_COLUMNS = `unit_id::text, date::text, status, write_offs, amount::text, confirmed_at, audited_at, audit_comment, settled_at`;
const MAX_DAYS = 366;

function checkRange(from: string, to: string): void {
  if (!isLocalDate(from)) throw badInput('from', `must be a date YYYY-MM-DD; got "${from}"`);
  if (!isLocalDate(to)) throw badInput('to', `must be a date YYYY-MM-DD; got "${to}"`);
  if (to < from) throw badInput('to', 'must not be before from');
  const days = DateTime.fromISO(to).diff(DateTime.fromISO(from), 'days').days + 1;
  if (days > MAX_DAYS) throw badInput('to', `a period is at most ${MAX_DAYS} days`);
}

/** The one unit a viewer may read days of, or null for every unit (head office, finance, auditors). */
function readableUnit(ctx: GraphQLContext): string | null | 'none' {
  const condition = accessCondition(ctx.ability, 'read', 'MerchantDay');
  if (condition === null) return 'none';
  if (Object.keys(condition).length === 0) return null;
  return ctx.viewer?.unitId ?? 'none';
}

/** Raw SQL answers timestamps as text. */
const instant = (value: Date | string | null): Date | null => (value == null ? null : new Date(value));

function toType(row: DayRow, currency = 'EUR'): MerchantDayType {
  return {
    unitId: row.unit_id,
    unit: {},
    date: row.date,
    status: row.status,
    writeOffs: Number(row.write_offs),
    amount: formatMoney(row.amount, currency),
    confirmedAt: instant(row.confirmed_at),
    auditedAt: instant(row.audited_at),
    auditComment: row.audit_comment,
    settledAt: instant(row.settled_at),
    flags: [],
    writeOffList: [],
  };
}

/**
 * The day columns as the viewer may see them: the stored totals count every write-off, so a viewer who
 * cannot see every campaign gets the count and amount of the write-offs they may see (aggregates count
 * only what the viewer may see, SPEC §1). The super user and the system read the stored totals.
 */
function dayColumns(ctx: GraphQLContext): string {
  const scope = scopeOfEm(ctx.em);
  if (scope.all) return DAY_COLUMNS;
  const visible = `from write_off w where w.unit_id = merchant_day.unit_id and w.merchant_date = merchant_day.date and ${visibleRecordSql(scope, 'Campaign', 'w.campaign_id')}`;
  // A function replacement: the predicate holds `$'`, which a replacement string would expand.
  return DAY_COLUMNS.replace('write_offs, amount::text', () => `(select count(*)::int ${visible}) as write_offs, (select coalesce(sum(w.amount), 0)::text ${visible}) as amount`);
}

function emptyDay(unitId: string, date: string): DayRow {
  return { unit_id: unitId, date, status: 'OPEN', write_offs: 0, amount: '0', confirmed_at: null, audited_at: null, audit_comment: null, settled_at: null };
}

/**
 * Merchant days in a period (dates inclusive). With a unit: every day of the period (days without a
 * write-off are OPEN with 0). Without: the days of every store the viewer may read that have
 * write-offs or a status. A merchant reads only their own store's days (FORBIDDEN for another).
 */
export async function listMerchantDays(ctx: GraphQLContext, unitId: string | null | undefined, from: string, to: string): Promise<MerchantDayType[]> {
  checkRange(from, to);
  const allowed = readableUnit(ctx);
  if (allowed === 'none') throw forbidden('You may not read merchant days');
  const unit = unitId ?? (allowed ?? null);
  if (unit !== null) {
    if (!/^\d{1,18}$/.test(unit)) throw badInput('unitId', `there is no unit with id "${unit}"`);
    if (allowed !== null && allowed !== String(BigInt(unit))) throw forbidden("Merchants read only their own store's days");
    const store = await ctx.em.findOne(Unit, { id: unit });
    if (!store) throw badInput('unitId', `there is no unit with id "${unit}"`);
    const rows = await sql<DayRow[]>(ctx.em, `select ${dayColumns(ctx)} from merchant_day where unit_id = ? and date between ?::date and ?::date`, [store.id, from, to]);
    const byDate = new Map(rows.map((r) => [r.date, r]));
    const out: MerchantDayType[] = [];
    for (let d = DateTime.fromISO(from); d.toISODate()! <= to; d = d.plus({ days: 1 })) {
      const date = d.toISODate()!;
      out.push(toType(byDate.get(date) ?? emptyDay(store.id, date)));
    }
    return out.reverse();
  }
  const rows = await sql<DayRow[]>(ctx.em, `select ${dayColumns(ctx)} from merchant_day where date between ?::date and ?::date order by date desc, unit_id`, [from, to]);
  return rows.map((r) => toType(r));
}

export function dayWriteOffs(em: Em, unitId: string, date: string): Promise<WriteOff[]> {
  return em.find(WriteOff, { unitId, merchantDate: date }, { orderBy: { writtenOffAt: 'asc', id: 'asc' } });
}

const ABILITY: Record<MerchantDayEvent, 'confirm' | 'audit' | 'settle'> = { confirm: 'confirm', audit: 'audit', settle: 'settle' };
const NEXT: Record<MerchantDayEvent, MerchantDayStatus> = { confirm: 'CONFIRMED', audit: 'AUDITED', settle: 'SETTLED' };
const STAMP: Record<MerchantDayEvent, string> = { confirm: 'confirmed', audit: 'audited', settle: 'settled' };

/**
 * Moves a merchant day one step (SPEC §6): confirm (the store's MERCHANT), audit (head office, flags
 * anomalies), settle (finance). The step is one conditional statement on the day's row (… where status =
 * the status before), so it happens once and a write-off cannot slip into a day being confirmed.
 */
export async function moveMerchantDay(ctx: GraphQLContext, event: MerchantDayEvent, unitId: string, date: string, comment?: string | null, now = new Date()): Promise<MerchantDayType> {
  const id = /^\d{1,18}$/.test(unitId) ? String(BigInt(unitId)) : unitId;
  if (!ctx.ability.can(ABILITY[event], asSubject('MerchantDay', { unit: id }))) {
    throw forbidden(event === 'confirm' ? "Only the store's own merchant staff may confirm its days" : `Your roles may not ${event} merchant days`);
  }
  const unit = /^\d{1,18}$/.test(id) ? await ctx.em.findOne(Unit, { id }) : null;
  if (!unit) throw badInput('unitId', `there is no unit with id "${unitId}"`);
  if (!isLocalDate(date)) throw badInput('date', `must be a date YYYY-MM-DD; got "${date}"`);
  const today = merchantDate(now, unit.timezone);
  if (date > today) throw badInput('date', `${date} has not begun yet in ${unit.timezone} (today is ${today})`);
  // A decision that needs the whole day is refused to a viewer who cannot see all of it (SPEC §1).
  const hidden = await sql<{ n: number }[]>(ctx.em,
    `select count(*)::int as n from write_off w where w.unit_id = ? and w.merchant_date = ?::date and not ${visibleRecordSql(scopeOfEm(ctx.em), 'Campaign', 'w.campaign_id')}`,
    [unit.id, date]);
  if (hidden[0].n > 0) throw notFound('MerchantDay', `${unit.id}:${date}`);
  const text = comment?.trim() || null;
  if (text && text.length > 2000) throw badInput('comment', 'must be at most 2000 characters');
  const before = statusBefore(event);
  const stamp = STAMP[event];
  const rows = event === 'confirm'
    ? await sql<DayRow[]>(ctx.em,
      `insert into merchant_day as d (unit_id, date, status, confirmed_at, confirmed_by_id) values (?, ?::date, 'CONFIRMED', now(), ?)
       on conflict (unit_id, date) do update set status = 'CONFIRMED', confirmed_at = now(), confirmed_by_id = excluded.confirmed_by_id where d.status = 'OPEN'
       returning ${DAY_COLUMNS}`,
      [unit.id, date, ctx.viewer!.id])
    : await sql<DayRow[]>(ctx.em,
      `update merchant_day set status = ?, ${stamp}_at = now(), ${stamp}_by_id = ?${event === 'audit' ? ', audit_comment = ?' : ''}
        where unit_id = ? and date = ?::date and status = ? returning ${DAY_COLUMNS}`,
      [NEXT[event], ctx.viewer!.id, ...(event === 'audit' ? [text] : []), unit.id, date, before]);
  if (!rows.length) {
    // A day without a row is OPEN.
    const current = await sql<{ status: MerchantDayStatus }[]>(ctx.em, 'select status from merchant_day where unit_id = ? and date = ?::date', [unit.id, date]);
    const refused = transitionMerchantDay(current[0]?.status ?? 'OPEN', event);
    throw conflict(refused.ok ? `The day ${date} changed meanwhile; reload it` : `${unit.name}, ${date}: ${refused.explanation}`, { reason: 'INVALID_TRANSITION' });
  }
  if (event === 'audit') await flagAnomalies(ctx, unit, date);
  recordAudit(ctx, { action: `${event}MerchantDay`, entityType: 'MerchantDay', entityId: `${unit.id}:${date}`, before: { status: before }, after: { status: NEXT[event], unit: unit.id, date, writeOffs: rows[0].write_offs, amount: rows[0].amount, comment: text } });
  return toType(rows[0]);
}

/** Head office's audit: raises a review flag for each anomaly of the day (once: the dedupe key). */
async function flagAnomalies(ctx: GraphQLContext, unit: Unit, date: string): Promise<void> {
  const writeOffs = await dayWriteOffs(ctx.em, unit.id, date);
  if (!writeOffs.length) return;
  const codes = await sql<{ id: string; code: string }[]>(ctx.em, 'select id::text, code from code where id in (?)', [writeOffs.map((w) => w.codeId)]);
  const codeOf = new Map(codes.map((c) => [c.id, c.code]));
  const hours = await openingHoursOf(ctx.em, unit.id);
  const anomalies = findWriteOffAnomalies(
    writeOffs.map((w) => ({ id: w.id, code: codeOf.get(String(w.codeId)) ?? w.codeId, writtenOffAt: w.writtenOffAt, amount: w.amount, voucherValue: w.voucherValue })),
    unit.timezone,
    hours,
    writeOffs[0].currency,
  );
  for (const a of anomalies) {
    await sql(ctx.em,
      `insert into review_flag (created_at, kind, subject_type, subject_id, message, dedupe_key) values (now(), ?, 'WriteOff', ?, ?, ?) on conflict (dedupe_key) do nothing`,
      [a.kind, a.writeOffId, `${unit.name}, ${date}: ${a.message}`, `${a.kind}:WriteOff:${a.writeOffId}`]);
  }
}

export async function openingHoursOf(em: Em, unitId: string): Promise<OpeningHours> {
  const row = await em.findOne(StoreOpeningHours, { unitId });
  return (row?.hours as OpeningHours | undefined) ?? DEFAULT_OPENING_HOURS;
}

export function openingHoursList(hours: OpeningHours): { weekday: string; opens: string; closes: string }[] {
  return WEEKDAYS.flatMap((d) => (hours[d] ? [{ weekday: d, ...hours[d] }] : []));
}

/** Sets a store's opening hours (a weekday not listed is closed). */
export async function setOpeningHours(ctx: GraphQLContext, unitId: string, list: OpeningHoursInput[]): Promise<OpeningHours> {
  const unit = /^\d{1,18}$/.test(unitId) ? await ctx.em.findOne(Unit, { id: unitId }) : null;
  if (!unit) throw badInput('unitId', `there is no unit with id "${unitId}"`);
  const byDay: Partial<Record<Weekday, { opens: string; closes: string }>> = {};
  for (const [i, h] of list.entries()) {
    if (byDay[h.weekday as Weekday]) throw badInput(`hours.${i}.weekday`, `${h.weekday} is listed twice`);
    byDay[h.weekday as Weekday] = { opens: h.opens, closes: h.closes };
  }
  const checked = checkOpeningHours(byDay);
  if (!checked.ok) throw badInput('hours', checked.explanation);
  const before = await ctx.em.findOne(StoreOpeningHours, { unitId: unit.id });
  await sql(ctx.em, `insert into store_opening_hours (unit_id, hours, updated_at) values (?, ?::jsonb, now()) on conflict (unit_id) do update set hours = excluded.hours, updated_at = now()`,
    [unit.id, JSON.stringify(checked.value)]);
  recordAudit(ctx, { action: 'setOpeningHours', entityType: 'Unit', entityId: unit.id, before: before?.hours ?? null, after: checked.value });
  return checked.value;
}
