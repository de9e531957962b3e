import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, fixtures } from './fixtures.js';
import { errorCode, startTestApp, type TestApp } from './harness.js';
import { expectBadInput, OFFER_FIELDS, rewardFixtures } from './rewards-fixtures.js';

let t: TestApp;
let r: ReturnType<typeof rewardFixtures>;
const ids: Record<string, string> = {};

const CREATE = `mutation($i:CreateRewardOfferInput!){ createRewardOffer(input:$i){ ${OFFER_FIELDS} } }`;
type Offer = Record<string, unknown> & { id: string; number: string; latestEffectiveDate: string | null; lifeCycleState: string };

function create(input: Record<string, unknown>, token?: string) {
  return t.gql<{ createRewardOffer: Offer }>(CREATE, { i: { schemeId: ids.scheme, typeId: ids.justMoney, award: { kind: 'AMOUNT', amount: '5' }, ...input } }, token ?? t.adminToken);
}

beforeAll(async () => {
  t = await startTestApp();
  r = rewardFixtures(t);
  ids.birthdayCat = await r.category('Birthday treats');
  ids.generalCat = await r.category('General');
  ids.justMoney = await r.type('Just Money', 'JUST_MONEY', [ids.generalCat]);
  ids.transaction = await r.type('Spend and earn', 'INCREASE_REVENUE_TRANSACTION_BASED', [ids.generalCat, ids.birthdayCat]);
  ids.birthday = await r.type('Birthday', 'REWARD_ON_BIRTHDAY');
  ids.scheme = await r.scheme('ZX Club');
  const f = fixtures(t);
  ids.group = await f.group('Retail Partners');
  ids.unit = await f.unit('Store Central', ids.group, 'Europe/Athens');
  ids.jobSegment = (await t.ok<{ createSegment: { id: string } }>('mutation{ createSegment(input:{ name:"Late jobs", entity:JOB, memberIds:[] }){ id } }', {}, t.adminToken)).createSegment.id;
  ids.vip = (await t.ok<{ createSegment: { id: string } }>('mutation{ createSegment(input:{ name:"VIP", entity:CUSTOMER, memberIds:[] }){ id } }', {}, t.adminToken)).createSegment.id;
});
afterAll(async () => t?.stop());

