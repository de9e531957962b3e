// The reward rules of SPEC §4 end to end through the public API: events around every boundary, a reward
// run, then wallets and spends compared to the cent. Each scenario has a scheme of its own (Europe/Athens:
// UTC+2 in winter, UTC+3 from 29 March 2026 and 28 March 2027).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from './fixtures.js';
import { startTestApp, type GraphQLResponse, type TestApp } from './harness.js';
import { rewardFixtures } from './rewards-fixtures.js';

let t: TestApp;
let r: ReturnType<typeof rewardFixtures>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp();
  r = rewardFixtures(t);
  const f = fixtures(t);
  ids.justMoney = await r.type('Just Money', 'JUST_MONEY');
  ids.revenue = await r.type('Spend and earn', 'INCREASE_REVENUE_TRANSACTION_BASED');
  ids.group = await f.group('Partners');
  ids.other = await f.group('Elsewhere');
  ids.unit = await f.unit('Partner store', ids.group, 'Europe/Athens');
  ids.otherUnit = await f.unit('Other store', ids.other, 'Europe/Athens');
  const catalogue = await t.ok<{ createProductType: { id: string } }>('mutation{ createProductType(name:"Coffee"){ id } }', {}, t.adminToken);
  ids.coffeeType = catalogue.createProductType.id;
  const teaType = (await t.ok<{ createProductType: { id: string } }>('mutation{ createProductType(name:"Tea"){ id } }', {}, t.adminToken)).createProductType.id;
  const product = (code: string, typeId: string) =>
    t.ok<{ createProduct: { id: string } }>('mutation($i:CreateProductInput!){ createProduct(input:$i){ id } }', { i: { code, name: code, typeId } }, t.adminToken).then((d) => d.createProduct.id);
  ids.espresso = await product('ESPRESSO', ids.coffeeType);
  ids.greenTea = await product('GREEN-TEA', teaType);
});
afterAll(async () => t?.stop());

let n = 0;
/** A scheme with one customer enrolled (customer fields as given). */
async function setup(customer: Record<string, unknown> = {}) {
  n += 1;
  const scheme = await r.scheme(`Scheme ${n}`, 'Europe/Athens', 'EUR');
  const customerId = await r.customer(`Customer ${n}`, customer);
  await r.enrol(scheme, customerId);
  return { scheme, customer: customerId };
}

const offer = (scheme: string, input: Record<string, unknown>) => r.offer({ schemeId: scheme, typeId: ids.justMoney, name: `Offer ${(n += 1)}`, award: { kind: 'AMOUNT', amount: '1.00' }, ...input });
const run = () => r.run();
const events = async (customer: string, times: string[], extra: Record<string, unknown> = {}) => {
  const out: string[] = [];
  for (const at of times) out.push(await r.event(customer, at, extra));
  return out;
};
const awardedEvents = async (customer: string, scheme: string) => (await r.wallet(customer, scheme)).awards.map((a) => a.amount);

type SpendResult = GraphQLResponse<{ spendAwards: { id: string; amount: string } }>;
function refusal(result: SpendResult) {
  expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.amount' });
  return result.errors![0]!.extensions as { reason: string; heldBack: { awardId: string; reason: string }[] };
}

