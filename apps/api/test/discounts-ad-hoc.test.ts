// Ad hoc discounts through the public API: submission checks (each refusal carries its code and field
// and writes nothing), the life cycle with who/when per step, approval by the right supervisor only,
// modification while pending only, and the rolling limit under parallel HTTP submissions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows } from './fixtures.js';
import { errorCode, startTestApp, type TestApp } from './harness.js';
import { AD_HOC_FIELDS, type AdHocRow, companyZx, DAY } from './discounts-fixtures.js';

let t: TestApp;
let zx: Awaited<ReturnType<typeof companyZx>>;
let zx1: string;

beforeAll(async () => {
  t = await startTestApp();
  zx = await companyZx(t);
  zx1 = (await zx.definition(zx.zx1())).id;
});
afterAll(async () => t?.stop());

async function counts() {
  return { discounts: await countRows(t, 'ad_hoc_discount'), requests: await countRows(t, 'approval_request') };
}

describe('submitAdHocDiscount', () => {
  it('a manual discount starts PENDING_APPROVAL with who/when and an approval request for the unit', async () => {
    const subscription = await zx.subscription();
    const r = await zx.submit({ definitionId: zx1, subscriptionId: subscription, amount: '20.00', applicableProductIds: [zx.fibre] });
    expect(r.errors).toBeUndefined();
    const d = r.data!.submitAdHocDiscount;
    expect(d).toMatchObject({ state: 'PENDING_APPROVAL', amount: '20.00', approvalMethod: 'MANUAL', providedBy: { id: zx.agent.id }, approvedBy: null, approvedOn: null, cancelledBy: null,
      subscription: { id: subscription }, job: null, definition: { id: zx1 }, applicableProducts: [{ id: zx.fibre }] });
    expect(d.number).toMatch(/^AHD-\d{6}$/);
    expect(Date.parse(String(d.providedOn))).toBeGreaterThan(Date.now() - 60_000);
    expect(d.expirationDate).toBeTruthy();
    const inbox = await t.ok<{ approvalRequests: { subject: string; subjectId: string; state: string }[] }>('{ approvalRequests(state: PENDING) { subject subjectId state } }', {}, zx.supervisor.token);
    expect(inbox.approvalRequests).toContainEqual({ subject: 'AD_HOC_DISCOUNT', subjectId: d.id, state: 'PENDING' });
    const other = await t.ok<{ approvalRequests: { subjectId: string }[] }>('{ approvalRequests(state: PENDING) { subjectId } }', {}, zx.otherSupervisor.token);
    expect(other.approvalRequests.map((a) => a.subjectId)).not.toContain(d.id);
  });

  it('without products chosen, a product-restricted definition applies to the matching products (the main service)', async () => {
    const r = await zx.submit({ definitionId: zx1, subscriptionId: await zx.subscription(), amount: '5' });
    expect(r.data?.submitAdHocDiscount).toMatchObject({ amount: '5.00', applicableProducts: [{ id: zx.fibre }] });
  });

  it('an automatic definition creates the discount APPROVED, with no approval request', async () => {
    const auto = await zx.definition(zx.zx1({ name: `Auto ${zx.tag}`, approvalMethod: 'AUTOMATIC', approvalUnitId: null, maxApplications: null, applicationPeriod: null }));
    const before = await counts();
    const r = await zx.submit({ definitionId: auto.id, subscriptionId: await zx.subscription(), amount: '10' });
    expect(r.data?.submitAdHocDiscount).toMatchObject({ state: 'APPROVED', approvalMethod: 'AUTOMATIC', approvedBy: null });
    expect(r.data?.submitAdHocDiscount.approvedOn).toBeTruthy();
    expect(await counts()).toEqual({ discounts: before.discounts + 1, requests: before.requests });
  });

  it.each<[string, () => Promise<Record<string, unknown>>, string]>([
    ['an amount above the range', async () => ({ definitionId: zx1, subscriptionId: await zx.subscription(), amount: '20.01' }), 'input.amount'],
    ['an amount below the range', async () => ({ definitionId: zx1, subscriptionId: await zx.subscription(), amount: '4.99' }), 'input.amount'],
    ['no amount for a range', async () => ({ definitionId: zx1, subscriptionId: await zx.subscription() }), 'input.amount'],
    ['an amount with more decimals than EUR has (never rounded)', async () => ({ definitionId: zx1, subscriptionId: await zx.subscription(), amount: '10.005' }), 'input.amount'],
    ['a quarterly subscription (billing frequency criterion)', async () => ({ definitionId: zx1, subscriptionId: await zx.subscription(undefined, 'QUARTERLY'), amount: '10' }), 'input.subscriptionId'],
    ['no subscription package on it (product type criterion)', async () => ({ definitionId: zx1, subscriptionId: await zx.subscription(undefined, 'MONTHLY', [{ productId: zx.staticIp, price: '5.00', isMain: true }]), amount: '10' }), 'input.subscriptionId'],
    ['an add-on chosen as applicable product', async () => ({ definitionId: zx1, subscriptionId: await zx.subscription(), amount: '10', applicableProductIds: [zx.staticIp] }), 'input.applicableProductIds.0'],
    ['a job for a subscription definition', async () => ({ definitionId: zx1, jobId: await zx.job(), amount: '10' }), 'input.jobId'],
    ['both a subscription and a job', async () => ({ definitionId: zx1, subscriptionId: await zx.subscription(), jobId: await zx.job(), amount: '10' }), 'input.jobId'],
    ['neither a subscription nor a job', async () => ({ definitionId: zx1, amount: '10' }), 'input.subscriptionId'],
    ['an unknown definition', async () => ({ definitionId: '999999', subscriptionId: await zx.subscription(), amount: '10' }), 'input.definitionId'],
    ['another expiration on a fixed-date discount', async () => ({ definitionId: zx1, subscriptionId: await zx.subscription(), amount: '10', expirationDate: new Date(Date.now() + 5 * DAY).toISOString() }), 'input.expirationDate'],
    ['a start before the definition on a fixed-date discount', async () => ({ definitionId: zx1, subscriptionId: await zx.subscription(), amount: '10', effectiveDate: new Date(Date.now() - 5 * DAY).toISOString() }), 'input.effectiveDate'],
  ])('refuses %s: BAD_USER_INPUT naming the field, nothing written', async (_name, input, field) => {
    const i = await input();
    const before = await counts();
    const r = await zx.submit(i);
    expect([errorCode(r), r.errors?.[0]?.extensions?.field]).toEqual(['BAD_USER_INPUT', field]);
    expect(await counts()).toEqual(before);
  });

  it('refuses a definition that is not valid now (expired yesterday, or not yet effective)', async () => {
    const ended = new Date(Date.now() - 2 * DAY).toISOString();
    const expired = await zx.definition(zx.zx1({ name: `Expired ${zx.tag}`, effectiveDate: new Date(Date.now() - 30 * DAY).toISOString(), expirationDate: ended, durationUntil: ended }));
    const future = await zx.definition(zx.zx1({ name: `Future ${zx.tag}`, effectiveDate: new Date(Date.now() + 2 * DAY).toISOString() }));
    for (const id of [expired.id, future.id]) {
      const before = await counts();
      const r = await zx.submit({ definitionId: id, subscriptionId: await zx.subscription(), amount: '10' });
      expect([errorCode(r), r.errors?.[0]?.extensions?.field]).toEqual(['BAD_USER_INPUT', 'input.definitionId']);
      expect(await counts()).toEqual(before);
    }
  });

  it('only agents submit: a supervisor or a marketing manager is FORBIDDEN', async () => {
    const subscription = await zx.subscription();
    for (const token of [zx.supervisor.token, zx.manager.token]) {
      expect(errorCode(await zx.submit({ definitionId: zx1, subscriptionId: subscription, amount: '10' }, token))).toBe('FORBIDDEN');
    }
  });
});