describe('configuration', () => {
  it('the rewards definition allows every type until it is set, then only the listed ones', async () => {
    const before = await t.ok<{ rewardsDefinition: { isSet: boolean; allowedOfferTypes: { id: string }[] } }>('{ rewardsDefinition { isSet allowedOfferTypes { id } } }', {}, t.adminToken);
    expect(before.rewardsDefinition.isSet).toBe(false);
    expect(before.rewardsDefinition.allowedOfferTypes.map((x) => x.id).sort()).toEqual([ids.justMoney, ids.transaction, ids.birthday].sort());
    const set = await t.ok<{ setRewardsDefinition: { isSet: boolean; allowedOfferTypes: { id: string }[] } }>(
      'mutation($ids:[ID!]!){ setRewardsDefinition(allowedOfferTypeIds:$ids){ isSet allowedOfferTypes { id } } }',
      { ids: [ids.justMoney, ids.transaction] },
      t.adminToken,
    );
    expect(set.setRewardsDefinition).toEqual({ isSet: true, allowedOfferTypes: [{ id: ids.justMoney }, { id: ids.transaction }] });
    const unknown = await t.gql('mutation{ setRewardsDefinition(allowedOfferTypeIds:["999999"]){ isSet } }', {}, t.adminToken);
    expectBadInput(unknown, 'allowedOfferTypeIds.0');
  });

  it('types carry a classification and allowed categories; names are unique case-insensitively', async () => {
    const data = await t.ok<{ rewardOfferTypes: { name: string; classification: string; allowedCategories: { name: string }[] }[]; rewardOfferCategories: { name: string }[] }>(
      '{ rewardOfferTypes { name classification allowedCategories { name } } rewardOfferCategories { name } }',
      {},
      t.adminToken,
    );
    expect(data.rewardOfferTypes).toContainEqual({ name: 'Spend and earn', classification: 'INCREASE_REVENUE_TRANSACTION_BASED', allowedCategories: [{ name: 'General' }, { name: 'Birthday treats' }] });
    expect(data.rewardOfferCategories.map((c) => c.name)).toEqual(['Birthday treats', 'General']);
    expectBadInput(await t.gql('mutation{ createRewardOfferCategory(name:"general"){ id } }', {}, t.adminToken), 'name');
    expectBadInput(await t.gql('mutation{ createRewardOfferType(input:{ name:"JUST money", classification:JUST_MONEY }){ id } }', {}, t.adminToken), 'input.name');
    expectBadInput(await t.gql('mutation{ createRewardOfferType(input:{ name:"X", classification:JUST_MONEY, allowedCategoryIds:["999"] }){ id } }', {}, t.adminToken), 'input.allowedCategoryIds.0');
  });

  it('templates check their award against their classification', async () => {
    expectBadInput(
      await t.gql('mutation{ createRewardOfferTemplate(input:{ name:"Bad", classification:JUST_MONEY, award:{ kind:PERCENTAGE, percentage:"5" } }){ id } }', {}, t.adminToken),
      'input.award.kind',
    );
    const template = await t.ok<{ createRewardOfferTemplate: { id: string; classification: string; award: unknown; spendConditions: unknown; ownedByGroup: { id: string } } }>(
      `mutation($u:ID!){ createRewardOfferTemplate(input:{ name:"Weekday fiver", classification:JUST_MONEY, award:{ kind:AMOUNT, amount:"5.00" },
         spendConditions:{ days:[MONDAY,FRIDAY], hourRanges:[{ from:"09:00", to:"17:00" }], allowedUnitIds:[$u] } }){
         id classification award { kind amount } spendConditions { days hourRanges { from to } allowedUnits { id } } ownedByGroup { id } } }`,
      { u: ids.unit },
      t.adminToken,
    );
    ids.template = template.createRewardOfferTemplate.id;
    expect(template.createRewardOfferTemplate).toMatchObject({
      classification: 'JUST_MONEY',
      award: { kind: 'AMOUNT', amount: '5' },
      spendConditions: { days: ['MONDAY', 'FRIDAY'], hourRanges: [{ from: '09:00', to: '17:00' }], allowedUnits: [{ id: ids.unit }] },
    });
    const list = await t.ok<{ rewardOfferTemplates: { id: string }[] }>('{ rewardOfferTemplates(classification:JUST_MONEY) { id } }', {}, t.adminToken);
    expect(list.rewardOfferTemplates).toEqual([{ id: ids.template }]);
  });
});

