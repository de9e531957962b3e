// The redemption rule decided twice must decide the same (issue 14): random campaigns (state, validity window,
// time zone, caps per code / customer / total, one per customer, min spend, budget and its period), codes
// (state, per-code cap, count), counters and orders go through the domain's checkRedemption and through
// perkflow_redeem on real rows, at the same instant. Both must answer ok, or the same reason; a refusal the
// database decided, explained by the domain from the facts it returned, must read exactly as the domain's
// own explanation. The budget period key's SQL twin (perkflow_budget_period_key) is checked against the
// domain's budgetPeriodKey on random instants and zones, month edges included.
// Order facts the database does not re-check (units, segments, products, currency, stacking, assignment)
// are left neutral here: they are decided by the domain only (docs/campaigns.md "Where the rule lives").
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  budgetPeriodKey,
  checkRedemption,
  computeDiscount,
  explainRedemptionRefusal,
  type BudgetPeriod,
  type CampaignState,
  type CountedRefusal,
  type RedemptionFacts,
} from '@perkflow/domain';
import { startTestApp, type TestApp } from './harness.js';
import { campaignFixtures, DAY } from './campaigns-fixtures.js';

let t: TestApp;
let ids: { campaign: string; code: string; codeText: string; customer: string };

beforeAll(async () => {
  t = await startTestApp();
  const c = campaignFixtures(t);
  const { campaign, codes } = await c.activeCampaignWithCodes();
  const customer = await c.customer();
  const [code] = await t.sql<{ id: string }>('select id::text from code where code = $1', [codes[0]]);
  ids = { campaign: campaign.id, code: code.id, codeText: codes[0], customer };
});
afterAll(async () => t?.stop());

const ZONES = ['UTC', 'Europe/Athens', 'America/Los_Angeles', 'Asia/Kolkata', 'Pacific/Kiritimati', 'Pacific/Pago_Pago'];
// Month edges in some zone or other, plus any instant of 2026.
const EDGES = ['2026-01-31T22:00:00.000Z', '2026-01-31T21:59:59.999Z', '2026-02-28T10:00:00.000Z', '2026-03-01T07:59:59.999Z', '2026-03-01T08:00:00.000Z', '2026-12-31T23:59:59.999Z', '2026-06-30T18:30:00.000Z'];
const instant = fc.oneof(
  fc.constantFrom(...EDGES).map((s) => new Date(s)),
  fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2026-12-31T23:59:59Z') }).map((ms) => new Date(ms)),
);
const amount = (values: string[]) => fc.constantFrom(...values);
const cap = fc.option(fc.integer({ min: 1, max: 3 }), { nil: null });

const caseArb = fc.record({
  now: instant,
  state: fc.constantFrom<CampaignState>('ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'PAUSED', 'DRAFT', 'ENDED'),
  startsOffset: fc.constantFrom(-30 * DAY, -DAY, -1, 0, 1, DAY),
  expiresOffset: fc.constantFrom(-DAY, -1, 0, 1, DAY, 60 * DAY),
  timezone: fc.constantFrom(...ZONES),
  discount: fc.oneof(
    fc.record({ kind: fc.constant<'AMOUNT'>('AMOUNT'), value: amount(['1.00', '5.00', '5.01', '20.00']), maxDiscount: fc.constant(null) }),
    fc.record({ kind: fc.constant<'PERCENTAGE'>('PERCENTAGE'), value: amount(['10', '12.5', '50']), maxDiscount: fc.option(amount(['4.99', '30.00']), { nil: null }) }),
  ),
  minSpend: fc.option(amount(['10.00', '50.00', '100.00']), { nil: null }),
  orderAmount: amount(['0.00', '9.99', '10.00', '40.04', '50.00', '100.00', '250.50']),
  perCode: cap,
  perCustomer: cap,
  total: fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }),
  onePerCustomer: fc.boolean(),
  codeState: fc.constantFrom<'ACTIVE' | 'DISABLED'>('ACTIVE', 'ACTIVE', 'ACTIVE', 'DISABLED'),
  codeMax: cap,
  codeCount: fc.integer({ min: 0, max: 4 }),
  customerCount: fc.integer({ min: 0, max: 3 }),
  totalCount: fc.integer({ min: 0, max: 6 }),
  budget: fc.option(
    fc.record({
      period: fc.constantFrom<BudgetPeriod>('MONTH', 'TOTAL'),
      amount: amount(['5.00', '20.00', '100.00']),
      /** Share of the budget spent in the current period (null: no slot rows yet, the function creates them). */
      spentShare: fc.option(fc.constantFrom(0, 0.25, 0.5, 0.7495, 0.8, 1), { nil: null }),
      slots: fc.constantFrom(1, 4),
      /** Spend recorded under another period key, which must not count. */
      otherPeriodSpent: fc.boolean(),
    }),
    { nil: null },
  ),
});
type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