describe('offer validity (checked against the performed date, in the scheme time zone)', () => {
  it('a specific period includes its start and excludes its end', async () => {
    const { scheme, customer } = await setup();
    await offer(scheme, { validity: { kind: 'SPECIFIC_PERIOD', validFrom: '2026-03-01T00:00:00+02:00', validTo: '2026-04-01T00:00:00+03:00' }, award: { kind: 'AMOUNT', amount: '2.00' } });
    // 28 Feb 23:59:59 local · 1 Mar 00:00 local · 31 Mar 23:59:59 local · 1 Apr 00:00 local
    await events(customer, ['2026-02-28T21:59:59Z', '2026-02-28T22:00:00Z', '2026-03-31T20:59:59Z', '2026-03-31T21:00:00Z']);
    await run();
    expect(await awardedEvents(customer, scheme)).toEqual(['2.00', '2.00']);
    expect((await r.wallet(customer, scheme)).balance).toBe('4.00');
  });

  it('from the latest effective date on: events before it are not awarded', async () => {
    const { scheme, customer } = await setup();
    await offer(scheme, { award: { kind: 'AMOUNT', amount: '0.50' } });
    const now = Date.now();
    await events(customer, [new Date(now - 3_600_000).toISOString(), new Date(now + 1000).toISOString()]);
    await run();
    expect((await r.wallet(customer, scheme)).balance).toBe('0.50');
  });

  it('a birthday period: X days before to Y days after, both inclusive, across the year end', async () => {
    const { scheme, customer } = await setup({ birthday: '1990-12-31' });
    await offer(scheme, { validity: { kind: 'BIRTHDAY_PERIOD', daysBefore: 1, daysAfter: 2 }, award: { kind: 'AMOUNT', amount: '10.00' } });
    // local (UTC+2): 29 Dec 23:59 · 30 Dec 00:00 · 2 Jan 23:59 · 3 Jan 00:00
    await events(customer, ['2026-12-29T21:59:00Z', '2026-12-29T22:00:00Z', '2027-01-02T21:59:00Z', '2027-01-02T22:00:00Z']);
    await run();
    expect(await awardedEvents(customer, scheme)).toEqual(['10.00', '10.00']);
  });

  it('a name day on 29 February is read as 28 February in a common year; no name day, no award', async () => {
    const { scheme, customer } = await setup({ nameDay: '2000-02-29' });
    const other = await r.customer('No name day');
    await r.enrol(scheme, other);
    await offer(scheme, { validity: { kind: 'NAME_DAY_PERIOD', daysBefore: 0, daysAfter: 0 }, award: { kind: 'AMOUNT', amount: '3.00' } });
    // local: 27 Feb 2027 · 28 Feb 2027 · 1 Mar 2027; and 29 Feb 2028 (a leap year)
    await events(customer, ['2027-02-27T10:00:00Z', '2027-02-28T10:00:00Z', '2027-03-01T10:00:00Z', '2028-02-29T10:00:00Z']);
    await events(other, ['2027-02-28T10:00:00Z']);
    await run();
    expect(await awardedEvents(customer, scheme)).toEqual(['3.00', '3.00']);
    expect((await r.wallet(other, scheme)).balance).toBe('0.00');
  });

  it('a recurring period wraps the year end, both ends inclusive', async () => {
    const { scheme, customer } = await setup();
    await offer(scheme, { validity: { kind: 'RECURRING_PERIOD', fromDay: 20, fromMonth: 12, toDay: 6, toMonth: 1 }, award: { kind: 'AMOUNT', amount: '1.00' } });
    // local: 19 Dec 23:59 · 20 Dec 00:00 · 6 Jan 23:59 · 7 Jan 00:00 · mid-July
    await events(customer, ['2026-12-19T21:59:00Z', '2026-12-19T22:00:00Z', '2027-01-06T21:59:00Z', '2027-01-06T22:00:00Z', '2027-07-15T10:00:00Z']);
    await run();
    expect((await r.wallet(customer, scheme)).balance).toBe('2.00');
  });
});