describe('approval (SPEC §7)', () => {
  async function pending(): Promise<AdHocRow> {
    return (await t.ok<{ submitAdHocDiscount: AdHocRow }>(`mutation($i:SubmitAdHocDiscountInput!){ submitAdHocDiscount(input:$i){ ${AD_HOC_FIELDS} } }`,
      { i: { definitionId: zx1, subscriptionId: await zx.subscription(), amount: '15' } }, zx.agent.token)).submitAdHocDiscount;
  }

  it('a supervisor of another unit, an agent and the submitter are refused; nothing changes', async () => {
    const d = await pending();
    expect(errorCode(await zx.approve(d.id, zx.otherSupervisor.token))).toBe('FORBIDDEN');
    expect(errorCode(await zx.cancel(d.id, zx.otherSupervisor.token))).toBe('FORBIDDEN');
    expect(errorCode(await zx.approve(d.id, zx.agent2.token))).toBe('FORBIDDEN');
    expect((await zx.get(d.id)).state).toBe('PENDING_APPROVAL');
    // A user who is both agent and supervisor of the unit may submit, but not approve their own discount.
    const own = (await zx.submit({ definitionId: zx1, subscriptionId: await zx.subscription(), amount: '15' }, zx.agentSupervisor.token)).data!.submitAdHocDiscount;
    expect(errorCode(await zx.approve(own.id, zx.agentSupervisor.token))).toBe('FORBIDDEN');
    expect((await zx.get(own.id)).state).toBe('PENDING_APPROVAL');
    // …another supervisor of the unit may.
    expect((await zx.approve(own.id)).data?.approveAdHocDiscount.state).toBe('APPROVED');
  });

  it('the right supervisor approves once: approved by/on recorded, the request decided, a second decision is CONFLICT', async () => {
    const d = await pending();
    const r = await zx.approve(d.id, zx.supervisor.token, 'Serious complaint, approved');
    expect(r.data?.approveAdHocDiscount).toMatchObject({ state: 'APPROVED', approvedBy: { id: zx.supervisor.id }, cancelledBy: null });
    expect(r.data?.approveAdHocDiscount.approvedOn).toBeTruthy();
    const request = await t.sql<{ state: string; comment: string; decided_by_id: string }>(`select state, comment, decided_by_id::text from approval_request where subject = 'AD_HOC_DISCOUNT' and subject_id = $1`, [d.id]);
    expect(request).toEqual([{ state: 'APPROVED', comment: 'Serious complaint, approved', decided_by_id: zx.supervisor.id }]);
    expect(errorCode(await zx.approve(d.id))).toBe('CONFLICT');
    expect(errorCode(await zx.cancel(d.id))).toBe('CONFLICT');
    expect((await zx.get(d.id)).state).toBe('APPROVED');
  });

  it('cancelling records cancelled by/on; deciding through decideApproval does the same', async () => {
    const d = await pending();
    const r = await zx.cancel(d.id, zx.supervisor.token, 'Not eligible');
    expect(r.data?.cancelAdHocDiscount).toMatchObject({ state: 'CANCELLED', cancelledBy: { id: zx.supervisor.id }, approvedBy: null });
    expect(r.data?.cancelAdHocDiscount.cancelledOn).toBeTruthy();
    const e = await pending();
    const [request] = await t.sql<{ id: string }>(`select id::text from approval_request where subject = 'AD_HOC_DISCOUNT' and subject_id = $1`, [e.id]);
    await t.ok('mutation($id:ID!){ decideApproval(id:$id, approve:true, comment:"fine"){ state } }', { id: request!.id }, zx.supervisor.token);
    expect(await zx.get(e.id)).toMatchObject({ state: 'APPROVED', approvedBy: { id: zx.supervisor.id } });
  });

  it('two supervisors deciding at the same moment: exactly one decision wins', async () => {
    const d = await pending();
    const second = await t.ok<{ createUser: { id: string } }>('mutation($i:CreateUserInput!){ createUser(input:$i){ id } }',
      { i: { email: `sup3.${zx.tag}@example.com`, name: 'Sup 3', password: 'password-1234', roles: ['SUPERVISOR'], groupId: zx.careGroup, unitId: zx.careUnit } }, t.adminToken);
    expect(second.createUser.id).toBeTruthy();
    const token = await t.login(`sup3.${zx.tag}@example.com`, 'password-1234');
    const results = await Promise.all([zx.approve(d.id), zx.cancel(d.id, token)]);
    expect(results.map((r) => errorCode(r) ?? 'OK').sort()).toEqual(['CONFLICT', 'OK']);
    expect(['APPROVED', 'CANCELLED']).toContain((await zx.get(d.id)).state);
  });
});