// One case per counted reason (and a success) run first, so every reason is covered whatever the seed.
const base: Case = {
  now: new Date('2026-01-31T22:30:00.000Z'), state: 'ACTIVE', startsOffset: -DAY, expiresOffset: 60 * DAY, timezone: 'Europe/Athens',
  discount: { kind: 'AMOUNT', value: '5.01', maxDiscount: null }, minSpend: '10.00', orderAmount: '50.00', perCode: 2, perCustomer: 2, total: 5,
  onePerCustomer: false, codeState: 'ACTIVE', codeMax: null, codeCount: 0, customerCount: 0, totalCount: 0,
  budget: { period: 'MONTH', amount: '20.00', spentShare: 0.5, slots: 4, otherPeriodSpent: true },
};
const EXAMPLES: [Case][] = ([
  {},
  { state: 'PAUSED' },
  { startsOffset: 1 },
  { expiresOffset: 0 },
  { codeState: 'DISABLED', orderAmount: '9.99' },
  { orderAmount: '9.99', codeCount: 2 },
  { codeCount: 2 },
  { customerCount: 1, onePerCustomer: true },
  { totalCount: 5 },
  { budget: { ...base.budget!, spentShare: 0.8 } },
  { budget: { ...base.budget!, spentShare: 0.7495 } }, // 5.01 left for a 5.01 discount: ok
] as Partial<Case>[]).map((o): [Case] => [{ ...base, ...o }]);

/** Writes the case's rows: the campaign's terms, the code, the counters and the budget slots of `periodKey`. */
async function arrange(k: Case, periodKey: string | null): Promise<{ budgetRemaining: string | null; startsAt: Date; expiresAt: Date }> {
  const startsAt = new Date(k.now.getTime() + k.startsOffset);
  let expiresAt = new Date(k.now.getTime() + k.expiresOffset);
  if (expiresAt <= startsAt) expiresAt = new Date(startsAt.getTime() + DAY);
  const c = ids.campaign;
  await t.sql(
    `update campaign set state = $2, starts_at = $3, expires_at = $4, timezone = $5, discount_kind = $6,
            percentage = case when $6 = 'PERCENTAGE' then $7::numeric end, amount = case when $6 = 'AMOUNT' then $7::numeric end, max_discount = $8,
            min_spend = $9, max_redemptions_per_code = $10, max_redemptions_per_customer = $11, max_redemptions = $12, one_per_customer = $13,
            budget_period = $14, budget_amount = $15, budget_slots = $16, currency = 'EUR'
      where id = $1`,
    [c, k.state, startsAt, expiresAt, k.timezone, k.discount.kind, k.discount.value, k.discount.maxDiscount, k.minSpend, k.perCode, k.perCustomer, k.total, k.onePerCustomer,
      k.budget?.period ?? null, k.budget?.amount ?? null, k.budget?.slots ?? 16],
  );
  await t.sql('update code set state = $2, max_redemptions = $3, redemptions_count = $4 where id = $1', [ids.code, k.codeState, k.codeMax, k.codeCount]);
  await t.sql('delete from customer_campaign_usage where campaign_id = $1', [c]);
  if (k.customerCount > 0) await t.sql('insert into customer_campaign_usage (campaign_id, customer_id, redemptions) values ($1, $2, $3)', [c, ids.customer, k.customerCount]);
  await t.sql('delete from campaign_usage where campaign_id = $1', [c]);
  if (k.totalCount > 0) await t.sql('insert into campaign_usage (campaign_id, redemptions, issued) values ($1, $2, 0)', [c, k.totalCount]);
  await t.sql('delete from campaign_budget_slot where campaign_id = $1', [c]);
  if (!k.budget || periodKey === null) return { budgetRemaining: null, startsAt, expiresAt };
  const budget = Number(k.budget.amount);
  if (k.budget.otherPeriodSpent) {
    await t.sql('insert into campaign_budget_slot (campaign_id, period, slot, allowance, spent) values ($1, $2, 0, $3, $3)', [c, periodKey === 'TOTAL' ? '2025-12' : 'TOTAL', k.budget.amount]);
  }
  if (k.budget.spentShare === null) return { budgetRemaining: k.budget.amount, startsAt, expiresAt };
  // The period's budget split over the slots (as perkflow_budget_slot_take does), the spend filling them in order.
  const each = Math.trunc((budget / k.budget.slots) * 10_000) / 10_000;
  let toSpend = Math.round(budget * k.budget.spentShare * 100) / 100;
  const spentTotal = toSpend;
  for (let s = 0; s < k.budget.slots; s++) {
    const allowance = s === 0 ? budget - each * (k.budget.slots - 1) : each;
    const spent = Math.min(allowance, toSpend);
    toSpend = Math.round((toSpend - spent) * 10_000) / 10_000;
    await t.sql('insert into campaign_budget_slot (campaign_id, period, slot, allowance, spent) values ($1, $2, $3, $4, $5)', [c, periodKey, s, allowance.toFixed(4), spent.toFixed(4)]);
  }
  return { budgetRemaining: (budget - spentTotal).toFixed(4), startsAt, expiresAt };
}

