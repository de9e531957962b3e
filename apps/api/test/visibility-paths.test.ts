// Visibility on every path (SPEC §1, docs/SECURITY.md "Visibility"): an organisation with an owner group,
// another group and a privacy level. A campaign and a reward offer owned by the owner group at the
// privacy level are invisible to every user of the other group (PORTAL, AUDITOR, FINANCE_MANAGER,
// MARKETING_MANAGER, all cleared for the level) and to a same-group user without clearance: absent from
// lists and counts, null / NOT_FOUND on lookup, CODE_NOT_FOUND for their codes, and everything that
// exists only through them (redemptions, approval requests, audit entries, awards, report lines) too.
// The owner still sees everything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignFixtures } from './campaigns-fixtures.js';
import { errorCode, startTestApp, type GraphQLResponse, type TestApp } from './harness.js';
import { rewardFixtures } from './rewards-fixtures.js';
import { companyZx } from './discounts-fixtures.js';
import { todayUtc, voucherWorld } from './vouchers-fixtures.js';

let t: TestApp;
let c: ReturnType<typeof campaignFixtures>;
const ids: Record<string, string> = {};
const tokens: Record<string, string> = {};
const MARKER = `HIDDENMARK${Math.random().toString(36).slice(2, 8).toUpperCase()}`;
const CODES = [`${MARKER}A`, `${MARKER}B`];

/** The viewers who must not see the marked entities, by label. */
const OUTSIDERS = ['otherPortal', 'otherAuditor', 'otherFinance', 'otherMarketing', 'lowClearance'] as const;

/** Fails when an answer carries the marker or an id of a hidden record, or an error other than "not there / not allowed". */
function expectHidden(result: GraphQLResponse<unknown>, who: string, hiddenIds: string[] = []) {
  for (const e of result.errors ?? []) expect(['NOT_FOUND', 'FORBIDDEN'], `${who}: ${JSON.stringify(e)}`).toContain(e.extensions?.code);
  const text = JSON.stringify(result.data ?? null);
  expect(text, who).not.toContain(MARKER);
  for (const id of hiddenIds) expect(text, `${who} sees id ${id}`).not.toMatch(new RegExp(`"id":"${id}"`));
}

