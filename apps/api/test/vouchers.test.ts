import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows } from './fixtures.js';
import { errorCode, startTestApp, type TestApp } from './harness.js';
import { DAY, voucherWorld } from './vouchers-fixtures.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof voucherWorld>>;

beforeAll(async () => {
  t = await startTestApp();
  w = await voucherWorld(t);
});
afterAll(() => t?.stop());

describe('voucher campaigns', () => {
  it('keep the voucher fields: kind, form, uses, minimum spend, products, stores, validity, cap, exclusions', async () => {
    const typeId = await w.productType('Spa treatments');
    const massage = await w.product('MASSAGE60', typeId);
    const sauna = await w.product('SAUNA', typeId);
    const { campaign } = await w.voucherCampaign({ voucherKind: 'PACKAGE', voucherForm: 'PAPER', maxRedemptionsPerCode: 3, minSpend: '20.00', productIds: [massage], maxIssued: 100 }, 0);
    const terms = await t.ok<{ setVoucherTerms: { excludedProductIds: string[]; excludedWeekdays: string[]; excludedDates: string[]; description: string } }>(
      'mutation($c:ID!,$i:VoucherTermsInput!){ setVoucherTerms(campaignId:$c, input:$i){ excludedProductIds excludedWeekdays excludedDates description } }',
      { c: campaign.id, i: { excludedProductIds: [sauna], excludedWeekdays: ['SUNDAY'], excludedDates: ['2026-12-25'], description: 'One spa visit' } },
      t.adminToken,
    );
    expect(terms.setVoucherTerms).toEqual({ excludedProductIds: [sauna], excludedWeekdays: ['SUNDAY'], excludedDates: ['2026-12-25'], description: 'One spa visit' });
    const read = await t.ok<{ campaign: Record<string, unknown> }>(
      'query($id:ID!){ campaign(id:$id){ kind voucherKind voucherForm maxRedemptionsPerCode minSpend products { id } allowedUnits { id } maxIssued voucherTerms { excludedProductIds excludedWeekdays } } }',
      { id: campaign.id },
      t.adminToken,
    );
    expect(read.campaign).toMatchObject({ kind: 'EXPERIENCE_VOUCHER', voucherKind: 'PACKAGE', voucherForm: 'PAPER', maxRedemptionsPerCode: 3, minSpend: '20.00', products: [{ id: massage }], maxIssued: 100, voucherTerms: { excludedProductIds: [sauna], excludedWeekdays: ['SUNDAY'] } });
    const bad = await t.gql('mutation($c:ID!,$i:VoucherTermsInput!){ setVoucherTerms(campaignId:$c, input:$i){ description } }', { c: campaign.id, i: { excludedProductIds: ['999999'] } }, t.adminToken);
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors![0].extensions!.field).toBe('input.excludedProductIds.0');
  });
});