describe('award conditions and amounts', () => {
  it('only one award per participant, however many events and runs', async () => {
    const { scheme, customer } = await setup();
    await offer(scheme, { awardConditions: { numberOfAwards: 'ONLY_ONE' }, award: { kind: 'AMOUNT', amount: '5.00' } });
    const soon = (s: number) => new Date(Date.now() + s * 1000).toISOString();
    await events(customer, [soon(1), soon(2), soon(3)]);
    await run();
    await events(customer, [soon(4)]);
    await run();
    expect(await awardedEvents(customer, scheme)).toEqual(['5.00']);
  });

  it('apply only if best award: the offer awards only when no other matching offer awards more', async () => {
    const { scheme, customer } = await setup();
    const best = await offer(scheme, { applyIfBestAward: true, award: { kind: 'AMOUNT', amount: '3.00' } });
    const percent = await offer(scheme, { typeId: ids.revenue, award: { kind: 'PERCENTAGE', percentage: '2' } });
    const soon = (s: number) => new Date(Date.now() + s * 1000).toISOString();
    await r.event(customer, soon(1), { amount: '100.00', currency: 'EUR' }); // 2.00 < 3.00: both award
    await r.event(customer, soon(2), { amount: '200.00', currency: 'EUR' }); // 4.00 > 3.00: only the percentage
    await r.event(customer, soon(3), { amount: '150.00', currency: 'EUR' }); // 3.00 = 3.00: a tie keeps both
    await run();
    const wallet = await r.wallet(customer, scheme);
    const byOffer = (id: string) => wallet.awards.filter((a) => a.offer.id === id).map((a) => a.amount).sort();
    expect(byOffer(best)).toEqual(['3.00', '3.00']);
    expect(byOffer(percent)).toEqual(['2.00', '3.00', '4.00']);
    expect(wallet.balance).toBe('15.00');
  });

  it('percentages round half-even to the cent; another currency or no amount awards nothing', async () => {
    const { scheme, customer } = await setup();
    await offer(scheme, { typeId: ids.revenue, evaluationMethod: 'IMMEDIATE', award: { kind: 'PERCENTAGE', percentage: '10' } });
    const at = new Date(Date.now() + 1000).toISOString();
    for (const amount of ['0.25', '0.35', '10.05']) await r.event(customer, at, { amount, currency: 'EUR' });
    await r.event(customer, at, { amount: '50.00', currency: 'USD' });
    await r.event(customer, at);
    // IMMEDIATE: awarded as the events arrive, no run needed
    expect((await awardedEvents(customer, scheme)).sort()).toEqual(['0.02', '0.04', '1.00']);
    expect((await r.wallet(customer, scheme)).balance).toBe('1.06');
  });

  it('allowed groups/units: the event unit or its group; locations: an active address', async () => {
    const { scheme, customer } = await setup({ addresses: [{ city: 'Athens', active: false }, { city: 'Patras', district: 'Achaia', active: true }] });
    await offer(scheme, { awardConditions: { numberOfAwards: 'MULTIPLE', allowedGroupIds: [ids.group] }, award: { kind: 'AMOUNT', amount: '1.00' } });
    await offer(scheme, { awardConditions: { numberOfAwards: 'MULTIPLE', allowedCities: ['athens'] }, award: { kind: 'AMOUNT', amount: '20.00' } });
    await offer(scheme, { awardConditions: { numberOfAwards: 'MULTIPLE', allowedDistricts: ['ACHAIA'] }, award: { kind: 'AMOUNT', amount: '0.10' } });
    const at = new Date(Date.now() + 1000).toISOString();
    await r.event(customer, at, { unitId: ids.unit });
    await r.event(customer, at, { unitId: ids.otherUnit });
    await r.event(customer, at);
    await run();
    // group offer: 1 event; Athens (inactive address): none; Achaia: 3 events
    expect((await r.wallet(customer, scheme)).balance).toBe('1.30');
  });

  it('a retried event with the same idempotency key is one event, awarded once', async () => {
    const { scheme, customer } = await setup();
    await offer(scheme, { award: { kind: 'AMOUNT', amount: '4.00' } });
    const at = new Date(Date.now() + 1000).toISOString();
    const first = await r.event(customer, at, { idempotencyKey: `till-${n}` });
    const second = await r.event(customer, at, { idempotencyKey: `till-${n}` });
    expect(second).toBe(first);
    await run();
    expect((await r.wallet(customer, scheme)).balance).toBe('4.00');
  });

  it('an offer that has awarded cannot be deleted', async () => {
    const { scheme, customer } = await setup();
    const id = await offer(scheme, { award: { kind: 'AMOUNT', amount: '1.00' }, evaluationMethod: 'IMMEDIATE' });
    await r.event(customer, new Date(Date.now() + 1000).toISOString());
    const result = await t.gql('mutation($id:ID!){ deleteRewardOffer(id:$id) }', { id }, t.adminToken);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'HAS_TRANSACTIONS' });
  });
});