beforeAll(async () => {
  t = await startTestApp();
  c = campaignFixtures(t);
  const r = rewardFixtures(t);
  const owner = await c.group(`Owner ${MARKER}`.replace(MARKER, 'grp'));
  const other = await c.group('Other group');
  const secret = await c.privacyLevel('Secret', 50);
  const user = async (label: string, roles: string[], group: string, cleared: boolean) => {
    tokens[label] = (await c.user(`${label.toLowerCase()}@example.com`, roles, group, cleared ? { privacyClearanceId: secret } : {})).token;
  };
  await user('ownerManager', ['MARKETING_MANAGER', 'AUDITOR', 'PORTAL'], owner, true);
  await user('ownerFinance', ['FINANCE_MANAGER'], owner, true);
  await user('otherPortal', ['PORTAL'], other, true);
  await user('otherAuditor', ['AUDITOR'], other, true);
  await user('otherFinance', ['FINANCE_MANAGER'], other, true);
  await user('otherMarketing', ['MARKETING_MANAGER'], other, true);
  await user('lowClearance', ['MARKETING_MANAGER', 'AUDITOR', 'FINANCE_MANAGER', 'PORTAL'], owner, false);

  // The hidden campaign: owned by the owner group (its creator's), at the Secret level.
  const campaign = await c.campaign({ name: `Campaign ${MARKER}`, budget: { period: 'MONTH', amount: '500.00' } }, tokens.ownerManager);
  ids.campaign = campaign.id;
  await t.ok('mutation($c:ID!,$l:[String!]!){ importCodes(campaignId:$c, codes:$l) }', { c: campaign.id, l: CODES }, t.adminToken);
  await c.activate(campaign.id);
  await t.ok('mutation($id:ID!,$l:ID){ changePrivacyLevel(entity: CAMPAIGN, id:$id, privacyLevelId:$l) }', { id: campaign.id, l: secret }, t.adminToken);
  ids.customer = await c.customer();
  const redeemed = await c.redeem(CODES[0], ids.customer);
  expect(redeemed.ok).toBe(true);
  ids.redemption = redeemed.redemption!.id;
  ids.request = (await t.ok<{ requestBudgetIncrease: { id: string } }>(
    'mutation($c:ID!){ requestBudgetIncrease(campaignId:$c, newAmount:"900.00", reason:"more"){ id } }', { c: campaign.id }, tokens.ownerManager)).requestBudgetIncrease.id;

  // Rewards: an open scheme of the owner group with a Secret offer that awarded a customer.
  const justMoney = await r.type(`Just money ${MARKER}`.replace(MARKER, 'type'), 'JUST_MONEY');
  ids.scheme = await r.scheme('Open scheme', 'UTC');
  await t.ok('mutation($id:ID!,$l:ID){ changePrivacyLevel(entity: REWARD_SCHEME, id:$id, privacyLevelId:$l) }', { id: ids.scheme, l: null }, t.adminToken);
  // The scheme and offers are created by the super user: give them to the owner group.
  await t.sql('update reward_scheme set owned_by_group_id = $1 where id = $2', [owner, ids.scheme]);
  ids.visibleOffer = await r.offer({ schemeId: ids.scheme, typeId: justMoney, name: 'Open offer', evaluationMethod: 'IMMEDIATE', award: { kind: 'AMOUNT', amount: '1.00' } });
  ids.offer = await r.offer({ schemeId: ids.scheme, typeId: justMoney, name: `Offer ${MARKER}`, evaluationMethod: 'IMMEDIATE', award: { kind: 'AMOUNT', amount: '2.00' } });
  await t.sql('update reward_offer set owned_by_group_id = $1 where id = any($2::bigint[])', [owner, [ids.visibleOffer, ids.offer]]);
  await t.ok('mutation($id:ID!,$l:ID){ changePrivacyLevel(entity: REWARD_OFFER, id:$id, privacyLevelId:$l) }', { id: ids.offer, l: secret }, t.adminToken);
  ids.rewardCustomer = await r.customer('Reward customer');
  await r.enrol(ids.scheme, ids.rewardCustomer);
  await r.event(ids.rewardCustomer, new Date().toISOString(), { amount: '10.00', currency: 'EUR' });
  const wallet = await r.wallet(ids.rewardCustomer, ids.scheme);
  expect(wallet.awards.map((a) => a.offer.id).sort()).toEqual([ids.visibleOffer, ids.offer].sort());
}, 120_000);
afterAll(async () => t?.stop());

describe('redemptions of an invisible campaign', () => {
  const LIST = 'query($c:ID){ redemptions(first: 50, filter:{ campaignId:$c }){ totalCount nodes { id campaign { name } code { code } } } }';
  it.each(OUTSIDERS)('%s: absent from lists and counts, null on lookup', async (who) => {
    for (const c of [ids.campaign, null]) {
      const list = await t.gql<{ redemptions: { totalCount: number; nodes: { id: string }[] } }>(LIST, { c }, tokens[who]);
      expectHidden(list, who, [ids.redemption]);
      if (list.data) expect(list.data.redemptions.nodes.map((n) => n.id)).not.toContain(ids.redemption);
      if (list.data && c) expect(list.data.redemptions.totalCount).toBe(0);
    }
    const one = await t.gql<{ redemption: unknown }>('query($id:ID!){ redemption(id:$id){ id campaign { name } } }', { id: ids.redemption }, tokens[who]);
    expectHidden(one, who);
    expect(one.data?.redemption ?? null).toBeNull();
  });

  it('the owner sees the redemption, its campaign and the count', async () => {
    const list = await t.ok<{ redemptions: { totalCount: number; nodes: { id: string; campaign: { name: string } }[] } }>(LIST, { c: ids.campaign }, tokens.ownerManager);
    expect(list.redemptions.totalCount).toBe(1);
    expect(list.redemptions.nodes[0]).toMatchObject({ id: ids.redemption, campaign: { name: `Campaign ${MARKER}` } });
  });
});