describe('issuance', () => {
  it('records time, channel and customer, and who issued it', async () => {
    const { campaign } = await w.voucherCampaign();
    const customer = await w.customer();
    const before = Date.now();
    const r = await w.issue(campaign.id, customer, 'EVENT', w.agent.token);
    expect(r.errors).toBeUndefined();
    expect(r.data!.issueCode).toMatchObject({ channel: 'EVENT', customer: { id: customer } });
    expect(new Date(r.data!.issueCode.issuedAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
    const rows = await t.sql<{ channel: string; grant_key: string; issued_by_id: string }>('select channel, grant_key, issued_by_id::text from voucher_issuance where campaign_id = $1 and customer_id = $2', [campaign.id, customer]);
    expect(rows).toEqual([{ channel: 'EVENT', grant_key: 'FIRST', issued_by_id: w.agent.id }]);
  });

  it('gives one voucher per person, even when the campaign does not say onePerCustomer', async () => {
    const { campaign } = await w.voucherCampaign({ onePerCustomer: false });
    const [c1, c2] = [await w.customer(), await w.customer()];
    await w.issued(campaign.id, c1, 'SOCIAL');
    const second = await w.issue(campaign.id, c1, 'APP');
    expect(errorCode(second)).toBe('BAD_USER_INPUT');
    expect(second.errors![0].extensions).toMatchObject({ field: 'customerId', reason: 'ONE_PER_CUSTOMER' });
    expect(second.errors![0].message).toContain('ONE_PER_CUSTOMER_EXCEPTION');
    await w.issued(campaign.id, c2, 'APP');
    expect(Number((await t.sql<{ n: string }>('select count(*)::text as n from code where campaign_id = $1 and customer_id is not null', [campaign.id]))[0].n)).toBe(2);
    // And the API says so.
    expect((await t.ok<{ campaign: { onePerCustomer: boolean } }>('query($id:ID!){ campaign(id:$id){ onePerCustomer } }', { id: campaign.id }, t.adminToken)).campaign.onePerCustomer).toBe(true);
  });

  it('two concurrent issuances to the same customer: exactly one succeeds', async () => {
    const { campaign } = await w.voucherCampaign({}, 20);
    for (let round = 0; round < 4; round += 1) {
      const customer = await w.customer();
      const results = await Promise.all([w.issue(campaign.id, customer, 'WEBSITE'), w.issue(campaign.id, customer, 'PARTNER')]);
      expect(results.filter((r) => !r.errors).length).toBe(1);
      expect(results.filter((r) => errorCode(r) === 'BAD_USER_INPUT').length).toBe(1);
      const rows = await t.sql<{ n: string }>('select count(*)::text as n from code where campaign_id = $1 and customer_id = $2', [campaign.id, customer]);
      expect(rows[0].n).toBe('1');
    }
  });

  it('refuses blacklisted customers', async () => {
    const { campaign } = await w.voucherCampaign();
    const customer = await w.customer();
    await t.ok('mutation($c:ID!){ setCustomerBlacklisted(customerId:$c, blacklisted:true, reason:"forged vouchers"){ id } }', { c: customer }, t.adminToken);
    const r = await w.issue(campaign.id, customer);
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].extensions!.reason).toBe('CUSTOMER_BLACKLISTED');
    expect(await t.sql('select 1 from voucher_issuance where customer_id = $1', [customer])).toHaveLength(0);
  });

  it('stops at the issuance cap', async () => {
    const { campaign } = await w.voucherCampaign({ maxIssued: 2 });
    await w.issued(campaign.id, await w.customer());
    await w.issued(campaign.id, await w.customer());
    const r = await w.issue(campaign.id, await w.customer());
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].extensions!.reason).toBe('MAX_ISSUED');
  });
});

