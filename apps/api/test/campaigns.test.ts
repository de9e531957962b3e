// Campaigns through the public API: every field of the contract's Campaign, validation naming the
// field with nothing written, the state machine, conflicts on activation, visibility and issuing codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows } from './fixtures.js';
import { errorCode, startTestApp, type TestApp } from './harness.js';
import { CAMPAIGN_FIELDS, campaignFixtures, DAY } from './campaigns-fixtures.js';

let t: TestApp;
let c: ReturnType<typeof campaignFixtures>;

beforeAll(async () => {
  t = await startTestApp();
  c = campaignFixtures(t);
});
afterAll(async () => t?.stop());

describe('createCampaign / campaign / campaigns / updateCampaign', () => {
  it('creates a campaign with every contract field and reads it back', async () => {
    const type = await c.productType('Packages');
    const product = await c.product('JAZZ-PKG', type);
    const customer = await c.customer();
    const segment = await c.segment('Jazz fans', [customer]);
    const group = await c.group('Stores');
    const unit = await c.unit('Store Central', group, 'Europe/Athens');
    const created = await c.campaign({
      name: 'Jazz November',
      discountKind: 'PERCENTAGE',
      amount: undefined,
      percentage: '15',
      maxDiscount: '20.00',
      timezone: 'Europe/Athens',
      budget: { period: 'MONTH', amount: '1000.00' },
      maxRedemptionsPerCode: 1,
      maxRedemptionsPerCustomer: 2,
      maxRedemptions: 500,
      minSpend: '30.00',
      stacking: 'STACKABLE',
      stackingGroup: 'jazz',
      maxCodesPerOrder: 2,
      maxIssued: 1000,
      includedSegmentIds: [segment],
      productIds: [product],
      productTypeIds: [type],
      allowedUnitIds: [unit],
    });
    expect(created).toMatchObject({
      name: 'Jazz November',
      kind: 'DISCOUNT_CODE',
      state: 'DRAFT',
      discountKind: 'PERCENTAGE',
      percentage: '15',
      amount: null,
      maxDiscount: '20.00',
      currency: 'EUR',
      timezone: 'Europe/Athens',
      maxRedemptionsPerCode: 1,
      maxRedemptionsPerCustomer: 2,
      maxRedemptions: 500,
      minSpend: '30.00',
      stacking: 'STACKABLE',
      stackingGroup: 'jazz',
      maxCodesPerOrder: 2,
      maxIssued: 1000,
      onePerCustomer: false,
      voucherKind: null,
      includedSegments: [{ id: segment }],
      excludedSegments: [],
      products: [{ id: product }],
      productTypes: [{ id: type }],
      allowedUnits: [{ id: unit }],
      codesCount: 0,
      redemptionsCount: 0,
    });
    expect(created.budget).toMatchObject({ period: 'MONTH', amount: '1000.00', spent: '0.00', remaining: '1000.00', burnRatePerDay: '0.00', projectedExhaustionAt: null });
    const fetched = await c.getCampaign(created.id);
    expect(fetched).toEqual(created);
    const list = await t.ok<{ campaigns: { id: string }[] }>('{ campaigns(state: DRAFT) { id } }', {}, t.adminToken);
    expect(list.campaigns.map((x) => x.id)).toContain(created.id);
    const active = await t.ok<{ campaigns: { id: string }[] }>('{ campaigns(state: ACTIVE) { id } }', {}, t.adminToken);
    expect(active.campaigns.map((x) => x.id)).not.toContain(created.id);
  });

  it('creates an experience-voucher campaign with its voucher fields', async () => {
    const v = await c.campaign({ kind: 'EXPERIENCE_VOUCHER', voucherKind: 'SERVICE', voucherForm: 'ELECTRONIC', onePerCustomer: true, maxIssued: 10 });
    expect(v).toMatchObject({ kind: 'EXPERIENCE_VOUCHER', voucherKind: 'SERVICE', voucherForm: 'ELECTRONIC', onePerCustomer: true, maxIssued: 10 });
  });

  it.each([
    ['name', { name: ' ' }, 'input.name'],
    ['currency', { currency: 'EURO' }, 'input.currency'],
    ['time zone', { timezone: 'Mars/Olympus' }, 'input.timezone'],
    ['expiry before start', { expiresAt: new Date(Date.now() - 2 * DAY).toISOString() }, 'input.expiresAt'],
    ['percentage over 100', { discountKind: 'PERCENTAGE', amount: null, percentage: '101' }, 'input.percentage'],
    ['percentage missing', { discountKind: 'PERCENTAGE', amount: null }, 'input.percentage'],
    ['amount missing', { amount: null }, 'input.amount'],
    ['amount with too many decimals', { amount: '10.005' }, 'input.amount'],
    ['negative budget', { budget: { period: 'MONTH', amount: '-5' } }, 'input.budget.amount'],
    ['zero per-code limit', { maxRedemptionsPerCode: 0 }, 'input.maxRedemptionsPerCode'],
    ['unknown segment', { includedSegmentIds: ['999999'] }, 'input.includedSegmentIds.0'],
    ['unknown unit', { allowedUnitIds: ['999999'] }, 'input.allowedUnitIds.0'],
  ])('refuses %s naming the field, writing nothing', async (_label, input, field) => {
    const before = await countRows(t, 'campaign');
    const audit = await countRows(t, 'audit_entry');
    const now = Date.now();
    const result = await t.gql(`mutation($i:CreateCampaignInput!){ createCampaign(input:$i){ id } }`, {
      i: { name: 'Bad', kind: 'DISCOUNT_CODE', discountKind: 'AMOUNT', amount: '10.00', currency: 'EUR', startsAt: new Date(now - DAY).toISOString(), expiresAt: new Date(now + DAY).toISOString(), ...input },
    }, t.adminToken);
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].extensions?.field).toBe(field);
    expect(await countRows(t, 'campaign')).toBe(before);
    expect(await countRows(t, 'audit_entry')).toBe(audit);
  });

  it('updates terms, and moves the expiry only while DRAFT', async () => {
    const draft = await c.campaign();
    const later = new Date(Date.now() + 60 * DAY).toISOString();
    const updated = await t.ok<{ updateCampaign: { name: string; amount: string; expiresAt: string; maxRedemptionsPerCustomer: number } }>(
      'mutation($id:ID!,$i:UpdateCampaignInput!){ updateCampaign(id:$id, input:$i){ name amount expiresAt maxRedemptionsPerCustomer } }',
      { id: draft.id, i: { name: 'Renamed', amount: '12.50', expiresAt: later, maxRedemptionsPerCustomer: 3 } },
      t.adminToken,
    );
    expect(updated.updateCampaign).toEqual({ name: 'Renamed', amount: '12.50', expiresAt: later, maxRedemptionsPerCustomer: 3 });
    await c.activate(draft.id);
    const moved = await t.gql('mutation($id:ID!,$i:UpdateCampaignInput!){ updateCampaign(id:$id, input:$i){ id } }', { id: draft.id, i: { expiresAt: new Date(Date.now() + 90 * DAY).toISOString() } }, t.adminToken);
    expect(errorCode(moved)).toBe('CONFLICT');
    expect((await c.getCampaign(draft.id))?.expiresAt).toBe(later);
    const bad = await t.gql('mutation($id:ID!,$i:UpdateCampaignInput!){ updateCampaign(id:$id, input:$i){ id } }', { id: draft.id, i: { amount: '-1' } }, t.adminToken);
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0].extensions?.field).toBe('input.amount');
  });

  it('shows the hard expiry in the campaign time zone while storing UTC', async () => {
    const created = await c.campaign({ timezone: 'America/New_York', expiresAt: '2027-01-01T05:00:00.000Z' });
    const local = await t.ok<{ campaign: { expiresAt: string; expiresAtLocal: string } }>('query($id:ID!){ campaign(id:$id){ expiresAt expiresAtLocal } }', { id: created.id }, t.adminToken);
    expect(local.campaign).toEqual({ expiresAt: '2027-01-01T05:00:00.000Z', expiresAtLocal: '2027-01-01T00:00:00-05:00' });
  });
});