describe('codes of an invisible campaign', () => {
  it.each(['otherPortal', 'lowClearance'])('%s: validate and redeem answer CODE_NOT_FOUND; rollback is NOT_FOUND', async (who) => {
    const check = await c.validate(CODES[1], ids.customer, c.order(), tokens[who]);
    expect(check).toMatchObject({ valid: false, reason: 'CODE_NOT_FOUND' });
    expect(check.explanation).not.toContain(MARKER.slice(0, 4) + 'x');
    const redeem = await c.redeem(CODES[1], ids.customer, c.order(), `k-${who}`, tokens[who]);
    expect(redeem).toMatchObject({ ok: false, reason: 'CODE_NOT_FOUND', redemption: null });
    expect(errorCode(await c.rollback(ids.redemption, 'refund', tokens[who]))).toBe('NOT_FOUND');
    // Nothing was consumed or rolled back.
    const [row] = await t.sql<{ n: number }>("select count(*)::int as n from redemption where campaign_id = $1 and state = 'SUCCEEDED'", [ids.campaign]);
    expect(row.n).toBe(1);
  });

  it.each(OUTSIDERS)('%s: code(code:), codes, campaign, campaigns and the report do not show it', async (who) => {
    const token = tokens[who];
    const code = await t.gql<{ code: unknown }>('query($c:String!){ code(code:$c){ code campaign { name } } }', { c: CODES[0] }, token);
    expectHidden(code, who);
    expect(code.data?.code ?? null).toBeNull();
    expectHidden(await t.gql('query($c:ID!){ codes(campaignId:$c, first: 50){ totalCount nodes { code } } }', { c: ids.campaign }, token), who);
    const campaign = await t.gql<{ campaign: unknown }>('query($c:ID!){ campaign(id:$c){ id name } }', { c: ids.campaign }, token);
    expectHidden(campaign, who);
    expect(campaign.data?.campaign ?? null).toBeNull();
    expectHidden(await t.gql('{ campaigns { id name } }', {}, token), who, [ids.campaign]);
    expectHidden(await t.gql('query($c:ID!,$m:String!){ campaignReport(campaignId:$c, month:$m){ redemptions } }', { c: ids.campaign, m: new Date().toISOString().slice(0, 7) }, token), who);
    const csv = await fetch(`${t.url}/api/campaigns/${ids.campaign}/codes.csv`, { headers: { authorization: `Bearer ${token}` } });
    expect([403, 404]).toContain(csv.status);
    expect(await csv.text()).not.toContain(MARKER);
  });

  it('the owner still redeems, validates and lists its codes', async () => {
    const check = await c.validate(CODES[1], ids.customer, c.order(), tokens.ownerManager);
    expect(check.valid).toBe(true);
    const codes = await t.ok<{ codes: { totalCount: number } }>('query($c:ID!){ codes(campaignId:$c, first: 50){ totalCount } }', { c: ids.campaign }, tokens.ownerManager);
    expect(codes.codes.totalCount).toBe(2);
    const code = await t.ok<{ code: { campaign: { name: string } } }>('query($c:String!){ code(code:$c){ campaign { name } } }', { c: CODES[0] }, tokens.ownerManager);
    expect(code.code.campaign.name).toBe(`Campaign ${MARKER}`);
  });

  it('importing a taken code gives one reason whether the taker is visible or not (no existence oracle)', async () => {
    const own = await c.campaign({}, tokens.otherMarketing);
    const mine = `OWN${MARKER.slice(-6)}`;
    await t.ok('mutation($c:ID!,$l:[String!]!){ importCodes(campaignId:$c, codes:$l) }', { c: own.id, l: [mine] }, tokens.otherMarketing);
    const report = await t.ok<{ importCodesReport: { imported: number; rejected: { code: string; reason: string }[] } }>(
      'mutation($c:ID!,$l:[String!]!){ importCodesReport(campaignId:$c, codes:$l){ imported rejected { code reason } } }', { c: own.id, l: [CODES[1], mine] }, tokens.otherMarketing);
    expect(report.importCodesReport.imported).toBe(0);
    const [invisible, visible] = report.importCodesReport.rejected;
    expect(invisible.reason).toBe(visible.reason);
    expect(invisible.reason).not.toMatch(/campaign \d|Campaign HIDDEN/);
  });
});

