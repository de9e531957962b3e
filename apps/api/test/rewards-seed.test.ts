// The demo rewards programme (SPEC §11): a scheme with a Just Money and a transaction-based offer,
// events and a finished reward run, so wallets have balances.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ seedDemo: true });
});
afterAll(async () => t?.stop());

describe('rewards demo data', () => {
  it('has effective offers of two classifications, a finished run and wallets with balances', async () => {
    const data = await t.ok<{
      rewardSchemes: { id: string; name: string }[];
      rewardOffers: { nodes: { name: string; classification: string; lifeCycleState: string }[] };
      rewardRuns: { trigger: string; state: string; eventsProcessed: number; awardsCreated: number; totalAwarded: string }[];
      rewardsParticipants: { customer: { id: string } }[];
    }>(
      `{ rewardSchemes { id name } rewardOffers(first: 20) { nodes { name classification lifeCycleState } }
         rewardRuns { trigger state eventsProcessed awardsCreated totalAwarded } rewardsParticipants { customer { id } } }`,
      {},
      t.adminToken,
    );
    const scheme = data.rewardSchemes.find((s) => s.name === 'ZX Loyalty Club')!;
    expect(scheme).toBeDefined();
    const effective = data.rewardOffers.nodes.filter((o) => o.lifeCycleState === 'EFFECTIVE').map((o) => o.classification);
    expect(effective).toEqual(expect.arrayContaining(['JUST_MONEY', 'INCREASE_REVENUE_TRANSACTION_BASED']));
    expect(data.rewardRuns[0]).toMatchObject({ trigger: 'SEED', state: 'FINISHED' });
    expect(data.rewardRuns[0]!.awardsCreated).toBeGreaterThan(12);
    expect(data.rewardsParticipants.length).toBe(12);
    const wallet = await t.ok<{ wallet: { balance: string; awards: unknown[]; spends: { amount: string }[] } }>(
      'query($c:ID!,$s:ID!){ wallet(customerId:$c, schemeId:$s){ balance awards { id } spends { amount } } }',
      { c: data.rewardsParticipants[0]!.customer.id, s: scheme.id },
      t.adminToken,
    );
    expect(Number(wallet.wallet.balance)).toBeGreaterThan(0);
    expect(wallet.wallet.spends).toEqual([{ amount: '5.00' }]);
  });
});