describe('state machine and conflict check', () => {
  it('DRAFT → ACTIVE ⇄ PAUSED → ENDED; refused transitions are CONFLICT', async () => {
    const created = await c.campaign();
    const m = (op: string, extra = '') => t.gql<Record<string, { state: string; pausedReason: string | null }>>(`mutation($id:ID!){ ${op}(id:$id${extra}){ state pausedReason } }`, { id: created.id }, t.adminToken);
    expect(errorCode(await m('pauseCampaign'))).toBe('CONFLICT');
    expect(errorCode(await m('resumeCampaign'))).toBe('CONFLICT');
    expect((await c.activate(created.id)).campaign.state).toBe('ACTIVE');
    expect(errorCode(await t.gql('mutation($id:ID!){ activateCampaign(id:$id){ campaign { id } } }', { id: created.id }, t.adminToken))).toBe('CONFLICT');
    expect((await m('pauseCampaign', ', reason: "stock check"')).data?.pauseCampaign).toEqual({ state: 'PAUSED', pausedReason: 'stock check' });
    expect((await m('resumeCampaign')).data?.resumeCampaign).toEqual({ state: 'ACTIVE', pausedReason: null });
    expect((await m('endCampaign')).data?.endCampaign.state).toBe('ENDED');
    expect(errorCode(await m('resumeCampaign'))).toBe('CONFLICT');
    const audit = await t.sql<{ action: string }>(`select action from audit_entry where entity_type = 'Campaign' and entity_id = $1 order by id`, [created.id]);
    expect(audit.map((a) => a.action)).toEqual(['create', 'activate', 'pause', 'resume', 'end']);
  });

  it('activation reports other active campaigns overlapping in time, audience and products', async () => {
    const type = await c.productType('Add-ons');
    const p1 = await c.product('ADDON-1', type);
    const p2 = await c.product('ADDON-2', type);
    const now = Date.now();
    const a = await c.campaign({ productIds: [p1], startsAt: new Date(now + 100 * DAY).toISOString(), expiresAt: new Date(now + 120 * DAY).toISOString() });
    await c.activate(a.id);
    const b = await c.campaign({ productIds: [p1, p2], startsAt: new Date(now + 110 * DAY).toISOString(), expiresAt: new Date(now + 130 * DAY).toISOString() });
    const other = await c.campaign({ productIds: [p2], startsAt: new Date(now + 100 * DAY).toISOString(), expiresAt: new Date(now + 140 * DAY).toISOString() });
    const preview = await t.ok<{ campaignConflicts: { campaign: { id: string }; reasons: string[] }[] }>('query($id:ID!){ campaignConflicts(id:$id){ campaign { id } reasons } }', { id: b.id }, t.adminToken);
    expect(preview.campaignConflicts.map((x) => x.campaign.id)).toContain(a.id);
    const result = await c.activate(b.id);
    const withA = result.conflicts.find((x) => x.campaign.id === a.id);
    expect(withA?.reasons).toEqual(expect.arrayContaining([expect.stringMatching(/^overlaps in time/), 'both target all customers', `shares product ${p1}`]));
    const third = await c.activate(other.id);
    expect(third.conflicts.map((x) => x.campaign.id)).toEqual([b.id]);
  });
});