describe('creating offers', () => {
  it('numbers the offer, starts NOT_EFFECTIVE with the default rules', async () => {
    const result = await create({ name: 'Welcome money', alternativeCode: 'WELCOME', categoryId: ids.generalCat, description: ' Five euros ' });
    const offer = result.data!.createRewardOffer;
    ids.welcome = offer.id;
    expect(offer).toMatchObject({
      number: expect.stringMatching(/^RO-\d{6}$/),
      name: 'Welcome money',
      alternativeCode: 'WELCOME',
      description: 'Five euros',
      classification: 'JUST_MONEY',
      lifeCycleState: 'NOT_EFFECTIVE',
      latestEffectiveDate: null,
      evaluationMethod: 'BATCH',
      applyIfBestAward: false,
      category: { id: ids.generalCat, name: 'General' },
      award: { kind: 'AMOUNT', amount: '5', percentage: null, within: null, considerOfferTypes: [], considerSchemes: [] },
      validity: { kind: 'FROM_LATEST_EFFECTIVE_DATE', validFrom: null, validTo: null },
      awardValidity: { kind: 'ALWAYS', after: null, until: null },
      awardConditions: { numberOfAwards: 'MULTIPLE', includedSegments: [], allowedAreas: [] },
      spendConditions: { days: [], hourRanges: [], afterAwarding: null, products: [] },
    });
    const second = (await create({ name: 'Second' })).data!.createRewardOffer;
    expect(Number(second.number.slice(3))).toBe(Number(offer.number.slice(3)) + 1);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an empty name', { name: '  ' }, 'input.name'],
    ['a duplicate name (any case)', { name: 'WELCOME MONEY' }, 'input.name'],
    ['a duplicate alternative code (any case)', { name: 'Other', alternativeCode: 'welcome' }, 'input.alternativeCode'],
    ['an unknown scheme', { name: 'Other', schemeId: '999999' }, 'input.schemeId'],
    ['a type the rewards definition does not allow', { name: 'Other', typeId: 'birthday' }, 'input.typeId'],
    ['a category the type does not allow', { name: 'Other', categoryId: 'birthdayCat' }, 'input.categoryId'],
    ['no award and no template', { name: 'Other', award: null }, 'input.award'],
    ['a percentage on a Just Money offer', { name: 'Other', award: { kind: 'PERCENTAGE', percentage: '10' } }, 'input.award.kind'],
    ['a zero amount', { name: 'Other', award: { kind: 'AMOUNT', amount: '0' } }, 'input.award.amount'],
    ['an amount with more decimals than the scheme currency has (never rounded)', { name: 'Other', award: { kind: 'AMOUNT', amount: '5.555' } }, 'input.award.amount'],
    ['a percentage over 100', { name: 'Other', typeId: 'transaction', award: { kind: 'PERCENTAGE', percentage: '101' } }, 'input.award.percentage'],
    ['percentage of awarded without a period', { name: 'Other', award: { kind: 'PERCENTAGE_OF_AWARDED_WITHIN', percentage: '10' } }, 'input.award.within'],
    ['a specific period ending where it starts', { name: 'Other', validity: { kind: 'SPECIFIC_PERIOD', validFrom: '2026-03-01T00:00:00Z', validTo: '2026-03-01T00:00:00Z' } }, 'input.validity.validTo'],
    ['a specific period without a start', { name: 'Other', validity: { kind: 'SPECIFIC_PERIOD', validTo: '2026-03-01T00:00:00Z' } }, 'input.validity.validFrom'],
    ['a recurring period on 31 April', { name: 'Other', validity: { kind: 'RECURRING_PERIOD', fromDay: 31, fromMonth: 4, toDay: 1, toMonth: 5 } }, 'input.validity.fromDay'],
    ['negative days before a birthday', { name: 'Other', validity: { kind: 'BIRTHDAY_PERIOD', daysBefore: -2 } }, 'input.validity.daysBefore'],
    ['an award validity after 0 days', { name: 'Other', awardValidity: { kind: 'AFTER_AWARD', after: { count: 0, unit: 'DAY' } } }, 'input.awardValidity.after.count'],
    ['an award validity until without a date', { name: 'Other', awardValidity: { kind: 'UNTIL_DATE' } }, 'input.awardValidity.until'],
    ['a job segment in the award conditions', { name: 'Other', awardConditions: { numberOfAwards: 'ONLY_ONE', includedSegmentIds: ['jobSegment'] } }, 'input.awardConditions.includedSegmentIds.0'],
    ['a segment included and excluded', { name: 'Other', awardConditions: { numberOfAwards: 'ONLY_ONE', includedSegmentIds: ['vip'], excludedSegmentIds: ['vip'] } }, 'input.awardConditions.excludedSegmentIds'],
    ['an unknown unit in the award conditions', { name: 'Other', awardConditions: { numberOfAwards: 'MULTIPLE', allowedUnitIds: ['999999'] } }, 'input.awardConditions.allowedUnitIds.0'],
    ['a malformed hour range', { name: 'Other', spendConditions: { hourRanges: [{ from: '9am', to: '17:00' }] } }, 'input.spendConditions.hourRanges.0.from'],
    ['an unknown product in the spend conditions', { name: 'Other', spendConditions: { productIds: ['999999'] } }, 'input.spendConditions.productIds.0'],
    ['a template of another classification', { name: 'Other', typeId: 'transaction', templateId: 'template' }, 'input.templateId'],
  ])('refuses %s, changing nothing', async (_name, input, field) => {
    const resolved = Object.fromEntries(Object.entries(input).map(([k, v]) => [k, typeof v === 'string' && k.endsWith('Id') && ids[v] ? ids[v] : v]));
    for (const key of ['awardConditions']) {
      const c = resolved[key] as Record<string, unknown> | undefined;
      if (c?.includedSegmentIds) c.includedSegmentIds = (c.includedSegmentIds as string[]).map((x) => ids[x] ?? x);
      if (c?.excludedSegmentIds) c.excludedSegmentIds = (c.excludedSegmentIds as string[]).map((x) => ids[x] ?? x);
    }
    const before = await countRows(t, 'reward_offer');
    expectBadInput(await create(resolved), field);
    expect(await countRows(t, 'reward_offer')).toBe(before);
  });

  it('copies the template: award and spend conditions; the input overrides the award', async () => {
    const fromTemplate = (await create({ name: 'From template', templateId: ids.template, award: null })).data!.createRewardOffer;
    expect(fromTemplate).toMatchObject({
      template: { id: ids.template },
      award: { kind: 'AMOUNT', amount: '5' },
      spendConditions: { days: ['MONDAY', 'FRIDAY'], hourRanges: [{ from: '09:00', to: '17:00' }], allowedUnits: [{ id: ids.unit }] },
    });
    const overridden = (await create({ name: 'From template, 7', templateId: ids.template, award: { kind: 'AMOUNT', amount: '7' } })).data!.createRewardOffer;
    expect(overridden).toMatchObject({ award: { amount: '7' }, spendConditions: { days: ['MONDAY', 'FRIDAY'] } });
  });

  it('stores every rule kind', async () => {
    const offer = (
      await create({
        name: 'Everything',
        typeId: ids.transaction,
        evaluationMethod: 'IMMEDIATE',
        applyIfBestAward: true,
        award: { kind: 'PERCENTAGE', percentage: '2.5' },
        validity: { kind: 'RECURRING_PERIOD', fromDay: 15, fromMonth: 12, toDay: 15, toMonth: 1 },
        awardValidity: { kind: 'AFTER_AWARD', after: { count: 3, unit: 'MONTH' } },
        awardConditions: { numberOfAwards: 'ONLY_ONE', includedSegmentIds: [ids.vip], allowedGroupIds: [ids.group], allowedCities: ['Athens'] },
        spendConditions: { days: ['SATURDAY'], afterAwarding: { count: 2, unit: 'DAY' }, allowedUnitIds: [ids.unit] },
      })
    ).data!.createRewardOffer;
    expect(offer).toMatchObject({
      classification: 'INCREASE_REVENUE_TRANSACTION_BASED',
      evaluationMethod: 'IMMEDIATE',
      applyIfBestAward: true,
      award: { kind: 'PERCENTAGE', percentage: '2.5', amount: null },
      validity: { kind: 'RECURRING_PERIOD', fromDay: 15, fromMonth: 12, toDay: 15, toMonth: 1, validFrom: null },
      awardValidity: { kind: 'AFTER_AWARD', after: { count: 3, unit: 'MONTH' } },
      awardConditions: { numberOfAwards: 'ONLY_ONE', includedSegments: [{ id: ids.vip }], allowedGroups: [{ id: ids.group }], allowedCities: ['Athens'] },
      spendConditions: { days: ['SATURDAY'], afterAwarding: { count: 2, unit: 'DAY' }, allowedUnits: [{ id: ids.unit }] },
    });
    const until = (await create({ name: 'Until', awardValidity: { kind: 'UNTIL_DATE', until: '2027-01-01T00:00:00Z' }, validity: { kind: 'SPECIFIC_PERIOD', validFrom: '2026-03-01T00:00:00Z', validTo: '2026-04-01T00:00:00Z' } })).data!
      .createRewardOffer;
    expect(until).toMatchObject({
      awardValidity: { kind: 'UNTIL_DATE', until: '2027-01-01T00:00:00.000Z' },
      validity: { kind: 'SPECIFIC_PERIOD', validFrom: '2026-03-01T00:00:00.000Z', validTo: '2026-04-01T00:00:00.000Z' },
    });
  });
});