interface SqlAnswer {
  redemption_id: string | null;
  reason: string | null;
  facts: RedemptionFacts | null;
}

let seq = 0;

describe('perkflow_redeem decides as the domain', () => {
  it('on random campaigns, codes, counters and orders (same ok / reason; same explanation from the facts)', async () => {
    let refusedInSql = 0;
    const reasons = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(caseArb, async (k) => {
        const domainKey = k.budget ? budgetPeriodKey(k.budget.period, k.now, k.timezone)! : null;
        const [{ key: sqlKey }] = await t.sql<{ key: string | null }>('select perkflow_budget_period_key($1, $2, $3::timestamptz) as key', [k.budget?.period ?? null, k.timezone, k.now]);
        expect(sqlKey).toBe(domainKey);
        const { budgetRemaining, startsAt, expiresAt } = await arrange(k, domainKey);
        const discountTerms = { kind: k.discount.kind, value: k.discount.value, maxDiscount: k.discount.maxDiscount, currency: 'EUR' };
        const order = { amount: k.orderAmount, currency: 'EUR' };
        const domain = checkRedemption({
          campaign: {
            state: k.state, startsAt, expiresAt, discount: discountTerms, minSpend: k.minSpend,
            maxRedemptionsPerCode: k.perCode, maxRedemptionsPerCustomer: k.perCustomer, maxRedemptions: k.total, onePerCustomer: k.onePerCustomer,
            stacking: 'EXCLUSIVE',
          },
          code: { code: ids.codeText, state: k.codeState, redemptions: k.codeCount, maxRedemptions: k.codeMax },
          customer: { id: ids.customer, blacklisted: false, inIncludedSegment: false, inExcludedSegment: false },
          order,
          counters: { customerRedemptionsOfCampaign: k.customerCount, campaignRedemptions: k.totalCount, budgetRemaining, budgetPeriod: domainKey },
          now: k.now,
        });
        // What redeemCode passes: the domain's discount (rounded to the currency), the caps as the service derives them.
        const discount = computeDiscount(discountTerms, order);
        const [sql] = await t.sql<SqlAnswer>(
          `select redemption_id::text, reason, facts from perkflow_redeem($1, null, $2, $3, $4, null, $5, $6, 'EUR', false, $7, $8, $9, $10, $11, $12, null, null, null, 'parity', $13)`,
          [`parity-${++seq}-${Math.random()}`, ids.code, ids.campaign, ids.customer, k.orderAmount, discount.ok ? discount.value.toFixed(2) : '0',
            k.codeMax ?? k.perCode, k.onePerCustomer ? 1 : k.perCustomer, k.total, domainKey, k.budget?.amount ?? null, k.budget?.slots ?? 16, k.now],
        );
        const sqlOk = sql.redemption_id !== null;
        expect({ ok: sqlOk, reason: sql.reason }).toEqual({ ok: domain.ok, reason: domain.ok ? null : domain.reason });
        if (!domain.ok) {
          refusedInSql++;
          reasons.set(domain.reason, (reasons.get(domain.reason) ?? 0) + 1);
          expect(explainRedemptionRefusal(sql.reason as CountedRefusal, sql.facts!)).toBe(domain.explanation);
        }
      }),
      { numRuns: 160, endOnFailure: true, examples: EXAMPLES },
    );
    // The run covered refusals of every kind the database re-checks, and successes.
    expect([...reasons.keys()].sort()).toEqual(
      ['BUDGET_EXHAUSTED', 'CAMPAIGN_LIMIT_REACHED', 'CAMPAIGN_NOT_ACTIVE', 'CODE_DISABLED', 'CODE_LIMIT_REACHED', 'CUSTOMER_LIMIT_REACHED', 'EXPIRED', 'MIN_SPEND_NOT_MET', 'NOT_STARTED'],
    );
    expect(refusedInSql).toBeLessThan(160);
  }, 60_000);
});

