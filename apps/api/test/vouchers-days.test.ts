import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, startTestApp, type TestApp } from './harness.js';
import { DAY, todayUtc, voucherWorld } from './vouchers-fixtures.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof voucherWorld>>;

const DAY_FIELDS = 'unit { id } date writeOffs amount status confirmedAt auditedAt settledAt auditComment flags { kind subjectType subjectId message } writeOffList { id amount }';
interface Day {
  unit: { id: string };
  date: string;
  writeOffs: number;
  amount: string;
  status: string;
  auditComment: string | null;
  flags: { kind: string; subjectType: string; subjectId: string; message: string }[];
  writeOffList: { id: string; amount: string }[];
}

beforeAll(async () => {
  t = await startTestApp();
  w = await voucherWorld(t);
});
afterAll(() => t?.stop());

function days(unitId: string | null, from: string, to: string, token: string) {
  return t.gql<{ merchantDays: Day[] }>(`query($u:ID,$f:LocalDate!,$t:LocalDate!){ merchantDays(unitId:$u, from:$f, to:$t){ ${DAY_FIELDS} } }`, { u: unitId, f: from, t: to }, token);
}
function move(op: 'confirmMerchantDay' | 'auditMerchantDay' | 'settleMerchantDay', unitId: string, date: string, token: string, comment?: string) {
  const args = op === 'auditMerchantDay' ? '$u:ID!,$d:LocalDate!,$c:String' : '$u:ID!,$d:LocalDate!';
  const call = op === 'auditMerchantDay' ? 'unitId:$u, date:$d, comment:$c' : 'unitId:$u, date:$d';
  return t.gql<Record<string, Day>>(`mutation(${args}){ ${op}(${call}){ ${DAY_FIELDS} } }`, { u: unitId, d: date, ...(comment ? { c: comment } : {}) }, token);
}