describe('life cycle, updates, lists and deletion', () => {
  it('sets the latest effective date each time the offer turns effective', async () => {
    const SET = 'mutation($id:ID!,$e:Boolean!){ setRewardOfferEffective(id:$id, effective:$e){ lifeCycleState latestEffectiveDate } }';
    const first = (await t.ok<{ setRewardOfferEffective: Offer }>(SET, { id: ids.welcome, e: true }, t.adminToken)).setRewardOfferEffective;
    expect(first.lifeCycleState).toBe('EFFECTIVE');
    expect(Date.now() - Date.parse(first.latestEffectiveDate!)).toBeLessThan(60_000);
    const again = (await t.ok<{ setRewardOfferEffective: Offer }>(SET, { id: ids.welcome, e: true }, t.adminToken)).setRewardOfferEffective;
    expect(again.latestEffectiveDate).toBe(first.latestEffectiveDate);
    const off = (await t.ok<{ setRewardOfferEffective: Offer }>(SET, { id: ids.welcome, e: false }, t.adminToken)).setRewardOfferEffective;
    expect(off).toEqual({ lifeCycleState: 'NOT_EFFECTIVE', latestEffectiveDate: first.latestEffectiveDate });
    await new Promise((resolve) => setTimeout(resolve, 10));
    const on = (await t.ok<{ setRewardOfferEffective: Offer }>(SET, { id: ids.welcome, e: true }, t.adminToken)).setRewardOfferEffective;
    expect(Date.parse(on.latestEffectiveDate!)).toBeGreaterThan(Date.parse(first.latestEffectiveDate!));
    expect(errorCode(await t.gql(SET, { id: '999999', e: true }, t.adminToken))).toBe('NOT_FOUND');
  });

  it('updates name, code, award and rules with the same checks', async () => {
    const UPDATE = `mutation($id:ID!,$i:UpdateRewardOfferInput!){ updateRewardOffer(id:$id, input:$i){ ${OFFER_FIELDS} } }`;
    const updated = await t.ok<{ updateRewardOffer: Offer }>(UPDATE, { id: ids.welcome, i: { name: 'Welcome bonus', award: { kind: 'AMOUNT', amount: '6.5' }, awardConditions: { numberOfAwards: 'ONLY_ONE' } } }, t.adminToken);
    expect(updated.updateRewardOffer).toMatchObject({ name: 'Welcome bonus', alternativeCode: 'WELCOME', award: { amount: '6.5' }, awardConditions: { numberOfAwards: 'ONLY_ONE' } });
    expectBadInput(await t.gql(UPDATE, { id: ids.welcome, i: { award: { kind: 'PERCENTAGE', percentage: '5' } } }, t.adminToken), 'input.award.kind');
    expectBadInput(await t.gql(UPDATE, { id: ids.welcome, i: { name: 'everything' } }, t.adminToken), 'input.name');
    expectBadInput(await t.gql(UPDATE, { id: ids.welcome, i: { categoryId: ids.birthdayCat } }, t.adminToken), 'input.categoryId');
  });

  it('lists with filters, search and pages', async () => {
    const LIST = 'query($f:RewardOfferFilter,$first:Int,$after:String){ rewardOffers(filter:$f, first:$first, after:$after){ totalCount nodes { name lifeCycleState classification } pageInfo { hasNextPage endCursor } } }';
    type List = { rewardOffers: { totalCount: number; nodes: { name: string; lifeCycleState: string; classification: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };
    const all = await t.ok<List>(LIST, { f: { schemeId: ids.scheme } }, t.adminToken);
    expect(all.rewardOffers.totalCount).toBe(6);
    const effective = await t.ok<List>(LIST, { f: { lifeCycleState: 'EFFECTIVE' } }, t.adminToken);
    expect(effective.rewardOffers.nodes.map((n) => n.name)).toEqual(['Welcome bonus']);
    const tx = await t.ok<List>(LIST, { f: { classification: 'INCREASE_REVENUE_TRANSACTION_BASED' } }, t.adminToken);
    expect(tx.rewardOffers.nodes.map((n) => n.name)).toEqual(['Everything']);
    const search = await t.ok<List>(LIST, { f: { search: 'templ' } }, t.adminToken);
    expect(search.rewardOffers.nodes.map((n) => n.name)).toEqual(['From template, 7', 'From template']);
    const page1 = await t.ok<List>(LIST, { first: 4 }, t.adminToken);
    const page2 = await t.ok<List>(LIST, { first: 4, after: page1.rewardOffers.pageInfo.endCursor }, t.adminToken);
    expect(page1.rewardOffers.pageInfo.hasNextPage).toBe(true);
    expect(page2.rewardOffers.nodes).toHaveLength(2);
    expect(page2.rewardOffers.pageInfo.hasNextPage).toBe(false);
  });

  it('deletes an offer without transactions', async () => {
    const offer = (await create({ name: 'To delete' })).data!.createRewardOffer;
    expect((await t.ok<{ deleteRewardOffer: boolean }>('mutation($id:ID!){ deleteRewardOffer(id:$id) }', { id: offer.id }, t.adminToken)).deleteRewardOffer).toBe(true);
    expect((await t.ok<{ rewardOffer: unknown }>('query($id:ID!){ rewardOffer(id:$id){ id } }', { id: offer.id }, t.adminToken)).rewardOffer).toBeNull();
  });
});

describe('who may do what', () => {
  it('offers are explicit viewing entities; roles decide who configures', async () => {
    const f = fixtures(t);
    const other = await f.group('Other marketing');
    const marketing = await f.user('mm@example.com', ['MARKETING_MANAGER'], other);
    const agent = await f.user('agent@example.com', ['AGENT'], other);
    const admin = await f.user('admin2@example.com', ['ADMIN'], other);
    // Invisible to another group: absent from lists, null by id.
    expect((await t.ok<{ rewardOffer: unknown }>('query($id:ID!){ rewardOffer(id:$id){ id } }', { id: ids.welcome }, marketing.token)).rewardOffer).toBeNull();
    expect((await t.ok<{ rewardOffers: { totalCount: number } }>('{ rewardOffers { totalCount } }', {}, marketing.token)).rewardOffers.totalCount).toBe(0);
    expect(errorCode(await t.gql('mutation($id:ID!){ setRewardOfferEffective(id:$id, effective:false){ id } }', { id: ids.welcome }, marketing.token))).toBe('NOT_FOUND');
    // A marketing manager configures offers (with a scheme they can see), not types or the definition.
    const scheme = (await t.ok<{ createRewardScheme: { id: string } }>('mutation{ createRewardScheme(input:{ name:"Other club" }){ id } }', {}, marketing.token)).createRewardScheme.id;
    const own = await create({ name: 'Their own', schemeId: scheme }, marketing.token);
    expect(own.data?.createRewardOffer.lifeCycleState).toBe('NOT_EFFECTIVE');
    expectBadInput(await create({ name: 'In a hidden scheme' }, marketing.token), 'input.schemeId');
    expect(errorCode(await t.gql('mutation{ createRewardOfferCategory(name:"Nope"){ id } }', {}, marketing.token))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql('mutation{ setRewardsDefinition(allowedOfferTypeIds:[]){ isSet } }', {}, marketing.token))).toBe('FORBIDDEN');
    expect(errorCode(await create({ name: 'Agent offer' }, agent.token))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql('mutation{ createRewardOfferCategory(name:"Seasonal"){ id } }', {}, admin.token))).toBeUndefined();
    expect(errorCode(await create({ name: 'Admin offer' }, admin.token))).toBe('FORBIDDEN');
  });
});