describe('approval requests about an invisible campaign', () => {
  it.each(['otherFinance', 'lowClearance'])('%s: absent from the list, null on lookup, NOT_FOUND to decide', async (who) => {
    const list = await t.gql<{ approvalRequests: { id: string }[] }>('{ approvalRequests { id subject subjectId payload } }', {}, tokens[who]);
    expectHidden(list, who, [ids.request]);
    expect((list.data?.approvalRequests ?? []).map((r) => r.id)).not.toContain(ids.request);
    const one = await t.gql<{ approvalRequest: unknown }>('query($id:ID!){ approvalRequest(id:$id){ id payload } }', { id: ids.request }, tokens[who]);
    expectHidden(one, who);
    expect(one.data?.approvalRequest ?? null).toBeNull();
    const decided = await t.gql('mutation($id:ID!){ decideApproval(id:$id, approve:true){ id state } }', { id: ids.request }, tokens[who]);
    expect(errorCode(decided)).toBe('NOT_FOUND');
    const [row] = await t.sql<{ state: string }>('select state from approval_request where id = $1', [ids.request]);
    expect(row.state).toBe('PENDING');
  });

  it('a finance manager of the owner group sees the request and its payload', async () => {
    const list = await t.ok<{ approvalRequests: { id: string; payload: Record<string, unknown> }[] }>('{ approvalRequests { id payload } }', {}, tokens.ownerFinance);
    expect(list.approvalRequests.map((r) => r.id)).toContain(ids.request);
  });
});

describe('audit entries of an invisible entity', () => {
  const LOG = 'query($t:String,$id:ID){ auditLog(entityType:$t, entityId:$id, first: 200){ totalCount nodes { entityType entityId before after } } }';
  it.each(['otherAuditor', 'lowClearance'])('%s: no entry of the campaign, its redemptions or its requests', async (who) => {
    const byEntity = await t.gql<{ auditLog: { totalCount: number } }>(LOG, { t: 'Campaign', id: ids.campaign }, tokens[who]);
    expectHidden(byEntity, who);
    expect(byEntity.data?.auditLog.totalCount).toBe(0);
    for (const [type, id] of [['Redemption', ids.redemption], ['ApprovalRequest', ids.request], ['RewardOffer', ids.offer]]) {
      const r = await t.gql<{ auditLog: { totalCount: number } }>(LOG, { t: type, id }, tokens[who]);
      expect(r.data?.auditLog.totalCount, `${who} ${type}`).toBe(0);
    }
    expectHidden(await t.gql(LOG, {}, tokens[who]), who);
  });

  it('the owner group auditor sees the campaign entries', async () => {
    const r = await t.ok<{ auditLog: { totalCount: number } }>(LOG, { t: 'Campaign', id: ids.campaign }, tokens.ownerManager);
    expect(r.auditLog.totalCount).toBeGreaterThan(0);
  });
});