describe('merchant days', () => {
  it("count a store's write-offs and amount per day, to the cent", async () => {
    for (const amount of ['10.10', '20.20', '0.70']) await w.wroteOff({ code: (await w.voucher()).code, amount });
    await w.wroteOff({ code: (await w.voucher()).code, amount: '5.00', unitId: w.storeB }, w.merchantB.token);
    const today = todayUtc();
    const own = await days(w.storeA, today, today, w.merchantA.token);
    expect(own.errors).toBeUndefined();
    expect(own.data!.merchantDays).toEqual([expect.objectContaining({ unit: { id: w.storeA }, date: today, writeOffs: 3, amount: '31.00', status: 'OPEN', flags: [] })]);
    expect(own.data!.merchantDays[0].writeOffList.map((x) => x.amount)).toEqual(['10.10', '20.20', '0.70']);
    const implicit = await days(null, today, today, w.merchantA.token);
    expect(implicit.data!.merchantDays.map((d) => d.unit.id)).toEqual([w.storeA]);
    const all = await days(null, today, today, w.finance.token);
    expect(all.data!.merchantDays.map((d) => [d.unit.id, d.amount]).sort()).toEqual([[w.storeA, '31.00'], [w.storeB, '5.00']].sort());
    const week = await days(w.storeA, todayUtc(-6), today, w.merchantA.token);
    expect(week.data!.merchantDays).toHaveLength(7);
    expect(week.data!.merchantDays.filter((d) => d.writeOffs === 0).every((d) => d.amount === '0.00' && d.status === 'OPEN')).toBe(true);
    expect(errorCode(await days(w.storeA, today, today, w.merchantB.token))).toBe('FORBIDDEN');
    expect(errorCode(await days(w.storeA, today, todayUtc(-1), w.finance.token))).toBe('BAD_USER_INPUT');
  });

  it('OPEN → CONFIRMED (merchant) → AUDITED (head office) → SETTLED (finance); a confirmed day cannot change', async () => {
    const date = todayUtc(-1);
    const v = await w.voucher({ startsAt: new Date(Date.now() - 3 * DAY).toISOString() });
    await w.wroteOff({ code: v.code, amount: '12.34', writtenOffAt: `${date}T12:00:00.000Z` });
    expect(errorCode(await move('confirmMerchantDay', w.storeA, date, w.merchantB.token))).toBe('FORBIDDEN');
    expect(errorCode(await move('confirmMerchantDay', w.storeA, date, w.finance.token))).toBe('FORBIDDEN');
    expect(errorCode(await move('auditMerchantDay', w.storeA, date, w.finance.token))).toBe('CONFLICT');
    expect(errorCode(await move('confirmMerchantDay', w.storeA, todayUtc(1), w.merchantA.token))).toBe('BAD_USER_INPUT');
    const confirmed = await move('confirmMerchantDay', w.storeA, date, w.merchantA.token);
    expect(confirmed.data!.confirmMerchantDay).toMatchObject({ status: 'CONFIRMED', writeOffs: 1, amount: '12.34' });
    expect(errorCode(await move('confirmMerchantDay', w.storeA, date, w.merchantA.token))).toBe('CONFLICT');

    // A paper voucher used that day and entered after the confirmation is refused; nothing changes.
    const late = await w.voucher({ startsAt: new Date(Date.now() - 3 * DAY).toISOString() });
    const refused = await w.writeOff({ code: late.code, amount: '9.99', writtenOffAt: `${date}T13:00:00.000Z` });
    expect(errorCode(refused)).toBe('CONFLICT');
    expect(refused.errors![0].message).toContain('CONFIRMED');
    expect((await w.verify(late.code, w.storeA)).data!.verifyVoucher.valid).toBe(true);
    const after = await days(w.storeA, date, date, w.merchantA.token);
    expect(after.data!.merchantDays[0]).toMatchObject({ writeOffs: 1, amount: '12.34', status: 'CONFIRMED' });

    expect(errorCode(await move('auditMerchantDay', w.storeA, date, w.merchantA.token))).toBe('FORBIDDEN');
    expect(errorCode(await move('settleMerchantDay', w.storeA, date, w.finance.token))).toBe('CONFLICT');
    const audited = await move('auditMerchantDay', w.storeA, date, w.finance.token, 'checked against the till');
    expect(audited.data!.auditMerchantDay).toMatchObject({ status: 'AUDITED', auditComment: 'checked against the till', flags: [] });
    expect(errorCode(await move('settleMerchantDay', w.storeA, date, w.merchantA.token))).toBe('FORBIDDEN');
    const settled = await move('settleMerchantDay', w.storeA, date, w.finance.token);
    expect(settled.data!.settleMerchantDay).toMatchObject({ status: 'SETTLED', amount: '12.34' });
    expect(errorCode(await move('settleMerchantDay', w.storeA, date, w.finance.token))).toBe('CONFLICT');
    const audit = await t.sql<{ action: string }>(`select action from audit_entry where entity_type = 'MerchantDay' and entity_id = $1 order by id`, [`${w.storeA}:${date}`]);
    expect(audit.map((a) => a.action)).toEqual(['confirmMerchantDay', 'auditMerchantDay', 'settleMerchantDay']);
  });

  it('a write-off racing the confirmation either lands before it or is refused, never after', async () => {
    const date = todayUtc(-2);
    const vouchers = await Promise.all([1, 2, 3, 4].map(() => w.voucher({ startsAt: new Date(Date.now() - 5 * DAY).toISOString() })));
    const results = await Promise.all([
      ...vouchers.map((v) => w.writeOff({ code: v.code, amount: '1.00', writtenOffAt: `${date}T12:00:00.000Z` })),
      move('confirmMerchantDay', w.storeA, date, w.merchantA.token),
    ]);
    const succeeded = results.slice(0, 4).filter((r) => !r.errors).length;
    const day = (await days(w.storeA, date, date, w.merchantA.token)).data!.merchantDays[0];
    expect(day.status).toBe('CONFIRMED');
    expect(day.writeOffs).toBe(succeeded);
    expect(day.amount).toBe(`${succeeded}.00`);
    expect(day.writeOffList).toHaveLength(succeeded);
  });

  it("a merchant day is a calendar day in the store's time zone", async () => {
    const tokyo = await w.unit('Store Tokyo', w.group, 'Asia/Tokyo');
    const merchant = await w.user(`merchant-t-${Math.random().toString(36).slice(2, 7)}@example.com`, ['MERCHANT'], w.group, { unitId: tokyo });
    const date = todayUtc(-4);
    const next = todayUtc(-3);
    const v = await w.voucher({ startsAt: new Date(Date.now() - 6 * DAY).toISOString(), allowedUnitIds: [] });
    // 20:00 UTC is 05:00 the next morning in Tokyo.
    const row = await w.wroteOff({ code: v.code, unitId: tokyo, amount: '7.25', writtenOffAt: `${date}T20:00:00.000Z` }, merchant.token);
    expect(row.merchantDate).toBe(next);
    const list = (await days(tokyo, date, next, merchant.token)).data!.merchantDays;
    expect(list.map((d) => [d.date, d.writeOffs, d.amount])).toEqual([[next, 1, '7.25'], [date, 0, '0.00']]);
  });

  it("audit flags write-offs outside the store's opening hours and over the voucher's value", async () => {
    const night = await w.unit('Store Night', w.group);
    const merchant = await w.user(`merchant-n-${Math.random().toString(36).slice(2, 7)}@example.com`, ['MERCHANT'], w.group, { unitId: night });
    await t.ok('mutation($u:ID!,$h:[OpeningHoursInput!]!){ setStoreOpeningHours(unitId:$u, hours:$h){ weekday } }', { u: night, h: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'].map((weekday) => ({ weekday, opens: '09:00', closes: '21:00' })) }, t.adminToken);
    const date = todayUtc(-3);
    const start = new Date(Date.now() - 6 * DAY).toISOString();
    const early = await w.voucher({ startsAt: start, allowedUnitIds: [] });
    const over = await w.voucher({ startsAt: start, allowedUnitIds: [] });
    const fine = await w.voucher({ startsAt: start, allowedUnitIds: [] });
    const a = await w.wroteOff({ code: early.code, unitId: night, amount: '10.00', writtenOffAt: `${date}T03:00:00.000Z` }, merchant.token);
    const b = await w.wroteOff({ code: over.code, unitId: night, amount: '60.00', writtenOffAt: `${date}T12:00:00.000Z` }, merchant.token);
    await w.wroteOff({ code: fine.code, unitId: night, amount: '50.00', writtenOffAt: `${date}T20:59:00.000Z` }, merchant.token);
    await move('confirmMerchantDay', night, date, merchant.token);
    const audited = (await move('auditMerchantDay', night, date, w.finance.token)).data!.auditMerchantDay;
    expect(audited.flags.map((f) => [f.kind, f.subjectType, f.subjectId])).toEqual([
      ['WRITE_OFF_OUTSIDE_HOURS', 'WriteOff', a.id],
      ['WRITE_OFF_OVER_VALUE', 'WriteOff', b.id],
    ]);
    expect(audited.amount).toBe('120.00');
    // Managers list the anomalies with the other review flags and resolve them.
    const open = await t.ok<{ reviewFlags: { id: string; subjectId: string }[] }>('{ reviewFlags(kind: "WRITE_OFF_OVER_VALUE", subjectType: "WriteOff") { id subjectId } }', {}, w.finance.token);
    const flag = open.reviewFlags.find((f) => f.subjectId === b.id)!;
    expect(flag).toBeDefined();
    const resolved = await t.ok<{ resolveReviewFlag: { resolvedAt: string | null } }>('mutation($id:ID!){ resolveReviewFlag(id:$id, comment:"customer upgraded, paid the difference"){ resolvedAt } }', { id: flag.id }, w.finance.token);
    expect(resolved.resolveReviewFlag.resolvedAt).not.toBeNull();
    await move('settleMerchantDay', night, date, w.finance.token);

    // The settlement statement of that merchant and period, as CSV.
    const url = `${t.url}/api/vouchers/settlement.csv?unitId=${night}&from=${todayUtc(-7)}&to=${todayUtc()}`;
    const csv = await fetch(url, { headers: { authorization: `Bearer ${w.finance.token}` } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe('date,store,status,write_offs,amount,confirmed_at,audited_at,settled_at,flags');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(new RegExp(`^${date},Store Night,SETTLED,3,120.00,.*,WRITE_OFF_OUTSIDE_HOURS\\|WRITE_OFF_OVER_VALUE$`));
    expect(lines[2]).toBe('TOTAL,Store Night,,3,120.00,,,,');
    const detail = (await (await fetch(`${url}&lines=writeOffs`, { headers: { authorization: `Bearer ${merchant.token}` } })).text()).trim().split('\n');
    expect(detail).toHaveLength(5);
    expect(detail[1]).toContain(`${early.code},`);
    expect(detail[1]).toContain('WRITE_OFF_OUTSIDE_HOURS');
    expect(detail[4]).toContain('120.00');
    const byGroup = (await (await fetch(`${t.url}/api/vouchers/settlement.csv?groupId=${w.group}&from=${todayUtc(-7)}&to=${todayUtc()}`, { headers: { authorization: `Bearer ${w.finance.token}` } })).text()).trim().split('\n');
    expect(byGroup.some((l) => l.startsWith(`${date},Store Night,SETTLED,3,120.00`))).toBe(true);
    expect(byGroup.at(-1)).toMatch(/^TOTAL,Retail /);
    const auditor = await w.user(`auditor-${Math.random().toString(36).slice(2, 7)}@example.com`, ['AUDITOR'], w.group);
    expect((await fetch(url, { headers: { authorization: `Bearer ${auditor.token}` } })).status).toBe(200);
    expect((await days(night, date, date, auditor.token)).data!.merchantDays[0]).toMatchObject({ status: 'SETTLED', amount: '120.00' });
    expect(errorCode(await move('settleMerchantDay', night, date, auditor.token))).toBe('FORBIDDEN');
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: `Bearer ${w.merchantB.token}` } })).status).toBe(403);
  });
});