describe('perkflow_redeem answers', () => {
  it('keeps the 20-argument form (p_now defaults to now()), and replays a refusal it decided with the same facts', async () => {
    await t.sql("update campaign set state = 'ACTIVE', starts_at = now() - interval '1 day', expires_at = now() + interval '1 day', min_spend = null, budget_period = null, budget_amount = null where id = $1", [ids.campaign]);
    await t.sql("update code set state = 'DISABLED' where id = $1", [ids.code]);
    const call = () => t.sql<{ outcome: string; reason: string; explanation: string | null; facts: RedemptionFacts }>(
      `select outcome, reason, explanation, facts from perkflow_redeem('parity-replay', null, $1, $2, $3, null, 20.00, 1.00, 'EUR', false, null, null, null, null, null, 16, null, null, null, 'bench')`,
      [ids.code, ids.campaign, ids.customer],
    );
    const [first] = await call();
    expect(first).toEqual({ outcome: 'NEW', reason: 'CODE_DISABLED', explanation: null, facts: { code: ids.codeText } });
    const [again] = await call();
    expect(again).toMatchObject({ outcome: 'REPLAY', reason: 'CODE_DISABLED', facts: { code: ids.codeText } });
    expect(explainRedemptionRefusal('CODE_DISABLED', again.facts)).toBe(`Code ${ids.codeText} is disabled`);
  });
});

describe('the budget period key', () => {
  it('perkflow_budget_period_key is budgetPeriodKey (month edges in every zone)', async () => {
    const samples = fc.sample(fc.tuple(instant, fc.constantFrom(...ZONES), fc.constantFrom<BudgetPeriod>('MONTH', 'MONTH', 'TOTAL')), { numRuns: 400, seed: 14 });
    const rows = await t.sql<{ key: string }>(
      'select perkflow_budget_period_key(p, z, a) as key from unnest($1::text[], $2::text[], $3::timestamptz[]) with ordinality u(p, z, a, n) order by n',
      [samples.map((s) => s[2]), samples.map((s) => s[1]), samples.map((s) => s[0].toISOString())],
    );
    expect(rows.map((r) => r.key)).toEqual(samples.map(([at, zone, period]) => budgetPeriodKey(period, at, zone)));
    // 2026-01-31T22:00Z is already February in Athens, still January in UTC.
    expect(budgetPeriodKey('MONTH', new Date('2026-01-31T22:00:00Z'), 'Europe/Athens')).toBe('2026-02');
    expect(rows.some((r, i) => r.key !== samples[i][0].toISOString().slice(0, 7) && samples[i][2] === 'MONTH')).toBe(true);
  });
});
