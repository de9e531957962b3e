// The ad hoc discount guarantees with two real API processes on one database (SPEC §3, §7, §12):
// parallel submissions spread over both never exceed the rolling limit, and parallel decisions on one
// discount through both processes decide it once. Nothing here is timed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiProcess, type ApiProcess } from './api-process.js';
import { errorCode, startTestApp, type GraphQLResponse, type TestApp } from './harness.js';
import { companyZx } from './discounts-fixtures.js';

let t: TestApp;
let zx: Awaited<ReturnType<typeof companyZx>>;
let processes: ApiProcess[] = [];

beforeAll(async () => {
  t = await startTestApp();
  zx = await companyZx(t);
  processes = await Promise.all([startApiProcess(t.databaseUrl), startApiProcess(t.databaseUrl)]);
}, 180_000);
afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop()));
  await t?.stop();
});

async function via(i: number, query: string, variables: Record<string, unknown>, token: string): Promise<GraphQLResponse> {
  const response = await fetch(`${processes[i % processes.length]!.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse;
}

describe('two API processes', () => {
  it('parallel submissions over both processes take exactly the limit (3 per year per customer)', async () => {
    const definition = await zx.definition(zx.zx1());
    const customer = await zx.customer();
    const subscriptions = [await zx.subscription(customer), await zx.subscription(customer)];
    const tokens = [zx.agent.token, zx.agent2.token, zx.agentSupervisor.token];
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        via(i, 'mutation($i:SubmitAdHocDiscountInput!){ submitAdHocDiscount(input:$i){ id } }', { i: { definitionId: definition.id, subscriptionId: subscriptions[i % 2], amount: '5' } }, tokens[i % 3]!),
      ),
    );
    expect(results.filter((r) => !r.errors)).toHaveLength(3);
    expect(results.filter((r) => r.errors).every((r) => r.errors?.[0]?.extensions?.reason === 'LIMIT_REACHED')).toBe(true);
    const [row] = await t.sql<{ n: string }>(`select count(*)::text as n from ad_hoc_discount where customer_id = $1`, [customer]);
    expect(row!.n).toBe('3');
  });

  it('approve and cancel racing through both processes: one decision, the other CONFLICT', async () => {
    const definition = await zx.definition(zx.zx1({ name: `Race ${zx.tag}`, maxApplications: null, applicationPeriod: null }));
    for (let round = 0; round < 3; round += 1) {
      const d = (await zx.submit({ definitionId: definition.id, subscriptionId: await zx.subscription(), amount: '7' })).data!.submitAdHocDiscount;
      const results = await Promise.all([
        via(0, 'mutation($id:ID!){ approveAdHocDiscount(id:$id){ state } }', { id: d.id }, zx.supervisor.token),
        via(1, 'mutation($id:ID!){ cancelAdHocDiscount(id:$id){ state } }', { id: d.id }, zx.agentSupervisor.token),
      ]);
      expect(results.map((r) => errorCode(r) ?? 'OK').sort()).toEqual(['CONFLICT', 'OK']);
      const [request] = await t.sql<{ state: string }>(`select state from approval_request where subject = 'AD_HOC_DISCOUNT' and subject_id = $1`, [d.id]);
      const state = (await zx.get(d.id)).state;
      expect([request!.state, state]).toEqual(state === 'APPROVED' ? ['APPROVED', 'APPROVED'] : ['REJECTED', 'CANCELLED']);
    }
  });
});
