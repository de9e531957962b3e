// The discounts demo data (SPEC §11): the three ZX definitions visible to Customer Care, a pending ad
// hoc discount in the supervisor's inbox that the supervisor approves, and the bills it leads to.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ seedDemo: true });
});
afterAll(async () => t?.stop());

describe('the discounts demo data', () => {
  it('agents see the three ZX definitions; the supervisor approves the pending discount; the bill shows it', async () => {
    const agent = await t.login('agent@example.com', 'perkflow-demo');
    const supervisor = await t.login('supervisor@example.com', 'perkflow-demo');
    const definitions = await t.ok<{ additiveDiscountDefinitions: { name: string; application: string }[] }>('{ additiveDiscountDefinitions { name application } }', {}, agent);
    expect(definitions.additiveDiscountDefinitions.map((d) => d.name).sort()).toEqual(['ZX complaint discount (monthly subscribers)', 'ZX late installation 50%', 'ZX late installation €20 (automatic)']);
    const inbox = await t.ok<{ approvalRequests: { id: string; subject: string; subjectId: string; canDecide: boolean; payload: { amount: string; definitionName: string } }[] }>(
      '{ approvalRequests(state: PENDING) { id subject subjectId canDecide payload } }', {}, supervisor);
    const request = inbox.approvalRequests.find((r) => r.subject === 'AD_HOC_DISCOUNT')!;
    expect(request).toMatchObject({ canDecide: true, payload: { amount: '20.00', definitionName: 'ZX complaint discount (monthly subscribers)' } });
    const approved = await t.ok<{ approveAdHocDiscount: { state: string; subscription: { id: string; effectiveDate: string } } }>(
      'mutation($id:ID!){ approveAdHocDiscount(id:$id, comment:"ok"){ state subscription { id effectiveDate } } }', { id: request.subjectId }, supervisor);
    expect(approved.approveAdHocDiscount.state).toBe('APPROVED');
    const periodStart = new Date().toISOString().slice(0, 8) + '01';
    const bill = await t.ok<{ previewSubscriptionBill: { lines: { product: { code: string }; amount: string; net: string }[] } }>(
      'query($s:ID!,$p:LocalDate!){ previewSubscriptionBill(subscriptionId:$s, periodStart:$p){ lines { product { code } amount net } } }', { s: approved.approveAdHocDiscount.subscription.id, p: periodStart }, agent);
    expect(bill.previewSubscriptionBill.lines[0]).toEqual({ product: { code: 'FIBRE-100' }, amount: '29.90', net: '9.90' });
    // The late demo job gets the automatic €20 off its installation fee.
    const [late] = await t.sql<{ id: string }>('select id::text from job where actual_completion_date > expected_completion_date');
    const job = await t.ok<{ previewJobBill: { total: string; lines: { discounts: { application: string; amount: string }[] }[] } }>('query($j:ID!){ previewJobBill(jobId:$j){ total lines { discounts { application amount } } } }', { j: late!.id }, agent);
    expect(job.previewJobBill).toEqual({ total: '60.00', lines: [{ discounts: [{ application: 'AUTO_APPLY', amount: '20.00' }] }] });
  });
});
