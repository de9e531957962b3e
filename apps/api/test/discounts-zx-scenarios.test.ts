// The three company ZX scenarios of seed 003, step by step through the public API: definition →
// submission → refusal cases → approval by the right person only → bill preview with exact amounts →
// billing. Each scenario has its own products and segment, so their discounts do not meet.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows } from './fixtures.js';
import { errorCode, startTestApp, type TestApp } from './harness.js';
import { companyZx, DAY, type BillRow } from './discounts-fixtures.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.stop());

const BILL = `id number currency periodStart periodEnd subtotal discountTotal total createdAt
  lines { product { id code } amount net discounts { application definitionId adHocDiscountId amount definitionName } }`;

function summary(bill: BillRow) {
  return { lines: bill.lines.map((l) => [l.amount, l.discounts.map((d) => `${d.application} ${d.amount}`), l.net]), subtotal: bill.subtotal, discountTotal: bill.discountTotal, total: bill.total };
}

describe('scenario 1: ad hoc subscription discount, 5–20 per month, 3 a year, approved by the Customer Care managers', () => {
  it('runs end to end', async () => {
    const zx = await companyZx(t);
    // 1. The marketing manager sets up the definition (monthly subscribers, subscription packages only).
    const definition = await zx.definition(zx.zx1());
    // 2. The agent opens a monthly subscription (Fibre 100 main + Static IP) and sees the discount offered with its range.
    const subscription = await zx.subscription();
    const options = await t.ok<{ adHocDiscountOptions: { definition: { id: string }; minAmount: string; maxAmount: string; remaining: number; applicableProductIds: string[] }[] }>(
      'query($s:ID){ adHocDiscountOptions(subscriptionId:$s){ definition { id } minAmount maxAmount remaining applicableProductIds } }', { s: subscription }, zx.agent.token);
    expect(options.adHocDiscountOptions).toEqual([{ definition: { id: definition.id }, minAmount: '5.00', maxAmount: '20.00', remaining: 3, applicableProductIds: [zx.fibre] }]);
    // …but not on a quarterly one.
    const quarterly = await zx.subscription(undefined, 'QUARTERLY');
    expect((await t.ok<{ adHocDiscountOptions: unknown[] }>('query($s:ID){ adHocDiscountOptions(subscriptionId:$s){ definition { id } } }', { s: quarterly }, zx.agent.token)).adHocDiscountOptions).toEqual([]);
    // 3. Refusals: above the range, on the add-on, on the quarterly subscription. Nothing is written.
    const before = await countRows(t, 'ad_hoc_discount');
    for (const [input, field] of [
      [{ amount: '20.50', applicableProductIds: [zx.fibre] }, 'input.amount'],
      [{ amount: '20.00', applicableProductIds: [zx.staticIp] }, 'input.applicableProductIds.0'],
    ] as const) {
      const r = await zx.submit({ definitionId: definition.id, subscriptionId: subscription, ...input });
      expect([errorCode(r), r.errors?.[0]?.extensions?.field]).toEqual(['BAD_USER_INPUT', field]);
    }
    const q = await zx.submit({ definitionId: definition.id, subscriptionId: quarterly, amount: '20.00' });
    expect([errorCode(q), q.errors?.[0]?.extensions?.field]).toEqual(['BAD_USER_INPUT', 'input.subscriptionId']);
    expect(await countRows(t, 'ad_hoc_discount')).toBe(before);
    // 4. The agent adds €20.00 on the main service: pending approval.
    const submitted = await zx.submit({ definitionId: definition.id, subscriptionId: subscription, amount: '20.00', applicableProductIds: [zx.fibre] });
    const discount = submitted.data!.submitAdHocDiscount;
    expect(discount).toMatchObject({ state: 'PENDING_APPROVAL', amount: '20.00', applicableProducts: [{ id: zx.fibre }] });
    // Not applied before approval.
    const periodStart = new Date().toISOString().slice(0, 8) + '01';
    expect(summary((await zx.previewSubscription(subscription, periodStart)).data!.previewSubscriptionBill)).toEqual({
      lines: [['29.90', [], '29.90'], ['5.00', [], '5.00']], subtotal: '34.90', discountTotal: '0.00', total: '34.90',
    });
    // 5. Only a supervisor of the Customer Care managers may decide; not another unit's, not an agent.
    expect(errorCode(await zx.approve(discount.id, zx.otherSupervisor.token))).toBe('FORBIDDEN');
    expect(errorCode(await zx.approve(discount.id, zx.agent.token))).toBe('FORBIDDEN');
    const approved = await zx.approve(discount.id, zx.supervisor.token, 'Serious complaint');
    expect(approved.data?.approveAdHocDiscount).toMatchObject({ state: 'APPROVED', approvedBy: { id: zx.supervisor.id } });
    // 6. The bill preview shows exactly the discount on the main service.
    const preview = (await zx.previewSubscription(subscription, periodStart)).data!.previewSubscriptionBill;
    expect(summary(preview)).toEqual({ lines: [['29.90', ['AD_HOC 20.00'], '9.90'], ['5.00', [], '5.00']], subtotal: '34.90', discountTotal: '20.00', total: '14.90' });
    expect(preview.lines[0]!.discounts[0]).toMatchObject({ definitionId: definition.id, adHocDiscountId: discount.id });
    expect(preview.lines.map((l) => l.product.id)).toEqual([zx.fibre, zx.staticIp]);
    // 7. Billing stores it; the period is billed once; the monthly discount applies again next month.
    const bill = await t.ok<{ billSubscription: BillRow & { number: string } }>(`mutation($s:ID!,$p:LocalDate!){ billSubscription(subscriptionId:$s, periodStart:$p){ ${BILL} } }`, { s: subscription, p: periodStart }, zx.agent.token);
    expect(summary(bill.billSubscription)).toEqual(summary(preview));
    expect(bill.billSubscription.number).toMatch(/^BILL-\d{6}$/);
    expect(bill.billSubscription.lines[0]!.discounts[0]).toMatchObject({ definitionName: definition.name });
    const again = await t.gql(`mutation($s:ID!,$p:LocalDate!){ billSubscription(subscriptionId:$s, periodStart:$p){ id } }`, { s: subscription, p: periodStart }, zx.agent.token);
    expect(errorCode(again)).toBe('CONFLICT');
    const next = new Date(Date.parse(`${periodStart}T00:00:00Z`) + 32 * DAY).toISOString().slice(0, 8) + '01';
    expect(summary((await zx.previewSubscription(subscription, next)).data!.previewSubscriptionBill).total).toBe('14.90');
    const stored = await t.ok<{ bills: { id: string }[] }>('query($s:ID){ bills(subscriptionId:$s){ id } }', { s: subscription }, zx.agent.token);
    expect(stored.bills).toHaveLength(1);
  });
});