describe('visibility and roles', () => {
  it('a marketing manager of another group does not see the campaign; an agent may not create one', async () => {
    const g1 = await c.group('Marketing A');
    const g2 = await c.group('Marketing B');
    const m1 = await c.user('m1@example.com', ['MARKETING_MANAGER'], g1);
    const m2 = await c.user('m2@example.com', ['MARKETING_MANAGER'], g2);
    const agent = await c.user('agent1@example.com', ['AGENT'], g1);
    const own = await c.campaign({}, m1.token);
    expect(own.ownedByGroup).toEqual({ id: g1 });
    expect(await c.getCampaign(own.id, m2.token)).toBeNull();
    const update = await t.gql('mutation($id:ID!){ updateCampaign(id:$id, input:{ name: "x" }){ id } }', { id: own.id }, m2.token);
    expect(errorCode(update)).toBe('NOT_FOUND');
    const created = await t.gql(`mutation($i:CreateCampaignInput!){ createCampaign(input:$i){ id } }`, { i: { name: 'Nope', kind: 'DISCOUNT_CODE', discountKind: 'AMOUNT', amount: '1.00', currency: 'EUR', startsAt: new Date().toISOString(), expiresAt: new Date(Date.now() + DAY).toISOString() } }, agent.token);
    expect(errorCode(created)).toBe('FORBIDDEN');
  });
});

