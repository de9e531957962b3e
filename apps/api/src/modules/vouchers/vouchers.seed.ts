import type { EntityManager } from '@mikro-orm/postgresql';
import { DateTime } from 'luxon';
import type { DemoSeedPart } from '../../database/seed.js';

const CAMPAIGN = 'ZX Spa Experience';
const CHANNELS = ['WEBSITE', 'SOCIAL', 'EMAIL', 'APP', 'EVENT', 'PARTNER', 'STORE'];
const ZONE = 'Europe/Athens';

async function rows<T>(em: EntityManager, text: string, params: unknown[] = []): Promise<T[]> {
  return em.getConnection().execute<T[]>(text, params, 'all', em.getTransactionContext());
}

/**
 * Demo vouchers (SPEC §11): the "ZX Spa Experience" voucher campaign (a 50.00 EUR single-use service
 * voucher, QR code, accepted at Store Central and Store Harbour). SPADEMO01–SPADEMO05 are issued and
 * unused, ready for the merchant screen; SPADEMO06–SPADEMO17 were written off on the last four days at
 * both stores (one day SETTLED, one AUDITED with a flagged late write-off, one CONFIRMED, one OPEN);
 * SPADEMO18–SPADEMO25 wait in the pool.
 */
export const seedVouchers: DemoSeedPart = async (em) => {
  const [marketing] = await rows<{ id: string }>(em, `select id::text from org_group where name = 'Marketing'`);
  const stores = await rows<{ id: string; name: string }>(em, `select id::text, name from org_unit where name in ('Store Central', 'Store Harbour') order by name`);
  const merchants = await rows<{ id: string; unit_id: string }>(em, `select id::text, unit_id::text from app_user where roles @> '{MERCHANT}' and unit_id is not null order by id`);
  const [finance] = await rows<{ id: string }>(em, `select id::text from app_user where roles @> '{FINANCE_MANAGER}' order by id limit 1`);
  const customers = await rows<{ id: string }>(em, `select id::text from customer where not blacklisted order by id limit 17`);
  const [service] = await rows<{ id: string }>(em, `select id::text from product order by id limit 1`);
  if (!marketing || stores.length < 2 || customers.length < 17) return;
  const now = DateTime.now().setZone(ZONE);
  const [campaign] = await rows<{ id: string }>(em,
    `insert into campaign (owned_by_group_id, name, kind, state, discount_kind, amount, currency, starts_at, expires_at, timezone, max_redemptions_per_code, max_issued, one_per_customer, voucher_kind, voucher_form, allowed_unit_ids, activated_at)
     values (?, ?, 'EXPERIENCE_VOUCHER', 'ACTIVE', 'AMOUNT', 50, 'EUR', ?, ?, ?, 1, 500, true, 'SERVICE', 'ELECTRONIC', ?::text[], ?) returning id::text`,
    [marketing.id, CAMPAIGN, now.minus({ days: 60 }).startOf('day').toJSDate(), now.plus({ days: 180 }).startOf('day').toJSDate(), ZONE, `{${stores.map((s) => s.id).join(',')}}`, now.minus({ days: 60 }).toJSDate()]);
  await rows(em, `insert into voucher_terms (campaign_id, excluded_dates, description) values (?, ?::text[], ?)`, [campaign.id, `{${now.year}-12-25}`, 'One 60-minute spa treatment at a partner store. Not valid on Christmas Day.']);
  const codes = Array.from({ length: 25 }, (_, i) => `SPADEMO${String(i + 1).padStart(2, '0')}`);
  const inserted = await rows<{ id: string; code: string }>(em,
    `insert into code (code, campaign_id, state, redemptions_count, created_at) select unnest(?::text[]), ?, 'ACTIVE', 0, now() - interval '60 days' returning id::text, code`,
    [`{${codes.join(',')}}`, campaign.id]);
  const idOf = new Map(inserted.map((c) => [c.code, c.id]));
  // Issue 01–17 through the channels, one per customer.
  for (let i = 0; i < 17; i += 1) {
    const issuedAt = now.minus({ days: 20 - i, hours: i % 5 }).toJSDate();
    const channel = CHANNELS[i % CHANNELS.length];
    await rows(em, `update code set customer_id = ?, issued_at = ?, channel = ? where id = ?`, [customers[i].id, issuedAt, channel, idOf.get(codes[i])]);
    await rows(em, `insert into voucher_issuance (campaign_id, customer_id, code_id, channel, issued_at, grant_key) values (?, ?, ?, ?, ?, 'FIRST')`, [campaign.id, customers[i].id, idOf.get(codes[i]), channel, issuedAt]);
  }
  await rows(em, `insert into campaign_usage (campaign_id, redemptions, issued) values (?, 0, 17) on conflict (campaign_id) do update set issued = excluded.issued`, [campaign.id]);
  // Write-offs of 06–17 over the last four days, alternating stores; the day's status follows its age.
  const statuses = ['OPEN', 'CONFIRMED', 'AUDITED', 'SETTLED'];
  for (let i = 5; i < 17; i += 1) {
    const age = 1 + ((i - 5) % 4);
    const store = stores[i % 2];
    const merchant = merchants.find((m) => m.unit_id === store.id) ?? merchants[0];
    const late = i === 7; // written off at 22:30, after closing: flagged when its day was audited
    const at = now.minus({ days: age }).set({ hour: late ? 22 : 10 + (i % 8), minute: late ? 30 : 15, second: 0, millisecond: 0 });
    const amount = ['50.00', '45.00', '50.00', '38.50'][i % 4];
    const [wo] = await rows<{ id: string }>(em,
      `insert into write_off (code_id, campaign_id, unit_id, amount, currency, product_ids, written_off_by_id, written_off_at, merchant_date, voucher_value, created_at)
       values (?, ?, ?, ?, 'EUR', ?::text[], ?, ?, ?::date, 50, ?) returning id::text`,
      [idOf.get(codes[i]), campaign.id, store.id, amount, service ? `{${service.id}}` : '{}', merchant.id, at.toJSDate(), at.toISODate(), at.toJSDate()]);
    await rows(em, `update code set redemptions_count = 1 where id = ?`, [idOf.get(codes[i])]);
    const status = statuses[age - 1];
    await rows(em,
      `insert into merchant_day as d (unit_id, date, status, write_offs, amount, confirmed_at, confirmed_by_id, audited_at, audited_by_id, settled_at, settled_by_id)
       values (?, ?::date, ?, 1, ?, ?, ?, ?, ?, ?, ?)
       on conflict (unit_id, date) do update set write_offs = d.write_offs + 1, amount = d.amount + excluded.amount`,
      [store.id, at.toISODate(), status, amount,
        age >= 2 ? at.plus({ hours: 12 }).toJSDate() : null, age >= 2 ? merchant.id : null,
        age >= 3 ? at.plus({ days: 1 }).toJSDate() : null, age >= 3 ? (finance?.id ?? null) : null,
        age >= 4 ? at.plus({ days: 2 }).toJSDate() : null, age >= 4 ? (finance?.id ?? null) : null]);
    if (late && age >= 3) {
      await rows(em, `insert into review_flag (created_at, kind, subject_type, subject_id, message, dedupe_key) values (now(), 'WRITE_OFF_OUTSIDE_HOURS', 'WriteOff', ?, ?, ?)`,
        [wo.id, `${store.name}, ${at.toISODate()}: Voucher ${codes[i]} was written off at 22:30 (${ZONE}), outside the store's opening hours`, `WRITE_OFF_OUTSIDE_HOURS:WriteOff:${wo.id}`]);
    }
  }
};
seedVouchers.partName = 'vouchers';