describe('scenario 2: ad hoc 50% of the installation fee on a late job, approved by the Customer Care managers', () => {
  it('runs end to end', async () => {
    const zx = await companyZx(t);
    const definition = await zx.definition(zx.zx2());
    const late = await zx.job();
    const onTime = await zx.job({ onTime: true });
    // Refused on a job completed on time (not in the "late jobs" segment), and with a different percentage.
    const before = await countRows(t, 'ad_hoc_discount');
    const refused = await zx.submit({ definitionId: definition.id, jobId: onTime });
    expect([errorCode(refused), refused.errors?.[0]?.extensions?.field]).toEqual(['BAD_USER_INPUT', 'input.jobId']);
    const otherValue = await zx.submit({ definitionId: definition.id, jobId: late, percentage: '60' });
    expect([errorCode(otherValue), otherValue.errors?.[0]?.extensions?.field]).toEqual(['BAD_USER_INPUT', 'input.percentage']);
    expect(await countRows(t, 'ad_hoc_discount')).toBe(before);
    // The agent adds it to the late job: pending; the submitter cannot approve it (they are no supervisor).
    const discount = (await zx.submit({ definitionId: definition.id, jobId: late })).data!.submitAdHocDiscount;
    expect(discount).toMatchObject({ state: 'PENDING_APPROVAL', percentage: '50', job: { id: late }, applicableProducts: [{ id: zx.installFee }] });
    expect(errorCode(await zx.approve(discount.id, zx.otherSupervisor.token))).toBe('FORBIDDEN');
    expect((await zx.approve(discount.id)).data?.approveAdHocDiscount.state).toBe('APPROVED');
    const preview = (await zx.previewJob(late)).data!.previewJobBill;
    expect(summary(preview)).toEqual({ lines: [['80.00', ['AD_HOC 40.00'], '40.00']], subtotal: '80.00', discountTotal: '40.00', total: '40.00' });
    expect([preview.periodStart, preview.periodEnd]).toEqual([null, null]);
    // Billing consumes the once-off discount; a job is billed once.
    const bill = await t.ok<{ billJob: BillRow }>(`mutation($j:ID!){ billJob(jobId:$j){ ${BILL} } }`, { j: late }, zx.agent.token);
    expect(summary(bill.billJob)).toEqual(summary(preview));
    expect((await t.ok<{ adHocDiscount: { consumed: boolean } }>('query($id:ID!){ adHocDiscount(id:$id){ consumed } }', { id: discount.id }, zx.agent.token)).adHocDiscount.consumed).toBe(true);
    expect(errorCode(await t.gql('mutation($j:ID!){ billJob(jobId:$j){ id } }', { j: late }, zx.agent.token))).toBe('CONFLICT');
    // Once consumed, a preview no longer shows it.
    expect(summary((await zx.previewJob(late)).data!.previewJobBill).total).toBe('80.00');
  });
});