describe('verification', () => {
  it('answers valid with the voucher value for staff of an accepting store', async () => {
    const v = await w.voucher({ minSpend: '20.00' });
    const r = await w.verify(v.code, w.storeA, '25.00');
    expect(r.data!.verifyVoucher).toMatchObject({ valid: true, reason: null, discount: '50.00' });
    const lower = await w.verify(v.code.toLowerCase(), w.storeA);
    expect(lower.data!.verifyVoucher.valid).toBe(true);
  });

  it('refuses staff of another store and other roles', async () => {
    const v = await w.voucher();
    expect(errorCode(await w.verify(v.code, w.storeA, undefined, w.merchantB.token))).toBe('FORBIDDEN');
    expect(errorCode(await w.verify(v.code, w.storeB, undefined, w.merchantA.token))).toBe('FORBIDDEN');
    expect(errorCode(await w.verify(v.code, w.storeA, undefined, w.agent.token))).toBe('FORBIDDEN');
  });

  it.each([
    ['unknown code', 'CODE_NOT_FOUND'],
    ['never issued', 'NOT_ELIGIBLE'],
    ['disabled', 'CODE_DISABLED'],
    ['not started', 'NOT_STARTED'],
    ['expired', 'EXPIRED'],
    ['paused campaign', 'CAMPAIGN_NOT_ACTIVE'],
    ['minimum spend not met', 'MIN_SPEND_NOT_MET'],
    ['store not accepting', 'UNIT_NOT_ALLOWED'],
    ['blacklisted holder', 'CUSTOMER_BLACKLISTED'],
    ['excluded weekday', 'NOT_ELIGIBLE'],
  ])('%s → %s with an explanation', async (name, reason) => {
    let code = 'NOSUCHVOUCHER1';
    let unit = w.storeA;
    let amount: string | undefined;
    let token = w.merchantA.token;
    if (name === 'never issued') code = (await w.voucherCampaign({}, 1)).codes[0];
    else if (name !== 'unknown code') {
      const v = await w.voucher({ minSpend: '20.00', ...(name === 'not started' ? { startsAt: new Date(Date.now() + DAY).toISOString() } : {}) });
      code = v.code;
      if (name === 'disabled') await t.ok('mutation($c:String!){ disableCode(code:$c){ state } }', { c: code }, t.adminToken);
      if (name === 'expired') await t.sql(`update campaign set expires_at = now() - interval '1 minute' where id = $1`, [v.campaignId]);
      if (name === 'paused campaign') await t.ok('mutation($id:ID!){ pauseCampaign(id:$id){ state } }', { id: v.campaignId }, t.adminToken);
      if (name === 'minimum spend not met') amount = '19.99';
      if (name === 'store not accepting') {
        unit = w.storeC;
        token = t.adminToken;
      }
      if (name === 'blacklisted holder') await t.ok('mutation($c:ID!){ setCustomerBlacklisted(customerId:$c, blacklisted:true, reason:"abuse"){ id } }', { c: v.customerId }, t.adminToken);
      if (name === 'excluded weekday') {
        const weekday = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'][new Date().getUTCDay()];
        await t.ok('mutation($c:ID!,$i:VoucherTermsInput!){ setVoucherTerms(campaignId:$c, input:$i){ description } }', { c: v.campaignId, i: { excludedWeekdays: [weekday] } }, t.adminToken);
      }
    }
    const r = await w.verify(code, unit, amount, token);
    expect(r.errors).toBeUndefined();
    expect(r.data!.verifyVoucher.valid).toBe(false);
    expect(r.data!.verifyVoucher.reason).toBe(reason);
    expect(r.data!.verifyVoucher.explanation.length).toBeGreaterThan(10);
  });

  it('throttles guessing: after 30 unknown codes in 5 minutes a merchant is RATE_LIMITED', async () => {
    const guesser = await w.user(`guesser-${Math.random().toString(36).slice(2, 7)}@example.com`, ['MERCHANT'], w.group, { unitId: w.storeA });
    expect(errorCode(await w.writeOff({ code: 'GUESSWXYZ' }, guesser.token))).toBe('BAD_USER_INPUT');
    for (let i = 0; i < 30; i += 1) {
      const r = await w.verify(`GUESS${i}XYZ`, w.storeA, undefined, guesser.token);
      if (r.errors) {
        // The refused write-off's count lands without holding its transaction, so it may be the 30th.
        expect(i).toBe(29);
        break;
      }
      expect(r.data!.verifyVoucher.reason).toBe('CODE_NOT_FOUND');
    }
    const limited = await w.verify('GUESS30XYZ', w.storeA, undefined, guesser.token);
    expect(errorCode(limited)).toBe('RATE_LIMITED');
    expect(Number(limited.errors![0].extensions!.retryAfter)).toBeGreaterThan(0);
    expect(errorCode(await w.writeOff({ code: 'GUESS31XYZ' }, guesser.token))).toBe('RATE_LIMITED');
    // Other merchants are not affected.
    expect((await w.verify('GUESS31XYZ', w.storeA)).data!.verifyVoucher.reason).toBe('CODE_NOT_FOUND');
  });

  it('a promo code is not a voucher', async () => {
    const { codes } = await w.activeCampaignWithCodes({}, 1);
    expect((await w.verify(codes[0], w.storeA)).data!.verifyVoucher.reason).toBe('CODE_NOT_FOUND');
  });

  it('voucherVerdict shows the details a merchant screen needs', async () => {
    const v = await w.voucher({ maxRedemptionsPerCode: 2 });
    const r = await t.ok<{ voucherVerdict: Record<string, unknown> }>(
      'query($c:String!,$u:ID!){ voucherVerdict(code:$c, unitId:$u){ valid code campaignName voucherKind voucherForm value currency usesLeft customerName } }',
      { c: v.code, u: w.storeA },
      w.merchantA.token,
    );
    expect(r.voucherVerdict).toMatchObject({ valid: true, code: v.code, voucherKind: 'SERVICE', voucherForm: 'ELECTRONIC', value: '50.00', currency: 'EUR', usesLeft: 2 });
  });
});