describe('award validity (the end is exclusive) and spending', () => {
  it('"until a date": spendable strictly before it', async () => {
    const { scheme, customer } = await setup();
    const until = '2030-01-01T00:00:00.000Z';
    await offer(scheme, { evaluationMethod: 'IMMEDIATE', award: { kind: 'AMOUNT', amount: '10.00' }, awardValidity: { kind: 'UNTIL_DATE', until } });
    await r.event(customer, new Date(Date.now() + 1000).toISOString());
    expect((await r.wallet(customer, scheme)).awards[0]).toMatchObject({ expiresAt: until, expired: false });
    const refused = refusal(await r.spend({ customerId: customer, schemeId: scheme, amount: '1.00', performedAt: until }));
    expect(refused.reason).toBe('INSUFFICIENT_BALANCE');
    expect(refused.heldBack.map((h) => h.reason)).toEqual(['EXPIRED']);
    const spent = await r.spend({ customerId: customer, schemeId: scheme, amount: '1.00', performedAt: '2029-12-31T23:59:59.999Z' });
    expect(spent.errors).toBeUndefined();
  });

  it('"N units after the award": expires as the local date N units later begins', async () => {
    const { scheme, customer } = await setup();
    await offer(scheme, { evaluationMethod: 'IMMEDIATE', award: { kind: 'AMOUNT', amount: '1.00' }, awardValidity: { kind: 'AFTER_AWARD', after: { count: 1, unit: 'DAY' } } });
    await r.event(customer, new Date(Date.now() + 1000).toISOString());
    const award = (await r.wallet(customer, scheme)).awards[0]!;
    const local = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Athens', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(award.expiresAt!));
    expect(local).toBe('00:00');
    const hours = (Date.parse(award.expiresAt!) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(0);
    expect(hours).toBeLessThanOrEqual(24);
  });

  it('days and hour ranges are read in the scheme time zone; a range may run past midnight', async () => {
    const { scheme, customer } = await setup();
    await offer(scheme, {
      evaluationMethod: 'IMMEDIATE',
      award: { kind: 'AMOUNT', amount: '50.00' },
      spendConditions: { days: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'], hourRanges: [{ from: '09:00', to: '17:00' }, { from: '22:00', to: '02:00' }] },
    });
    await r.event(customer, new Date(Date.now() + 1000).toISOString());
    const spend = (performedAt: string) => r.spend({ customerId: customer, schemeId: scheme, amount: '1.00', performedAt });
    // Monday 1 March 2027 (local UTC+2)
    expect((await spend('2027-03-01T06:59:59Z')).errors).toBeDefined(); // 08:59:59
    expect(refusal(await spend('2027-03-01T06:59:59Z')).heldBack[0]!.reason).toBe('HOUR_NOT_ALLOWED');
    expect((await spend('2027-03-01T07:00:00Z')).errors).toBeUndefined(); // 09:00
    expect((await spend('2027-03-01T14:59:59Z')).errors).toBeUndefined(); // 16:59:59
    expect(refusal(await spend('2027-03-01T15:00:00Z')).heldBack[0]!.reason).toBe('HOUR_NOT_ALLOWED'); // 17:00
    expect((await spend('2027-03-01T23:59:00Z')).errors).toBeUndefined(); // Tue 01:59
    expect(refusal(await spend('2027-03-02T00:00:00Z')).heldBack[0]!.reason).toBe('HOUR_NOT_ALLOWED'); // Tue 02:00
    expect(refusal(await spend('2027-03-06T08:00:00Z')).heldBack[0]!.reason).toBe('DAY_NOT_ALLOWED'); // Saturday 10:00
    const refused = await spend('2027-03-06T08:00:00Z');
    expect(refused.errors![0]!.message).toContain('not spendable on this day of the week');
    expect((await r.wallet(customer, scheme)).balance).toBe('47.00');
  });

  it('products, product types and units where spent; only after N days since the award', async () => {
    const { scheme, customer } = await setup();
    await offer(scheme, {
      evaluationMethod: 'IMMEDIATE',
      award: { kind: 'AMOUNT', amount: '20.00' },
      spendConditions: { productTypeIds: [ids.coffeeType], allowedGroupIds: [ids.group], afterAwarding: { count: 2, unit: 'DAY' } },
    });
    await r.event(customer, new Date(Date.now() + 1000).toISOString());
    const later = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const spend = (input: Record<string, unknown>) => r.spend({ customerId: customer, schemeId: scheme, amount: '5.00', ...input });
    expect(refusal(await spend({ productIds: [ids.espresso], unitId: ids.unit })).heldBack[0]!.reason).toBe('TOO_SOON_AFTER_AWARD');
    expect(refusal(await spend({ productIds: [ids.greenTea], unitId: ids.unit, performedAt: later })).heldBack[0]!.reason).toBe('PRODUCT_NOT_ALLOWED');
    expect(refusal(await spend({ productIds: [ids.espresso, ids.greenTea], unitId: ids.unit, performedAt: later })).heldBack[0]!.reason).toBe('PRODUCT_NOT_ALLOWED');
    expect(refusal(await spend({ unitId: ids.unit, performedAt: later })).heldBack[0]!.reason).toBe('PRODUCT_NOT_ALLOWED');
    expect(refusal(await spend({ productIds: [ids.espresso], unitId: ids.otherUnit, performedAt: later })).heldBack[0]!.reason).toBe('UNIT_NOT_ALLOWED');
    expect((await spend({ productIds: [ids.espresso], unitId: ids.unit, performedAt: later })).errors).toBeUndefined();
    expect((await r.wallet(customer, scheme)).balance).toBe('15.00');
  });

  it('spends consume the oldest-expiring awards first, only the usable ones, and never more than held', async () => {
    const { scheme, customer } = await setup();
    const never = await offer(scheme, { evaluationMethod: 'IMMEDIATE', award: { kind: 'AMOUNT', amount: '10.00' } });
    const soon = await offer(scheme, { evaluationMethod: 'IMMEDIATE', award: { kind: 'AMOUNT', amount: '4.00' }, awardValidity: { kind: 'UNTIL_DATE', until: '2031-01-01T00:00:00Z' } });
    const later = await offer(scheme, { evaluationMethod: 'IMMEDIATE', award: { kind: 'AMOUNT', amount: '6.00' }, awardValidity: { kind: 'UNTIL_DATE', until: '2032-01-01T00:00:00Z' } });
    await r.event(customer, new Date(Date.now() + 1000).toISOString());
    expect((await r.wallet(customer, scheme)).balance).toBe('20.00');
    expect((await r.spend({ customerId: customer, schemeId: scheme, amount: '7.00' })).errors).toBeUndefined();
    const remaining = async () => Object.fromEntries((await r.wallet(customer, scheme)).awards.map((a) => [a.offer.id, a.remaining]));
    expect(await remaining()).toEqual({ [soon]: '0.00', [later]: '3.00', [never]: '10.00' });
    const tooMuch = refusal(await r.spend({ customerId: customer, schemeId: scheme, amount: '13.01' }));
    expect(tooMuch.reason).toBe('INSUFFICIENT_BALANCE');
    expect((await r.spend({ customerId: customer, schemeId: scheme, amount: '13.00' })).errors).toBeUndefined();
    const empty = await r.spend({ customerId: customer, schemeId: scheme, amount: '0.01' });
    expect(refusal(empty).reason).toBe('NOTHING_TO_SPEND');
    expect((await r.wallet(customer, scheme)).balance).toBe('0.00');
  });

  it('refuses bad spend input on the named field and changes nothing', async () => {
    const { scheme, customer } = await setup();
    const bad = async (input: Record<string, unknown>, field: string) => {
      const result = await r.spend({ customerId: customer, schemeId: scheme, amount: '1.00', ...input });
      expect(result.errors?.[0]?.extensions, JSON.stringify(result.errors)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    };
    await bad({ amount: '0' }, 'input.amount');
    await bad({ amount: '-1' }, 'input.amount');
    await bad({ amount: '1.001' }, 'input.amount');
    await bad({ unitId: '999999' }, 'input.unitId');
    await bad({ productIds: ['999999'] }, 'input.productIds.0');
    const stranger = await r.customer('Not enrolled');
    const result = await r.spend({ customerId: stranger, schemeId: scheme, amount: '1.00' });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.customerId' });
    expect((await r.wallet(customer, scheme)).spends).toEqual([]);
  });
});