describe('scenario 3: auto-apply €20 off the installation fee of late jobs', () => {
  it('applies by itself on late jobs only', async () => {
    const zx = await companyZx(t);
    const definition = await zx.definition(zx.zx3());
    const late = await zx.job({ lines: [{ productId: zx.installFee, price: '80.00' }, { productId: zx.tvSports, price: '9.90' }] });
    const onTime = await zx.job({ onTime: true });
    const preview = (await zx.previewJob(late)).data!.previewJobBill;
    expect(summary(preview)).toEqual({ lines: [['80.00', ['AUTO_APPLY 20.00'], '60.00'], ['9.90', [], '9.90']], subtotal: '89.90', discountTotal: '20.00', total: '69.90' });
    expect(preview.lines[0]!.discounts[0]).toEqual({ application: 'AUTO_APPLY', definitionId: definition.id, adHocDiscountId: null, amount: '20.00' });
    expect(summary((await zx.previewJob(onTime)).data!.previewJobBill)).toEqual({ lines: [['80.00', [], '80.00']], subtotal: '80.00', discountTotal: '0.00', total: '80.00' });
    // An agent cannot add an auto-apply definition by hand.
    const r = await zx.submit({ definitionId: definition.id, jobId: late });
    expect([errorCode(r), r.errors?.[0]?.extensions?.field]).toEqual(['BAD_USER_INPUT', 'input.definitionId']);
    // Not yet completed: not late yet, so nothing applies.
    const open = await zx.job({ complete: false });
    expect(summary((await zx.previewJob(open)).data!.previewJobBill).total).toBe('80.00');
    const bill = await t.ok<{ billJob: BillRow }>(`mutation($j:ID!){ billJob(jobId:$j){ ${BILL} } }`, { j: late }, zx.agent.token);
    expect(bill.billJob.total).toBe('69.90');
  });
});