describe('updateAdHocDiscount', () => {
  const update = (id: string, input: Record<string, unknown>, token = zx.agent.token) =>
    t.gql<{ updateAdHocDiscount: AdHocRow }>(`mutation($id:ID!,$i:UpdateAdHocDiscountInput!){ updateAdHocDiscount(id:$id, input:$i){ ${AD_HOC_FIELDS} } }`, { id, i: input }, token);

  it('the submitter changes a pending discount within the range; others may not; an approved one is CONFLICT', async () => {
    const d = (await zx.submit({ definitionId: zx1, subscriptionId: await zx.subscription(), amount: '10' })).data!.submitAdHocDiscount;
    expect((await update(d.id, { amount: '12.50' })).data?.updateAdHocDiscount.amount).toBe('12.50');
    const [request] = await t.sql<{ amount: string }>(`select payload->>'amount' as amount from approval_request where subject = 'AD_HOC_DISCOUNT' and subject_id = $1`, [d.id]);
    expect(request!.amount).toBe('12.50');
    const tooMuch = await update(d.id, { amount: '25' });
    expect([errorCode(tooMuch), tooMuch.errors?.[0]?.extensions?.field]).toEqual(['BAD_USER_INPUT', 'input.amount']);
    expect(errorCode(await update(d.id, { amount: '11' }, zx.agent2.token))).toBe('FORBIDDEN');
    expect((await zx.get(d.id)).amount).toBe('12.50');
    await zx.approve(d.id);
    expect(errorCode(await update(d.id, { amount: '11' }))).toBe('CONFLICT');
    expect((await zx.get(d.id)).amount).toBe('12.50');
  });
});