describe('awards and reports of an invisible offer', () => {
  const WALLET = 'query($c:ID!,$s:ID!){ wallet(customerId:$c, schemeId:$s){ balance awards { id amount offer { id name } } } }';
  const REPORT = 'query($s:ID!,$f:LocalDate!,$t:LocalDate!){ rewardsReport(schemeId:$s, from:$f, to:$t){ awards awarded byOffer { offerId offerName awarded } } }';
  const period = () => {
    const d = new Date();
    return { f: `${d.getUTCFullYear()}-01-01`, t: `${d.getUTCFullYear() + 1}-01-01` };
  };

  it('a same-group viewer without clearance: the wallet lists only the visible offer’s award; the report counts only it', async () => {
    const wallet = await t.gql<{ wallet: { awards: { offer: { id: string } }[] } }>(WALLET, { c: ids.rewardCustomer, s: ids.scheme }, tokens.lowClearance);
    expectHidden(wallet, 'lowClearance', [ids.offer]);
    expect(wallet.data!.wallet.awards.map((a) => a.offer.id)).toEqual([ids.visibleOffer]);
    const report = await t.gql<{ rewardsReport: { awards: number; awarded: string; byOffer: { offerId: string }[] } }>(REPORT, { s: ids.scheme, ...period() }, tokens.lowClearance);
    expectHidden(report, 'lowClearance', [ids.offer]);
    expect(report.data!.rewardsReport).toMatchObject({ awards: 1, awarded: '1.00', byOffer: [{ offerId: ids.visibleOffer }] });
    const offer = await t.gql<{ rewardOffer: unknown }>('query($id:ID!){ rewardOffer(id:$id){ id name } }', { id: ids.offer }, tokens.lowClearance);
    expect(offer.data?.rewardOffer ?? null).toBeNull();
  });

  it.each(['otherPortal', 'otherMarketing', 'otherAuditor'])('%s (another group): the scheme, its wallets and reports do not exist', async (who) => {
    expectHidden(await t.gql(WALLET, { c: ids.rewardCustomer, s: ids.scheme }, tokens[who]), who, [ids.offer, ids.visibleOffer]);
    expectHidden(await t.gql(REPORT, { s: ids.scheme, ...period() }, tokens[who]), who);
  });

  it('the owner sees both awards and both report lines', async () => {
    const report = await t.ok<{ rewardsReport: { awards: number; byOffer: { offerName: string }[] } }>(REPORT, { s: ids.scheme, ...period() }, tokens.ownerManager);
    expect(report.rewardsReport.awards).toBe(2);
    expect(report.rewardsReport.byOffer.map((o) => o.offerName)).toContain(`Offer ${MARKER}`);
  });
});

describe('ad hoc discounts and approval payloads of an invisible definition', () => {
  it('agents and supervisors without clearance see neither the discount, its definition nor its request; the super user does', async () => {
    const zx = await companyZx(t);
    const secret = (await t.ok<{ privacyLevels: { id: string; name: string }[] }>('{ privacyLevels { id name } }', {}, t.adminToken)).privacyLevels.find((l) => l.name === 'Secret')!.id;
    const definition = await zx.definition(zx.zx1({ name: `Definition ${MARKER}` }));
    const submitted = await zx.submit({ definitionId: definition.id, subscriptionId: await zx.subscription(), amount: '10' });
    expect(submitted.errors).toBeUndefined();
    const discountId = submitted.data!.submitAdHocDiscount.id;
    await t.ok('mutation($id:ID!,$l:ID){ changePrivacyLevel(entity: ADDITIVE_DISCOUNT_DEFINITION, id:$id, privacyLevelId:$l) }', { id: definition.id, l: secret }, t.adminToken);
    const LIST = '{ adHocDiscounts(first: 50){ totalCount nodes { id definition { name privacyLevel { name } } } } }';
    for (const [who, token] of [['agent', zx.agent.token], ['supervisor', zx.supervisor.token], ['manager without clearance', zx.manager.token]] as const) {
      expectHidden(await t.gql(LIST, {}, token), who, [discountId]);
      const one = await t.gql<{ adHocDiscount: unknown }>('query($id:ID!){ adHocDiscount(id:$id){ id definition { name } } }', { id: discountId }, token);
      expectHidden(one, who);
      expect(one.data?.adHocDiscount ?? null).toBeNull();
      expectHidden(await t.gql('{ approvalRequests { id payload } }', {}, token), who);
      expectHidden(await t.gql('{ additiveDiscountDefinitions { id name } }', {}, token), who, [definition.id]);
    }
    expect(errorCode(await zx.approve(discountId))).toBe('NOT_FOUND');
    const owner = await t.ok<{ adHocDiscounts: { nodes: { id: string; definition: { name: string } }[] } }>(LIST, {}, t.adminToken);
    expect(owner.adHocDiscounts.nodes.find((n) => n.id === discountId)?.definition.name).toBe(`Definition ${MARKER}`);
  });
});

