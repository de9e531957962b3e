import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ seedDemo: true });
});
afterAll(async () => t?.stop());

describe('the voucher demo data (SPEC §11)', () => {
  it('has the ZX Spa Experience campaign, issued vouchers ready for the merchant, and days in every status at both stores', async () => {
    const merchant = await t.login('merchant@example.com', 'perkflow-demo');
    const [central] = await t.sql<{ id: string }>(`select id::text from org_unit where name = 'Store Central'`);
    const check = await t.ok<{ verifyVoucher: { valid: boolean; discount: string } }>('query($u:ID!){ verifyVoucher(code:"SPADEMO01", unitId:$u){ valid discount } }', { u: central.id }, merchant);
    expect(check.verifyVoucher).toEqual({ valid: true, discount: '50.00' });
    const used = await t.ok<{ verifyVoucher: { reason: string } }>('query($u:ID!){ verifyVoucher(code:"SPADEMO06", unitId:$u){ reason } }', { u: central.id }, merchant);
    expect(used.verifyVoucher.reason).toBe('CODE_LIMIT_REACHED');
    const days = await t.sql<{ status: string; write_offs: number; amount: string; unit: string }>(
      `select d.status, d.write_offs, d.amount::text, u.name as unit from merchant_day d join org_unit u on u.id = d.unit_id order by d.date`,
    );
    expect(new Set(days.map((d) => d.status))).toEqual(new Set(['OPEN', 'CONFIRMED', 'AUDITED', 'SETTLED']));
    expect(new Set(days.map((d) => d.unit))).toEqual(new Set(['Store Central', 'Store Harbour']));
    const sums = await t.sql<{ ok: boolean }>(`select bool_and(d.write_offs = (select count(*) from write_off w where w.unit_id = d.unit_id and w.merchant_date = d.date)
      and d.amount = (select sum(amount) from write_off w where w.unit_id = d.unit_id and w.merchant_date = d.date)) as ok from merchant_day d`);
    expect(sums[0].ok).toBe(true);
    const [campaign] = await t.sql<{ id: string }>(`select id::text from campaign where name = 'ZX Spa Experience'`);
    const report = await t.ok<{ voucherReport: { issued: number; writtenOff: number } }>('query($c:ID!,$f:LocalDate!,$t:LocalDate!){ voucherReport(campaignId:$c, from:$f, to:$t){ issued writtenOff } }',
      { c: campaign.id, f: new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 10), t: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10) }, t.adminToken);
    expect(report.voucherReport).toEqual({ issued: 17, writtenOff: 12 });
  });
});