describe('rolling limit: 3 per year per customer', () => {
  it('pending and approved count, cancelled do not; the fourth is refused', async () => {
    const customer = await zx.customer();
    const subs = [await zx.subscription(customer), await zx.subscription(customer)];
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const r = await zx.submit({ definitionId: zx1, subscriptionId: subs[i % 2], amount: '5' });
      expect(r.errors).toBeUndefined();
      ids.push(r.data!.submitAdHocDiscount.id);
    }
    const before = await counts();
    const fourth = await zx.submit({ definitionId: zx1, subscriptionId: subs[0], amount: '5' });
    expect([errorCode(fourth), fourth.errors?.[0]?.extensions?.field, fourth.errors?.[0]?.extensions?.reason]).toEqual(['BAD_USER_INPUT', 'input.definitionId', 'LIMIT_REACHED']);
    expect(await counts()).toEqual(before);
    await zx.cancel(ids[0]!);
    expect((await zx.submit({ definitionId: zx1, subscriptionId: subs[0], amount: '5' })).errors).toBeUndefined();
  });

  it('parallel submissions over real HTTP never take more than the limit', async () => {
    const customer = await zx.customer();
    const subscription = await zx.subscription(customer);
    const tokens = [zx.agent.token, zx.agent2.token, zx.agentSupervisor.token];
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => zx.submit({ definitionId: zx1, subscriptionId: subscription, amount: '5' }, tokens[i % tokens.length])));
    const accepted = results.filter((r) => !r.errors);
    const refused = results.filter((r) => r.errors);
    expect(accepted).toHaveLength(3);
    expect(refused.every((r) => errorCode(r) === 'BAD_USER_INPUT' && r.errors?.[0]?.extensions?.reason === 'LIMIT_REACHED')).toBe(true);
    const rows = await t.sql<{ n: string }>(`select count(*)::text as n from ad_hoc_discount where customer_id = $1 and state <> 'CANCELLED'`, [customer]);
    expect(rows[0]!.n).toBe('3');
  });
});