describe('write-offs, merchant days and the settlement statement of an invisible voucher campaign', () => {
  it('the partner group sees neither the write-off nor its campaign, and may not decide the day; the super user may', async () => {
    const w = await voucherWorld(t);
    const secret = (await t.ok<{ privacyLevels: { id: string; name: string }[] }>('{ privacyLevels { id name } }', {}, t.adminToken)).privacyLevels.find((l) => l.name === 'Secret')!.id;
    const v = await w.voucher({ name: `Voucher ${MARKER}` });
    const writeOff = await w.wroteOff({ code: v.code });
    await t.ok('mutation($id:ID!,$l:ID){ changePrivacyLevel(entity: CAMPAIGN, id:$id, privacyLevelId:$l) }', { id: v.campaignId, l: secret }, t.adminToken);
    const DAYS = 'query($f:LocalDate!,$t:LocalDate!,$u:ID){ merchantDays(from:$f, to:$t, unitId:$u){ date writeOffs amount writeOffList { id code { code campaign { name } } } } }';
    const vars = { f: todayUtc(-1), t: todayUtc(), u: w.storeA };
    for (const [who, token] of [['finance', w.finance.token], ['merchant', w.merchantA.token]] as const) {
      const days = await t.gql<{ merchantDays: { date: string; writeOffs: number; amount: string }[] }>(DAYS, vars, token);
      expectHidden(days, who, [writeOff.id]);
      // The day's totals count only the write-offs the viewer may see.
      expect(days.data!.merchantDays.find((d) => d.date === todayUtc())).toMatchObject({ writeOffs: 0, amount: '0.00' });
      if (who !== 'merchant') continue;
      const verdict = await t.ok<{ verifyVoucher: { reason: string } }>('query($c:String!,$u:ID!){ verifyVoucher(code:$c, unitId:$u){ valid reason } }', { c: v.code, u: w.storeA }, token);
      expect(verdict.verifyVoucher.reason, who).toBe('CODE_NOT_FOUND');
    }
    const csv = await fetch(`${t.url}/api/vouchers/settlement.csv?unitId=${w.storeA}&from=${todayUtc(-1)}&to=${todayUtc()}&lines=writeOffs`, { headers: { authorization: `Bearer ${w.finance.token}` } });
    expect(await csv.text()).not.toContain(MARKER);
    const decided = await t.gql('mutation($u:ID!,$d:LocalDate!){ confirmMerchantDay(unitId:$u, date:$d){ status } }', { u: w.storeA, d: todayUtc() }, w.merchantA.token);
    expect(errorCode(decided)).toBe('NOT_FOUND');
    const owner = await t.ok<{ merchantDays: { date: string; writeOffs: number; writeOffList: { id: string; code: { campaign: { name: string } } }[] }[] }>(DAYS, vars, t.adminToken);
    expect(owner.merchantDays.find((d) => d.date === todayUtc())?.writeOffs).toBe(1);
    expect(owner.merchantDays.flatMap((d) => d.writeOffList).find((x) => x.id === writeOff.id)?.code.campaign.name).toBe(`Voucher ${MARKER}`);
    const ownerCsv = await fetch(`${t.url}/api/vouchers/settlement.csv?unitId=${w.storeA}&from=${todayUtc(-1)}&to=${todayUtc()}&lines=writeOffs`, { headers: { authorization: `Bearer ${t.adminToken}` } });
    expect(await ownerCsv.text()).toContain(MARKER);
  });
});