describe('voucher report', () => {
  it('issued by channel and period, claim, use and write-off rates, spend of customers who used vouchers', async () => {
    const { campaign } = await w.voucherCampaign({ maxIssued: 10 }, 10);
    const codes = [];
    for (const channel of ['WEBSITE', 'WEBSITE', 'EVENT', 'EMAIL']) codes.push(await w.issued(campaign.id, await w.customer(), channel));
    await w.wroteOff({ code: codes[0], amount: '30.00' });
    await w.wroteOff({ code: codes[2], amount: '12.50', unitId: w.storeB }, w.merchantB.token);
    const today = todayUtc();
    const r = await t.ok<{ voucherReport: Record<string, unknown> & { byChannel: { key: string; issued: number; redemptions: number; applied: string }[]; byPeriod: { period: string; issued: number; writeOffs: number; amount: string }[] } }>(
      `query($c:ID!,$f:LocalDate!,$t:LocalDate!){ voucherReport(campaignId:$c, from:$f, to:$t){ from to issued target claimRate used writtenOff useRate writeOffRate customersUsed spend
        byChannel { key issued redemptions applied } byPeriod { period issued writeOffs amount } campaign { id } } }`,
      { c: campaign.id, f: todayUtc(-2), t: today },
      t.adminToken,
    );
    expect(r.voucherReport).toMatchObject({ issued: 4, target: 10, claimRate: 0.4, used: 2, writtenOff: 2, useRate: 0.5, writeOffRate: 0.5, customersUsed: 2, spend: '42.50', campaign: { id: campaign.id } });
    expect(r.voucherReport.byChannel).toEqual([
      { key: 'EMAIL', issued: 1, redemptions: 0, applied: '0.00' },
      { key: 'EVENT', issued: 1, redemptions: 1, applied: '12.50' },
      { key: 'WEBSITE', issued: 2, redemptions: 1, applied: '30.00' },
    ]);
    expect(r.voucherReport.byPeriod.map((p) => p.period)).toEqual([todayUtc(-2), todayUtc(-1), today]);
    expect(r.voucherReport.byPeriod[2]).toEqual({ period: today, issued: 4, writeOffs: 2, amount: '42.50' });
    const earlier = await t.ok<{ voucherReport: { issued: number; useRate: number } }>('query($c:ID!){ voucherReport(campaignId:$c, from:"2020-01-01", to:"2020-01-31"){ issued useRate } }', { c: campaign.id }, t.adminToken);
    expect(earlier.voucherReport).toEqual({ issued: 0, useRate: 0 });
    expect(errorCode(await t.gql('query($c:ID!){ voucherReport(campaignId:$c, from:"2026-01-01", to:"2026-01-31"){ issued } }', { c: campaign.id }, w.merchantA.token))).toBe('FORBIDDEN');
    const promo = await w.campaign();
    expect(errorCode(await t.gql('query($c:ID!){ voucherReport(campaignId:$c, from:"2026-01-01", to:"2026-01-31"){ issued } }', { c: promo.id }, t.adminToken))).toBe('BAD_USER_INPUT');

    // The same figures as CSV (SPEC §8), with the API's error statuses.
    const csvUrl = (c: string, f: string, to: string) => `${t.url}/api/vouchers/report.csv?campaignId=${c}&from=${f}&to=${to}`;
    const csv = await fetch(csvUrl(campaign.id, todayUtc(-2), today), { headers: { authorization: `Bearer ${t.adminToken}` } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split('\n');
    expect(lines).toContain('issued,4');
    expect(lines).toContain('claim_rate,0.4');
    expect(lines).toContain('spend,42.50');
    expect(lines).toContain('WEBSITE,2,1,30.00');
    expect(lines).toContain(`${today},4,2,42.50`);
    expect((await fetch(csvUrl(campaign.id, todayUtc(-2), today))).status).toBe(401);
    expect((await fetch(csvUrl(campaign.id, todayUtc(-2), today), { headers: { authorization: `Bearer ${w.merchantA.token}` } })).status).toBe(403);
    const bad = await fetch(csvUrl(campaign.id, 'soon', today), { headers: { authorization: `Bearer ${t.adminToken}` } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'BAD_USER_INPUT', field: 'from' } });
  });
});
