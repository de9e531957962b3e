// Additive discount definitions through the public API: every value kind, the listed validation
// errors naming the field with nothing written, visibility and who may create them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows } from './fixtures.js';
import { errorCode, startTestApp, type TestApp } from './harness.js';
import { companyZx, DEFINITION_FIELDS } from './discounts-fixtures.js';

let t: TestApp;
let zx: Awaited<ReturnType<typeof companyZx>>;

beforeAll(async () => {
  t = await startTestApp();
  zx = await companyZx(t);
});
afterAll(async () => t?.stop());

describe('createAdditiveDiscountDefinition', () => {
  it('stores seed 003 scenario 1 with every field and reads it back', async () => {
    const input = zx.zx1();
    const created = await zx.definition(input);
    expect(created).toMatchObject({
      target: 'SUBSCRIPTION', application: 'AD_HOC', valueKind: 'AMOUNT_RANGE', amount: null, minAmount: '5.00', maxAmount: '20.00', percentage: null,
      currency: 'EUR', duration: 'FIXED_DATE', maxApplications: 3, applicationPeriod: { count: 1, unit: 'YEAR' }, approvalMethod: 'MANUAL',
      approvalUnit: { id: zx.careUnit }, billingFrequencies: ['MONTHLY'], productTypes: [{ id: zx.packages }], products: [], ownedByGroup: { id: zx.marketing },
    });
    expect(created.effectiveDate).toBe(input.effectiveDate);
    const fetched = await t.ok<{ additiveDiscountDefinition: unknown }>(`query($id:ID!){ additiveDiscountDefinition(id:$id){ ${DEFINITION_FIELDS} } }`, { id: created.id }, zx.agent.token);
    expect(fetched.additiveDiscountDefinition).toEqual(created);
    const list = await t.ok<{ additiveDiscountDefinitions: { id: string }[] }>('{ additiveDiscountDefinitions(target: SUBSCRIPTION) { id } }', {}, zx.agent.token);
    expect(list.additiveDiscountDefinitions.map((d) => d.id)).toContain(created.id);
    const jobs = await t.ok<{ additiveDiscountDefinitions: { id: string }[] }>('{ additiveDiscountDefinitions(target: JOB) { id } }', {}, zx.agent.token);
    expect(jobs.additiveDiscountDefinitions.map((d) => d.id)).not.toContain(created.id);
  });

  it('stores every value kind with only its own value fields', async () => {
    const pct = await zx.definition(zx.zx2({ amount: '3.00' }));
    expect(pct).toMatchObject({ valueKind: 'PERCENTAGE', percentage: '50', amount: null, includedSegments: [{ id: zx.lateJobs }], products: [{ id: zx.installFee }], duration: 'ONCE_OFF' });
    const amount = await zx.definition(zx.zx3());
    expect(amount).toMatchObject({ valueKind: 'AMOUNT', amount: '20.00', application: 'AUTO_APPLY', approvalMethod: 'AUTOMATIC', approvalUnit: null });
    const free = await zx.definition({ ...zx.zx1(), valueKind: 'FREE_PERIOD', freePeriodDays: 15, minAmount: null, maxAmount: null, duration: 'FLEXIBLE', durationUntil: null });
    expect(free).toMatchObject({ valueKind: 'FREE_PERIOD', freePeriodDays: 15, minAmount: null, maxAmount: null, duration: 'FLEXIBLE', durationUntil: null });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a range without a minimum', { minAmount: null }, 'input.minAmount'],
    ['a range without a maximum', { maxAmount: null }, 'input.maxAmount'],
    ['a range with min > max', { minAmount: '25', maxAmount: '20' }, 'input.minAmount'],
    ['a range bound with more decimals than EUR has (never rounded)', { minAmount: '5.555' }, 'input.minAmount'],
    ['a percentage over 100', { valueKind: 'PERCENTAGE', percentage: '100.5' }, 'input.percentage'],
    ['a percentage of zero', { valueKind: 'PERCENTAGE', percentage: '0' }, 'input.percentage'],
    ['an amount kind without amount', { valueKind: 'AMOUNT' }, 'input.amount'],
    ['a free period of zero days', { valueKind: 'FREE_PERIOD', freePeriodDays: 0 }, 'input.freePeriodDays'],
    ['a manual approval without a unit', { approvalUnitId: null }, 'input.approvalUnitId'],
    ['expiry before effect', { effectiveDate: '2026-06-01T00:00:00.000Z', expirationDate: '2026-05-31T00:00:00.000Z', durationUntil: '2026-05-31T00:00:00.000Z' }, 'input.expirationDate'],
    ['a fixed date without its date', { durationUntil: null }, 'input.durationUntil'],
    ['a limit without a period', { applicationPeriod: null }, 'input.applicationPeriod'],
    ['an unknown currency', { currency: 'EURO' }, 'input.currency'],
    ['a blank name', { name: '   ' }, 'input.name'],
    ['an unknown approval unit', { approvalUnitId: '999999' }, 'input.approvalUnitId'],
    ['an unknown product', { productIds: ['999999'] }, 'input.productIds.0'],
    ['a job segment on a subscription discount', { includedSegmentIds: ['LATE'] }, 'input.includedSegmentIds.0'],
    ['auto-apply with manual approval', { application: 'AUTO_APPLY', valueKind: 'AMOUNT', amount: '5' }, 'input.approvalMethod'],
    ['an auto-apply amount range (nobody picks the amount)', { application: 'AUTO_APPLY', approvalMethod: 'AUTOMATIC', approvalUnitId: null }, 'input.valueKind'],
  ])('refuses %s, naming the field, and writes nothing', async (_name, change, field) => {
    const before = await countRows(t, 'additive_discount_definition');
    const input: Record<string, unknown> = { ...zx.zx1(), ...change };
    if (change.includedSegmentIds) input.includedSegmentIds = [zx.lateJobs];
    const r = await zx.createDefinition(input);
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.extensions?.field).toBe(field);
    expect(await countRows(t, 'additive_discount_definition')).toBe(before);
  });

  it('refuses a free period on a job', async () => {
    const r = await zx.createDefinition({ ...zx.zx2(), valueKind: 'FREE_PERIOD', freePeriodDays: 7 });
    expect([errorCode(r), r.errors?.[0]?.extensions?.field]).toEqual(['BAD_USER_INPUT', 'input.valueKind']);
  });

  it('only managers (and admins) create definitions; agents and supervisors may not', async () => {
    for (const token of [zx.agent.token, zx.supervisor.token]) {
      expect(errorCode(await zx.createDefinition(zx.zx1(), token))).toBe('FORBIDDEN');
    }
  });

  it('a definition of a group the viewer does not collaborate with does not exist for them', async () => {
    const outsiders = await t.ok<{ createGroup: { id: string } }>('mutation($i:CreateGroupInput!){ createGroup(input:$i){ id } }', { i: { name: `Outsiders ${zx.tag}` } }, t.adminToken);
    const outsider = await t.ok<{ createUser: { id: string } }>(
      'mutation($i:CreateUserInput!){ createUser(input:$i){ id } }',
      { i: { email: `outsider.${zx.tag}@example.com`, name: 'Outsider', password: 'password-1234', roles: ['AGENT'], groupId: outsiders.createGroup.id } },
      t.adminToken,
    );
    expect(outsider.createUser.id).toBeTruthy();
    const token = await t.login(`outsider.${zx.tag}@example.com`, 'password-1234');
    const created = await zx.definition(zx.zx1({ name: `Hidden ${zx.tag}` }));
    const fetched = await t.ok<{ additiveDiscountDefinition: unknown }>('query($id:ID!){ additiveDiscountDefinition(id:$id){ id } }', { id: created.id }, token);
    expect(fetched.additiveDiscountDefinition).toBeNull();
    const list = await t.ok<{ additiveDiscountDefinitions: { id: string }[] }>('{ additiveDiscountDefinitions { id } }', {}, token);
    expect(list.additiveDiscountDefinitions.map((d) => d.id)).not.toContain(created.id);
  });

  it('a privacy level above the agent\'s clearance hides the definition from them (changePrivacyLevel)', async () => {
    const created = await zx.definition(zx.zx1({ name: `Confidential ${zx.tag}` }));
    const level = await t.ok<{ createPrivacyLevel: { id: string } }>('mutation($i:CreatePrivacyLevelInput!){ createPrivacyLevel(input:$i){ id } }', { i: { name: `Secret ${zx.tag}`, rank: 90 } }, t.adminToken);
    await t.ok('mutation($id:ID!,$l:ID){ changePrivacyLevel(entity: ADDITIVE_DISCOUNT_DEFINITION, id:$id, privacyLevelId:$l) }', { id: created.id, l: level.createPrivacyLevel.id }, t.adminToken);
    const fetched = await t.ok<{ additiveDiscountDefinition: unknown }>('query($id:ID!){ additiveDiscountDefinition(id:$id){ id } }', { id: created.id }, zx.agent.token);
    expect(fetched.additiveDiscountDefinition).toBeNull();
    const r = await zx.submit({ definitionId: created.id, subscriptionId: await zx.subscription(), amount: '10' });
    expect([errorCode(r), r.errors?.[0]?.extensions?.field]).toEqual(['BAD_USER_INPUT', 'input.definitionId']);
  });

  it('updateAdditiveDiscountDefinition replaces the terms and validates like create', async () => {
    const created = await zx.definition(zx.zx1({ name: `Editable ${zx.tag}` }));
    const updated = await t.ok<{ updateAdditiveDiscountDefinition: { maxAmount: string; name: string } }>(
      'mutation($id:ID!,$i:CreateAdditiveDiscountDefinitionInput!){ updateAdditiveDiscountDefinition(id:$id, input:$i){ name maxAmount } }',
      { id: created.id, i: zx.zx1({ name: `Edited ${zx.tag}`, maxAmount: '25' }) },
      zx.manager.token,
    );
    expect(updated.updateAdditiveDiscountDefinition).toEqual({ name: `Edited ${zx.tag}`, maxAmount: '25.00' });
    const refused = await t.gql('mutation($id:ID!,$i:CreateAdditiveDiscountDefinitionInput!){ updateAdditiveDiscountDefinition(id:$id, input:$i){ id } }', { id: created.id, i: zx.zx1({ minAmount: '30' }) }, zx.manager.token);
    expect([errorCode(refused), refused.errors?.[0]?.extensions?.field]).toEqual(['BAD_USER_INPUT', 'input.minAmount']);
  });
});