describe('bill arithmetic through the API', () => {
  it('scenarios 2 and 3 together add up (50% then €20), never below zero', async () => {
    const zx = await companyZx(t);
    const pct = await zx.definition(zx.zx2({ approvalMethod: 'AUTOMATIC', approvalUnitId: null }));
    await zx.definition(zx.zx3({ amount: '50' }));
    const late = await zx.job();
    expect((await zx.submit({ definitionId: pct.id, jobId: late })).data?.submitAdHocDiscount.state).toBe('APPROVED');
    expect(summary((await zx.previewJob(late)).data!.previewJobBill)).toEqual({ lines: [['80.00', ['AD_HOC 40.00', 'AUTO_APPLY 40.00'], '0.00']], subtotal: '80.00', discountTotal: '80.00', total: '0.00' });
  });

  it('a free period is prorated by days and rounded half-even to the cent', async () => {
    const zx = await companyZx(t);
    const free = await zx.definition({ ...zx.zx1(), valueKind: 'FREE_PERIOD', freePeriodDays: 10, minAmount: null, maxAmount: null, duration: 'FLEXIBLE', durationUntil: null,
      approvalMethod: 'AUTOMATIC', approvalUnitId: null, productTypeIds: [], effectiveDate: '2026-01-01T00:00:00.000Z' });
    const subscription = await zx.subscription();
    const d = await zx.submit({ definitionId: free.id, subscriptionId: subscription, effectiveDate: '2026-04-01T00:00:00.000Z', expirationDate: '2026-04-10T00:00:00.000Z' });
    expect(d.errors).toBeUndefined();
    // April has 30 days: 10 free days of 29.90 = 9.966… → 9.97; of 5.00 = 1.666… → 1.67.
    expect(summary((await zx.previewSubscription(subscription, '2026-04-01')).data!.previewSubscriptionBill)).toEqual({
      lines: [['29.90', ['AD_HOC 9.97'], '19.93'], ['5.00', ['AD_HOC 1.67'], '3.33']], subtotal: '34.90', discountTotal: '11.64', total: '23.26',
    });
    // A period before the subscription's effective date is refused.
    const early = await zx.previewSubscription(subscription, '2025-12-01');
    expect([errorCode(early), early.errors?.[0]?.extensions?.field]).toEqual(['BAD_USER_INPUT', 'periodStart']);
  });

  it('a once-off auto-apply subscription discount applies to the first stored bill only; a once-off ad hoc one is used up by billing', async () => {
    const zx = await companyZx(t);
    await zx.definition({ ...zx.zx1(), name: `Welcome ${zx.tag}`, application: 'AUTO_APPLY', valueKind: 'PERCENTAGE', percentage: '10', minAmount: null, maxAmount: null,
      duration: 'ONCE_OFF', durationUntil: null, approvalMethod: 'AUTOMATIC', approvalUnitId: null, maxApplications: null, applicationPeriod: null, effectiveDate: '2026-01-01T00:00:00.000Z' });
    const gesture = await zx.definition({ ...zx.zx1(), name: `Gesture ${zx.tag}`, valueKind: 'AMOUNT', amount: '3.33', minAmount: null, maxAmount: null, duration: 'ONCE_OFF', durationUntil: null,
      approvalMethod: 'AUTOMATIC', approvalUnitId: null, maxApplications: null, applicationPeriod: null });
    const subscription = await zx.subscription();
    expect((await zx.submit({ definitionId: gesture.id, subscriptionId: subscription })).data?.submitAdHocDiscount.amount).toBe('3.33');
    // 10% of 29.90 = 2.99, after the ad hoc 3.33: 29.90 − 3.33 − 2.99 = 23.58.
    const first = (await zx.previewSubscription(subscription, '2026-03-01')).data!.previewSubscriptionBill;
    expect(summary(first)).toEqual({ lines: [['29.90', ['AD_HOC 3.33', 'AUTO_APPLY 2.99'], '23.58'], ['5.00', [], '5.00']], subtotal: '34.90', discountTotal: '6.32', total: '28.58' });
    await t.ok('mutation($s:ID!,$p:LocalDate!){ billSubscription(subscriptionId:$s, periodStart:$p){ id } }', { s: subscription, p: '2026-03-01' }, zx.agent.token);
    expect(summary((await zx.previewSubscription(subscription, '2026-04-01')).data!.previewSubscriptionBill)).toEqual({
      lines: [['29.90', [], '29.90'], ['5.00', [], '5.00']], subtotal: '34.90', discountTotal: '0.00', total: '34.90',
    });
  });

  it('the options for a target leave out definitions whose limit is reached', async () => {
    const zx = await companyZx(t);
    const limited = await zx.definition(zx.zx1({ maxApplications: 1, applicationPeriod: { count: 1, unit: 'MONTH' } }));
    const subscription = await zx.subscription();
    const options = async () => (await t.ok<{ adHocDiscountOptions: { definition: { id: string }; remaining: number | null }[] }>(
      'query($s:ID){ adHocDiscountOptions(subscriptionId:$s){ definition { id } remaining } }', { s: subscription }, zx.agent.token)).adHocDiscountOptions;
    expect(await options()).toEqual([{ definition: { id: limited.id }, remaining: 1 }]);
    await zx.submit({ definitionId: limited.id, subscriptionId: subscription, amount: '5' });
    expect(await options()).toEqual([]);
  });

  it('parallel billing of one period stores one bill; the once-off discount is used once', async () => {
    const zx = await companyZx(t);
    const once = await zx.definition(zx.zx1({ name: `Once ${zx.tag}`, duration: 'ONCE_OFF', durationUntil: null, approvalMethod: 'AUTOMATIC', approvalUnitId: null }));
    const subscription = await zx.subscription();
    await zx.submit({ definitionId: once.id, subscriptionId: subscription, amount: '10' });
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) =>
      t.gql('mutation($s:ID!,$p:LocalDate!){ billSubscription(subscriptionId:$s, periodStart:$p){ id total } }', { s: subscription, p: i % 2 ? '2026-05-01' : '2026-06-01' }, zx.agent.token)));
    const stored = await t.sql<{ period_start: string; total: string }>("select to_char(period_start, 'YYYY-MM-DD') as period_start, total::text from bill where subscription_id = $1 order by period_start", [subscription]);
    // At most one bill per period (a refused one can be billed again); the 10.00 went to exactly one bill.
    expect(new Set(stored.map((b) => b.period_start)).size).toBe(stored.length);
    expect(stored.filter((b) => Number(b.total) === 24.9)).toHaveLength(1);
    expect(stored.every((b) => [24.9, 34.9].includes(Number(b.total)))).toBe(true);
    expect(results.filter((r) => !r.errors)).toHaveLength(stored.length);
    const [discount] = await t.sql<{ bills: string }>('select count(distinct consumed_by_bill_id)::text as bills from ad_hoc_discount where subscription_id = $1', [subscription]);
    expect(discount!.bills).toBe('1');
    expect(results.filter((r) => r.errors).every((r) => errorCode(r) === 'CONFLICT')).toBe(true);
  });
});