describe('write-off', () => {
  it('writes off with amount and products, audited', async () => {
    const typeId = await w.productType(`Treatments ${Math.random()}`);
    const product = await w.product(`FACIAL${Math.random().toString(36).slice(2, 6)}`, typeId);
    const v = await w.voucher();
    const row = await w.wroteOff({ code: v.code, amount: '45.5', productIds: [product] });
    expect(row).toMatchObject({ amount: '45.50', code: { code: v.code }, unit: { id: w.storeA }, products: [{ id: product }], writtenOffBy: { id: w.merchantA.id }, merchantDate: new Date().toISOString().slice(0, 10) });
    const audit = await t.sql<{ action: string; after: { amount: string; code: string } }>('select action, after from audit_entry where entity_type = $1 and entity_id = $2', ['WriteOff', row.id]);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'writeOff', after: { amount: '45.50', code: v.code } });
    const again = await w.verify(v.code, w.storeA);
    expect(again.data!.verifyVoucher.reason).toBe('CODE_LIMIT_REACHED');
    const second = await w.writeOff({ code: v.code });
    expect(errorCode(second)).toBe('BAD_USER_INPUT');
    expect(second.errors![0].extensions).toMatchObject({ reason: 'CODE_LIMIT_REACHED', field: 'input.code' });
  });

  it('refuses staff of another store (FORBIDDEN) and writes nothing', async () => {
    const v = await w.voucher();
    const before = await countRows(t, 'write_off');
    expect(errorCode(await w.writeOff({ code: v.code, unitId: w.storeA }, w.merchantB.token))).toBe('FORBIDDEN');
    expect(errorCode(await w.writeOff({ code: v.code, unitId: w.storeA }, w.finance.token))).toBe('FORBIDDEN');
    expect(await countRows(t, 'write_off')).toBe(before);
    // Staff of a store the voucher is not for: FORBIDDEN too.
    const storeOnlyA = await w.voucher({ allowedUnitIds: [w.storeA] });
    const wrongStore = await w.writeOff({ code: storeOnlyA.code, unitId: w.storeB }, w.merchantB.token);
    expect(errorCode(wrongStore)).toBe('FORBIDDEN');
    expect(wrongStore.errors![0].extensions!.reason).toBe('UNIT_NOT_ALLOWED');
    expect(await countRows(t, 'write_off')).toBe(before);
    // Store B's own merchant may write it off at store B (the campaign accepts A and B).
    expect((await w.wroteOff({ code: v.code, unitId: w.storeB }, w.merchantB.token)).unit.id).toBe(w.storeB);
  });

  it('is idempotent with a key; the key on another voucher is a CONFLICT', async () => {
    const v = await w.voucher();
    const key = `wo-${Math.random()}`;
    const first = await w.wroteOff({ code: v.code, idempotencyKey: key });
    const retry = await w.wroteOff({ code: v.code, idempotencyKey: key });
    expect(retry.id).toBe(first.id);
    const concurrent = await Promise.all([1, 2, 3].map(() => w.writeOff({ code: v.code, idempotencyKey: key })));
    expect(concurrent.map((r) => r.data?.writeOffVoucher.id)).toEqual([first.id, first.id, first.id]);
    expect(await t.sql('select 1 from write_off where idempotency_key = $1', [key])).toHaveLength(1);
    const other = await w.voucher();
    expect(errorCode(await w.writeOff({ code: other.code, idempotencyKey: key }))).toBe('CONFLICT');
  });

  it('two concurrent write-offs of a single-use voucher: exactly one succeeds', async () => {
    for (let round = 0; round < 5; round += 1) {
      const v = await w.voucher();
      const results = await Promise.all([w.writeOff({ code: v.code, amount: '10.00' }), w.writeOff({ code: v.code, amount: '10.00' })]);
      expect(results.filter((r) => !r.errors).length).toBe(1);
      const refused = results.find((r) => r.errors)!;
      expect(errorCode(refused)).toBe('BAD_USER_INPUT');
      expect(refused.errors![0].extensions!.reason).toBe('CODE_LIMIT_REACHED');
      const rows = await t.sql<{ n: string; uses: number }>('select count(*)::text as n, max(c.redemptions_count) as uses from write_off wo join code c on c.id = wo.code_id where c.code = $1', [v.code]);
      expect(rows[0]).toEqual({ n: '1', uses: 1 });
    }
  });

  it('a multiple-use voucher takes exactly its uses, concurrently too', async () => {
    const v = await w.voucher({ maxRedemptionsPerCode: 3 });
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => w.writeOff({ code: v.code, amount: '5.00' })));
    expect(results.filter((r) => !r.errors).length).toBe(3);
    expect(results.filter((r) => r.errors?.[0].extensions?.reason === 'CODE_LIMIT_REACHED').length).toBe(2);
  });

  it('enters a paper voucher afterwards with the real time; never in the future', async () => {
    const v = await w.voucher({ voucherForm: 'PAPER', startsAt: new Date(Date.now() - 3 * DAY).toISOString() });
    const usedAt = new Date(Date.now() - DAY);
    usedAt.setUTCHours(14, 30, 0, 0);
    const future = await w.writeOff({ code: v.code, writtenOffAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect(errorCode(future)).toBe('BAD_USER_INPUT');
    expect(future.errors![0].extensions!.field).toBe('input.writtenOffAt');
    const row = await w.wroteOff({ code: v.code, writtenOffAt: usedAt.toISOString() });
    expect(row.writtenOffAt).toBe(usedAt.toISOString());
    expect(row.merchantDate).toBe(usedAt.toISOString().slice(0, 10));
  });

  it('checks validity at the real time of a paper voucher: used before the expiry, entered after it', async () => {
    const v = await w.voucher({ voucherForm: 'PAPER', startsAt: new Date(Date.now() - 3 * DAY).toISOString() });
    await t.sql(`update campaign set expires_at = now() - interval '1 hour' where id = $1`, [v.campaignId]);
    expect(errorCode(await w.writeOff({ code: v.code }))).toBe('BAD_USER_INPUT');
    const row = await w.wroteOff({ code: v.code, writtenOffAt: new Date(Date.now() - 2 * 3_600_000).toISOString() });
    expect(row.code.code).toBe(v.code);
  });

  it('refuses a bad amount, a product out of scope and a missed minimum spend, naming the field', async () => {
    const typeId = await w.productType(`Scope ${Math.random()}`);
    const [inScope, outOfScope] = [await w.product(`IN${Math.random().toString(36).slice(2, 6)}`, typeId), await w.product(`OUT${Math.random().toString(36).slice(2, 6)}`, await w.productType(`Other ${Math.random()}`))];
    const v = await w.voucher({ productIds: [inScope], minSpend: '20.00' });
    const cases: [Record<string, unknown>, string][] = [
      [{ amount: '0' }, 'input.amount'],
      [{ amount: '1.234' }, 'input.amount'],
      [{ amount: '19.99' }, 'input.amount'],
      [{ productIds: [outOfScope] }, 'input.productIds'],
      [{ productIds: ['999999'] }, 'input.productIds.0'],
      [{ unitId: '999999' }, 'input.unitId'],
    ];
    for (const [input, field] of cases) {
      const r = await w.writeOff({ code: v.code, productIds: [inScope], ...input }, t.adminToken);
      expect(errorCode(r), JSON.stringify(input)).toBe('BAD_USER_INPUT');
      expect(r.errors![0].extensions!.field).toBe(field);
    }
    expect(await t.sql('select 1 from write_off wo join code c on c.id = wo.code_id where c.code = $1', [v.code])).toHaveLength(0);
    expect((await w.wroteOff({ code: v.code, productIds: [inScope], amount: '20.00' })).amount).toBe('20.00');
  });
});