describe('issueCode', () => {
  it('issues a pooled code to a customer through a channel, enforcing maxIssued and one per customer', async () => {
    const campaign = await c.campaign({ maxIssued: 2, onePerCustomer: true });
    await t.ok('mutation($c:ID!,$l:[String!]!){ importCodes(campaignId:$c, codes:$l) }', { c: campaign.id, l: ['POOLED-ONE'] }, t.adminToken);
    const [x, y, z] = [await c.customer(), await c.customer(), await c.customer()];
    const issue = (customerId: string) =>
      t.gql<{ issueCode: { code: string; customer: { id: string }; channel: string; issuedAt: string; state: string; qrSvg: string } }>(
        'mutation($c:ID!,$u:ID!){ issueCode(campaignId:$c, customerId:$u, channel: EMAIL){ code customer { id } channel issuedAt state qrSvg } }',
        { c: campaign.id, u: customerId },
        t.adminToken,
      );
    const first = await issue(x);
    expect(first.data?.issueCode).toMatchObject({ code: 'POOLEDONE', customer: { id: x }, channel: 'EMAIL', state: 'ACTIVE' });
    expect(first.data?.issueCode.qrSvg).toMatch(/^<svg/);
    const again = await issue(x);
    expect(errorCode(again)).toBe('BAD_USER_INPUT');
    expect(again.errors?.[0].extensions?.field).toBe('customerId');
    const second = await issue(y);
    expect(second.data?.issueCode.code).toMatch(/^[A-HJKMNP-Z2-9]{8}$/);
    const third = await issue(z);
    expect(errorCode(third)).toBe('BAD_USER_INPUT');
    expect(await t.sql(`select count(*)::int as n from code where campaign_id = $1 and customer_id is not null`, [campaign.id])).toEqual([{ n: 2 }]);
  });

  it('refuses a blacklisted customer', async () => {
    const campaign = await c.campaign();
    const bad = await c.customer();
    await t.ok('mutation($u:ID!){ setCustomerBlacklisted(customerId:$u, blacklisted:true, reason:"forged vouchers"){ id } }', { u: bad }, t.adminToken);
    const result = await t.gql('mutation($c:ID!,$u:ID!){ issueCode(campaignId:$c, customerId:$u, channel: APP){ code } }', { c: campaign.id, u: bad }, t.adminToken);
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].extensions?.reason).toBe('CUSTOMER_BLACKLISTED');
  });

  it('issues concurrently without handing one code to two customers', async () => {
    const campaign = await c.campaign({ maxIssued: 5 });
    const customers = await Promise.all(Array.from({ length: 8 }, () => c.customer()));
    const results = await Promise.all(customers.map((u) => t.gql<{ issueCode: { code: string } }>('mutation($c:ID!,$u:ID!){ issueCode(campaignId:$c, customerId:$u, channel: WEBSITE){ code } }', { c: campaign.id, u }, t.adminToken)));
    const codes = results.filter((r) => r.data?.issueCode).map((r) => r.data!.issueCode.code);
    expect(codes).toHaveLength(5);
    expect(new Set(codes).size).toBe(5);
    expect(results.filter((r) => errorCode(r) === 'BAD_USER_INPUT')).toHaveLength(3);
  });
});

export { CAMPAIGN_FIELDS };
