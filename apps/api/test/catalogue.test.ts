import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, fixtures } from './fixtures.js';
import { errorCode, startTestApp, type GraphQLResponse, type TestApp } from './harness.js';

let t: TestApp;
let ids: { lateSegment?: string; fibre: string; staticIp: string; install: string; serviceType: string; family: string; customer: string; other: string; onTime: string; late: string; open: string; subscription: string };

const PRODUCT = 'id code name type { id name } family { id name } price { amount currency }';
const CUSTOMER = 'id name email birthday nameDay signedUpAt region blacklisted blacklistReason addresses { area city district active }';
const SUBSCRIPTION = 'id billingFrequency effectiveDate customer { id } services { id isMain price { amount currency } product { code } }';
const JOB = 'id orderDate expectedCompletionDate actualCompletionDate customer { id } lines { id price { amount currency } product { code } }';
const MEMBERS = 'entity memberIds jobs { id } customers { id } subscriptions { id } totalCount pageInfo { endCursor hasNextPage }';

async function admin<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
  return t.ok<T>(query, variables, t.adminToken);
}

function expectBadInput(result: GraphQLResponse<unknown>, field: string) {
  expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  expect(result.errors?.[0]?.message).toContain(field);
}

async function createJob(customerId: string, orderDate: string, expectedCompletionDate: string): Promise<string> {
  const data = await admin<{ createJob: { id: string } }>('mutation($i:CreateJobInput!){ createJob(input:$i){ id } }', {
    i: { customerId, orderDate, expectedCompletionDate, currency: 'EUR', lines: [{ productId: ids.install, price: '80' }] },
  });
  return data.createJob.id;
}

beforeAll(async () => {
  t = await startTestApp();
  const serviceType = (await admin<{ createProductType: { id: string } }>('mutation{ createProductType(name:"Subscription Packages"){ id } }')).createProductType.id;
  const feeType = (await admin<{ createProductType: { id: string } }>('mutation{ createProductType(name:"Fees"){ id } }')).createProductType.id;
  const family = (await admin<{ createProductFamily: { id: string } }>('mutation{ createProductFamily(name:"Fibre Broadband"){ id } }')).createProductFamily.id;
  const product = async (code: string, name: string, typeId: string, extra: Record<string, unknown> = {}) =>
    (await admin<{ createProduct: { id: string } }>('mutation($i:CreateProductInput!){ createProduct(input:$i){ id } }', { i: { code, name, typeId, ...extra } })).createProduct.id;
  const fibre = await product('FIBRE-100', 'Fibre 100', serviceType, { familyId: family, price: '29.9', currency: 'eur' });
  const staticIp = await product('STATIC-IP', 'Static IP', serviceType, { price: 5, currency: 'EUR' });
  const install = await product('INSTALL-FEE', 'Installation Service Fee', feeType, { price: '80', currency: 'EUR' });
  const customer = async (name: string, email: string) =>
    (await admin<{ createCustomer: { id: string } }>('mutation($i:CreateCustomerInput!){ createCustomer(input:$i){ id } }', { i: { name, email } })).createCustomer.id;
  const main = (
    await admin<{ createCustomer: { id: string } }>('mutation($i:CreateCustomerInput!){ createCustomer(input:$i){ id } }', {
      i: {
        name: 'Nora North',
        email: 'Nora@Example.com',
        birthday: '1990-03-14',
        nameDay: '2026-01-17',
        signedUpAt: '2025-06-01T10:00:00.000Z',
        region: 'Attica',
        addresses: [{ area: 'Attica', city: 'Athens', district: 'Plaka' }, { city: 'Piraeus', district: 'Harbour', active: false }],
      },
    })
  ).createCustomer.id;
  const other = await customer('Oscar Other', 'oscar@example.com');
  ids = { fibre, staticIp, install, serviceType, family, customer: main, other, onTime: '', late: '', open: '', subscription: '' };
  ids.onTime = await createJob(main, '2026-10-01', '2026-10-15');
  ids.late = await createJob(other, '2026-10-05', '2026-10-19');
  ids.open = await createJob(main, '2026-11-16', '2026-11-30');
  await admin('mutation($id:ID!){ completeJob(id:$id, actualCompletionDate:"2026-10-15"){ id } }', { id: ids.onTime });
  await admin('mutation($id:ID!){ completeJob(id:$id, actualCompletionDate:"2026-10-30"){ id } }', { id: ids.late });
  ids.subscription = (
    await admin<{ createSubscription: { id: string } }>('mutation($i:CreateSubscriptionInput!){ createSubscription(input:$i){ id } }', {
      i: {
        customerId: main,
        billingFrequency: 'MONTHLY',
        effectiveDate: '2026-01-01',
        currency: 'EUR',
        services: [
          { productId: fibre, price: '29.90', isMain: true },
          { productId: staticIp, price: '5', isMain: false },
        ],
      },
    })
  ).createSubscription.id;
});
afterAll(async () => t?.stop());

describe('products', () => {
  it('are created with type, family and an exact price, and listed by code', async () => {
    const data = await admin<{ products: unknown[]; productTypes: { name: string }[]; productFamilies: { name: string }[] }>(
      `{ products { ${PRODUCT} } productTypes { name } productFamilies { name } }`,
    );
    expect(data.products).toEqual([
      { id: ids.fibre, code: 'FIBRE-100', name: 'Fibre 100', type: { id: ids.serviceType, name: 'Subscription Packages' }, family: { id: ids.family, name: 'Fibre Broadband' }, price: { amount: '29.90', currency: 'EUR' } },
      expect.objectContaining({ code: 'INSTALL-FEE', family: null, price: { amount: '80.00', currency: 'EUR' } }),
      expect.objectContaining({ code: 'STATIC-IP', price: { amount: '5.00', currency: 'EUR' } }),
    ]);
    expect(data.productTypes.map((p) => p.name)).toEqual(['Fees', 'Subscription Packages']);
    expect(data.productFamilies.map((p) => p.name)).toEqual(['Fibre Broadband']);
    const searched = await admin<{ products: { code: string }[] }>('{ products(search:"fibre") { code } }');
    expect(searched.products.map((p) => p.code)).toEqual(['FIBRE-100']);
    // LIKE wildcards in a code are literal: "STATIC_IP" is not a duplicate of "STATIC-IP", "%" matches nothing.
    const underscore = await admin<{ createProduct: { code: string } }>('mutation($i:CreateProductInput!){ createProduct(input:$i){ code } }', { i: { code: 'STATIC_IP', name: 'Static IP (legacy)', typeId: ids.serviceType } });
    expect(underscore.createProduct.code).toBe('STATIC_IP');
    expect((await admin<{ products: unknown[] }>('{ products(search:"%") { code } }')).products).toEqual([]);
  });

  it('are updated: name, price removed, audited', async () => {
    const data = await admin<{ updateProduct: { name: string; price: unknown } }>('mutation($id:ID!){ updateProduct(id:$id, input:{ name:"Static IPv4", clearPrice:true }){ name price { amount } } }', { id: ids.staticIp });
    expect(data.updateProduct).toEqual({ name: 'Static IPv4', price: null });
    const unknown = await t.gql('mutation{ updateProduct(id:"999999", input:{ name:"x" }){ id } }', {}, t.adminToken);
    expect(errorCode(unknown)).toBe('NOT_FOUND');
  });
});

describe('customers', () => {
  it('are read back with local dates, addresses and a normalised e-mail', async () => {
    const data = await admin<{ customer: unknown }>(`query($id:ID!){ customer(id:$id){ ${CUSTOMER} } }`, { id: ids.customer });
    expect(data.customer).toEqual({
      id: ids.customer,
      name: 'Nora North',
      email: 'nora@example.com',
      birthday: '1990-03-14',
      nameDay: '2026-01-17',
      signedUpAt: '2025-06-01T10:00:00.000Z',
      region: 'Attica',
      blacklisted: false,
      blacklistReason: null,
      addresses: [
        { area: 'Attica', city: 'Athens', district: 'Plaka', active: true },
        { area: null, city: 'Piraeus', district: 'Harbour', active: false },
      ],
    });
    const stored = await t.sql<{ birthday: string }>("select birthday::text from customer where id = $1", [ids.customer]);
    expect(stored[0]!.birthday).toBe('1990-03-14');
  });

  it('are paginated by name with a total, and searched by name or e-mail', async () => {
    for (let i = 0; i < 5; i += 1) await admin('mutation($i:CreateCustomerInput!){ createCustomer(input:$i){ id } }', { i: { name: `Page Person ${i}`, email: `page${i}@example.net` } });
    type Conn = { customers: { nodes: { name: string }[]; totalCount: number; pageInfo: { endCursor: string; hasNextPage: boolean } } };
    const first = await admin<Conn>('{ customers(first:3){ nodes { name } totalCount pageInfo { endCursor hasNextPage } } }');
    expect(first.customers.totalCount).toBe(7);
    expect(first.customers.nodes.map((n) => n.name)).toEqual(['Nora North', 'Oscar Other', 'Page Person 0']);
    expect(first.customers.pageInfo.hasNextPage).toBe(true);
    const second = await admin<Conn>('query($a:String){ customers(first:3, after:$a){ nodes { name } totalCount pageInfo { endCursor hasNextPage } } }', { a: first.customers.pageInfo.endCursor });
    expect(second.customers.nodes.map((n) => n.name)).toEqual(['Page Person 1', 'Page Person 2', 'Page Person 3']);
    const third = await admin<Conn>('query($a:String){ customers(first:3, after:$a){ nodes { name } totalCount pageInfo { endCursor hasNextPage } } }', { a: second.customers.pageInfo.endCursor });
    expect(third.customers.nodes.map((n) => n.name)).toEqual(['Page Person 4']);
    expect(third.customers.pageInfo.hasNextPage).toBe(false);

    const byEmail = await admin<Conn>('{ customers(search:"EXAMPLE.NET"){ nodes { name } totalCount pageInfo { hasNextPage } } }');
    expect(byEmail.customers.totalCount).toBe(5);
    const byName = await admin<Conn>('{ customers(search:"nora"){ nodes { name } totalCount pageInfo { hasNextPage } } }');
    expect(byName.customers.nodes.map((n) => n.name)).toEqual(['Nora North']);

    expectBadInput(await t.gql('{ customers(after:"not-a-cursor"){ totalCount } }', {}, t.adminToken), 'after');
    expectBadInput(await t.gql('{ customers(first:0){ totalCount } }', {}, t.adminToken), 'first');
  });

  it('are updated; addresses given replace the list', async () => {
    const data = await admin<{ updateCustomer: { name: string; region: string | null; addresses: { city: string }[]; birthday: string } }>(
      'mutation($id:ID!){ updateCustomer(id:$id, input:{ region:"Crete", addresses:[{ city:"Heraklion" }] }){ name region birthday addresses { city } } }',
      { id: ids.other },
    );
    expect(data.updateCustomer).toEqual({ name: 'Oscar Other', region: 'Crete', birthday: null, addresses: [{ city: 'Heraklion' }] });
    expect(errorCode(await t.gql('mutation{ updateCustomer(id:"999999", input:{ name:"x" }){ id } }', {}, t.adminToken))).toBe('NOT_FOUND');
  });

  it('are blacklisted with a reason and un-blacklisted, audited as blacklist/unblacklist', async () => {
    const on = await admin<{ setCustomerBlacklisted: { blacklisted: boolean; blacklistReason: string } }>(
      'mutation($id:ID!){ setCustomerBlacklisted(customerId:$id, blacklisted:true, reason:"forged vouchers"){ blacklisted blacklistReason } }',
      { id: ids.other },
    );
    expect(on.setCustomerBlacklisted).toEqual({ blacklisted: true, blacklistReason: 'forged vouchers' });
    const off = await admin<{ setCustomerBlacklisted: { blacklisted: boolean; blacklistReason: string | null } }>(
      'mutation($id:ID!){ setCustomerBlacklisted(customerId:$id, blacklisted:false){ blacklisted blacklistReason } }',
      { id: ids.other },
    );
    expect(off.setCustomerBlacklisted).toEqual({ blacklisted: false, blacklistReason: null });
    const audit = await t.sql<{ action: string }>("select action from audit_entry where entity_type = 'Customer' and entity_id = $1 order by id", [ids.other]);
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'blacklist', 'unblacklist']);
    const unknown = await t.gql('mutation{ setCustomerBlacklisted(customerId:"999999", blacklisted:true, reason:"x"){ id } }', {}, t.adminToken);
    expect(errorCode(unknown)).toBe('NOT_FOUND');
  });
});

describe('subscriptions and jobs', () => {
  it('read back with services, lines and money', async () => {
    const data = await admin<{ subscriptions: unknown[]; subscription: unknown; jobs: { id: string; actualCompletionDate: string | null }[]; job: unknown }>(
      `query($c:ID!, $s:ID!, $j:ID!){ subscriptions(customerId:$c){ ${SUBSCRIPTION} } subscription(id:$s){ id } jobs(customerId:$c){ ${JOB} } job(id:$j){ ${JOB} } }`,
      { c: ids.customer, s: ids.subscription, j: ids.late },
    );
    expect(data.subscriptions).toEqual([
      {
        id: ids.subscription,
        billingFrequency: 'MONTHLY',
        effectiveDate: '2026-01-01',
        customer: { id: ids.customer },
        services: [
          { id: expect.any(String), isMain: true, price: { amount: '29.90', currency: 'EUR' }, product: { code: 'FIBRE-100' } },
          { id: expect.any(String), isMain: false, price: { amount: '5.00', currency: 'EUR' }, product: { code: 'STATIC-IP' } },
        ],
      },
    ]);
    expect(data.subscription).toEqual({ id: ids.subscription });
    expect(data.jobs.map((j) => [j.id, j.actualCompletionDate])).toEqual([
      [ids.onTime, '2026-10-15'],
      [ids.open, null],
    ]);
    expect(data.job).toEqual({
      id: ids.late,
      orderDate: '2026-10-05',
      expectedCompletionDate: '2026-10-19',
      actualCompletionDate: '2026-10-30',
      customer: { id: ids.other },
      lines: [{ id: expect.any(String), price: { amount: '80.00', currency: 'EUR' }, product: { code: 'INSTALL-FEE' } }],
    });
    const missing = await admin<{ job: unknown; subscription: unknown }>('{ job(id:"999999"){ id } subscription(id:"999999"){ id } }');
    expect(missing).toEqual({ job: null, subscription: null });
  });

  it('two concurrent completions of one job: one succeeds, the other is CONFLICT', async () => {
    const jobId = await createJob(ids.other, '2026-11-01', '2026-11-14');
    const results = await Promise.all(
      ['2026-11-10', '2026-11-11', '2026-11-12', '2026-11-13'].map((d) => t.gql('mutation($id:ID!, $d:LocalDate!){ completeJob(id:$id, actualCompletionDate:$d){ id } }', { id: jobId, d }, t.adminToken)),
    );
    expect(results.map(errorCode).sort()).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT', undefined]);
    const audit = await t.sql("select count(*)::int as n from audit_entry where entity_type = 'Job' and action = 'complete' and entity_id = $1", [jobId]);
    expect(audit).toEqual([{ n: 1 }]);
  });

  it('a job completes once: the second time is CONFLICT', async () => {
    const again = await t.gql('mutation($id:ID!){ completeJob(id:$id, actualCompletionDate:"2026-11-01"){ id } }', { id: ids.late }, t.adminToken);
    expect(errorCode(again)).toBe('CONFLICT');
    const stored = await t.sql<{ d: string }>('select actual_completion_date::text as d from job where id = $1', [ids.late]);
    expect(stored[0]!.d).toBe('2026-10-30');
    expect(errorCode(await t.gql('mutation{ completeJob(id:"999999", actualCompletionDate:"2026-11-01"){ id } }', {}, t.adminToken))).toBe('NOT_FOUND');
  });
});

describe('segments', () => {
  it('a dynamic "late jobs" segment has the late job and not the on-time or open one', async () => {
    const created = await admin<{ createSegment: { id: string; rule: unknown; memberIds: string[]; entity: string } }>(
      'mutation($i:CreateSegmentInput!){ createSegment(input:$i){ id entity rule memberIds } }',
      { i: { name: 'Late jobs', entity: 'JOB', rule: { '>': [{ var: 'actualCompletionDate' }, { var: 'expectedCompletionDate' }] } } },
    );
    expect(created.createSegment).toMatchObject({ entity: 'JOB', memberIds: [], rule: { '>': [{ var: 'actualCompletionDate' }, { var: 'expectedCompletionDate' }] } });
    const members = await admin<{ segmentMembers: unknown }>(`query($id:ID!){ segmentMembers(segmentId:$id){ ${MEMBERS} } }`, { id: created.createSegment.id });
    expect(members.segmentMembers).toEqual({ entity: 'JOB', memberIds: [ids.late], jobs: [{ id: ids.late }], customers: [], subscriptions: [], totalCount: 1, pageInfo: { endCursor: expect.any(String), hasNextPage: false } });
  });

  it('previews an unsaved rule a page at a time', async () => {
    type Preview = { previewSegment: { memberIds: string[]; totalCount: number; pageInfo: { endCursor: string; hasNextPage: boolean } } };
    const rule = { and: [{ '>=': [{ var: 'orderDate' }, '2026-10-01'] }, { '<': [{ var: 'orderDate' }, '2026-11-01'] }] };
    const first = await admin<Preview>(`query($r:JSONObject!){ previewSegment(entity:JOB, rule:$r, first:1){ ${MEMBERS} } }`, { r: rule });
    expect(first.previewSegment).toMatchObject({ memberIds: [ids.onTime], totalCount: 2, pageInfo: { hasNextPage: true } });
    const rest = await admin<Preview>(`query($r:JSONObject!, $a:String){ previewSegment(entity:JOB, rule:$r, first:1, after:$a){ ${MEMBERS} } }`, { r: rule, a: first.previewSegment.pageInfo.endCursor });
    expect(rest.previewSegment).toMatchObject({ memberIds: [ids.late], totalCount: 2, pageInfo: { hasNextPage: false } });
    expectBadInput(await t.gql('{ previewSegment(entity:JOB, rule:{ var: "region" }){ totalCount } }', {}, t.adminToken), 'rule');
    expectBadInput(await t.gql('{ previewSegment(entity:JOB, rule:{ var: "orderDate" }, after:"zz"){ totalCount } }', {}, t.adminToken), 'after');
  });

  it('a static customer segment lists its members; it is updated and deleted', async () => {
    const created = await admin<{ createSegment: { id: string; rule: unknown; memberIds: string[] } }>(
      'mutation($i:CreateSegmentInput!){ createSegment(input:$i){ id rule memberIds } }',
      { i: { name: 'VIP', entity: 'CUSTOMER', memberIds: [ids.other, ids.customer, ids.other] } },
    );
    expect(created.createSegment.rule).toBeNull();
    expect(created.createSegment.memberIds).toEqual([ids.customer, ids.other].sort((a, b) => Number(a) - Number(b)));
    const members = await admin<{ segmentMembers: { customers: { name: string }[]; totalCount: number } }>('query($id:ID!){ segmentMembers(segmentId:$id){ customers { name } totalCount } }', { id: created.createSegment.id });
    expect(members.segmentMembers).toEqual({ customers: [{ name: 'Nora North' }, { name: 'Oscar Other' }], totalCount: 2 });
    const updated = await admin<{ updateSegment: { name: string; rule: unknown; memberIds: string[] } }>(
      'mutation($id:ID!, $r:JSONObject){ updateSegment(id:$id, input:{ name:"Attica customers", rule:$r }){ name rule memberIds } }',
      { id: created.createSegment.id, r: { '==': [{ var: 'region' }, 'Attica'] } },
    );
    expect(updated.updateSegment).toEqual({ name: 'Attica customers', rule: { '==': [{ var: 'region' }, 'Attica'] }, memberIds: [] });
    const segments = await admin<{ segments: { name: string }[] }>('{ segments(entity:CUSTOMER){ name } }');
    expect(segments.segments.map((s) => s.name)).toEqual(['Attica customers']);
    expect(await admin('mutation($id:ID!){ deleteSegment(id:$id) }', { id: created.createSegment.id })).toEqual({ deleteSegment: true });
    expect(errorCode(await t.gql('query($id:ID!){ segmentMembers(segmentId:$id){ totalCount } }', { id: created.createSegment.id }, t.adminToken))).toBe('NOT_FOUND');
  });
});

describe('bad input changes nothing', () => {
  const TABLES = ['product_type', 'product_family', 'product', 'customer', 'segment', 'subscription', 'subscription_service', 'job', 'job_line', 'audit_entry'];

  async function counts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const table of TABLES) out[table] = await countRows(t, table);
    return out;
  }

  const product = (over: Record<string, unknown>) => ({ code: 'NEW-1', name: 'New', typeId: ids.serviceType, ...over });
  const subscription = (over: Record<string, unknown>) => ({
    customerId: ids.customer,
    billingFrequency: 'QUARTERLY',
    effectiveDate: '2026-02-01',
    currency: 'EUR',
    services: [{ productId: ids.fibre, price: '10', isMain: true }],
    ...over,
  });
  const job = (over: Record<string, unknown>) => ({ customerId: ids.customer, orderDate: '2026-02-01', expectedCompletionDate: '2026-02-10', currency: 'EUR', lines: [{ productId: ids.install, price: '80' }], ...over });
  const CREATE_PRODUCT = 'mutation($i:CreateProductInput!){ createProduct(input:$i){ id } }';
  const CREATE_CUSTOMER = 'mutation($i:CreateCustomerInput!){ createCustomer(input:$i){ id } }';
  const CREATE_SEGMENT = 'mutation($i:CreateSegmentInput!){ createSegment(input:$i){ id } }';
  const CREATE_SUBSCRIPTION = 'mutation($i:CreateSubscriptionInput!){ createSubscription(input:$i){ id } }';
  const CREATE_JOB = 'mutation($i:CreateJobInput!){ createJob(input:$i){ id } }';
  const cases: [string, string, () => Record<string, unknown>, string][] = [
    ['createProductType: blank name', 'mutation($n:String!){ createProductType(name:$n){ id } }', () => ({ n: '  ' }), 'name'],
    ['createProductType: duplicate name', 'mutation($n:String!){ createProductType(name:$n){ id } }', () => ({ n: 'fees' }), 'name'],
    ['createProductFamily: duplicate name', 'mutation($n:String!){ createProductFamily(name:$n){ id } }', () => ({ n: 'FIBRE BROADBAND' }), 'name'],
    ['createProduct: duplicate code', CREATE_PRODUCT, () => ({ i: product({ code: 'fibre-100' }) }), 'input.code'],
    ['createProduct: blank code', CREATE_PRODUCT, () => ({ i: product({ code: ' ' }) }), 'input.code'],
    ['createProduct: unknown type', CREATE_PRODUCT, () => ({ i: product({ typeId: '999999' }) }), 'input.typeId'],
    ['createProduct: unknown family', CREATE_PRODUCT, () => ({ i: product({ familyId: '999999' }) }), 'input.familyId'],
    ['createProduct: price without currency', CREATE_PRODUCT, () => ({ i: product({ price: '10' }) }), 'input.currency'],
    ['createProduct: currency without price', CREATE_PRODUCT, () => ({ i: product({ currency: 'EUR' }) }), 'input.price'],
    ['createProduct: negative price', CREATE_PRODUCT, () => ({ i: product({ price: '-1', currency: 'EUR' }) }), 'input.price'],
    ['createProduct: bad currency', CREATE_PRODUCT, () => ({ i: product({ price: '1', currency: 'EURO' }) }), 'input.currency'],
    ['updateProduct: unknown type', 'mutation($id:ID!){ updateProduct(id:$id, input:{ typeId:"999999" }){ id } }', () => ({ id: ids.fibre }), 'input.typeId'],
    ['updateProduct: negative price', 'mutation($id:ID!){ updateProduct(id:$id, input:{ price:"-3" }){ id } }', () => ({ id: ids.fibre }), 'input.price'],
    ['createCustomer: blank name', CREATE_CUSTOMER, () => ({ i: { name: '' } }), 'input.name'],
    ['createCustomer: bad e-mail', CREATE_CUSTOMER, () => ({ i: { name: 'X', email: 'not-an-email' } }), 'input.email'],
    ['createCustomer: empty address', CREATE_CUSTOMER, () => ({ i: { name: 'X', addresses: [{ active: true }] } }), 'input.addresses.0'],
    ['updateCustomer: bad e-mail', 'mutation($id:ID!){ updateCustomer(id:$id, input:{ email:"nope" }){ id } }', () => ({ id: ids.customer }), 'input.email'],
    ['setCustomerBlacklisted: no reason', 'mutation($id:ID!){ setCustomerBlacklisted(customerId:$id, blacklisted:true){ id } }', () => ({ id: ids.customer }), 'reason'],
    ['setCustomerBlacklisted: blank reason', 'mutation($id:ID!){ setCustomerBlacklisted(customerId:$id, blacklisted:true, reason:"  "){ id } }', () => ({ id: ids.customer }), 'reason'],
    ['createSegment: blank name', CREATE_SEGMENT, () => ({ i: { name: '', entity: 'JOB' } }), 'input.name'],
    ['createSegment: unknown fact', CREATE_SEGMENT, () => ({ i: { name: 'S', entity: 'JOB', rule: { '==': [{ var: 'region' }, 'x'] } } }), 'input.rule'],
    ['createSegment: unknown operator', CREATE_SEGMENT, () => ({ i: { name: 'S', entity: 'CUSTOMER', rule: { regex: [{ var: 'name' }, 'x'] } } }), 'input.rule'],
    ['createSegment: rule and members', CREATE_SEGMENT, () => ({ i: { name: 'S', entity: 'JOB', rule: { var: 'orderDate' }, memberIds: [ids.late] } }), 'input.memberIds'],
    ['createSegment: unknown member', CREATE_SEGMENT, () => ({ i: { name: 'S', entity: 'CUSTOMER', memberIds: [ids.customer, '999999'] } }), 'input.memberIds.1'],
    ['createSegment: malformed member id', CREATE_SEGMENT, () => ({ i: { name: 'S', entity: 'JOB', memberIds: [ids.late, 'abc'] } }), 'input.memberIds.1'],
    ['createSegment: member of another kind', CREATE_SEGMENT, () => ({ i: { name: 'S', entity: 'SUBSCRIPTION', memberIds: ['999998'] } }), 'input.memberIds.0'],
    ['updateSegment: bad rule', 'mutation($id:ID!){ updateSegment(id:$id, input:{ rule:{ var: "nope" } }){ id } }', () => ({ id: ids.lateSegment }), 'input.rule'],
    ['createSubscription: unknown customer', CREATE_SUBSCRIPTION, () => ({ i: subscription({ customerId: '999999' }) }), 'input.customerId'],
    ['createSubscription: bad currency', CREATE_SUBSCRIPTION, () => ({ i: subscription({ currency: 'XX' }) }), 'input.currency'],
    ['createSubscription: no main service', CREATE_SUBSCRIPTION, () => ({ i: subscription({ services: [{ productId: ids.fibre, price: '10', isMain: false }] }) }), 'input.services'],
    ['createSubscription: two main services', CREATE_SUBSCRIPTION, () => ({ i: subscription({ services: [{ productId: ids.fibre, price: '10', isMain: true }, { productId: ids.staticIp, price: '1', isMain: true }] }) }), 'input.services'],
    ['createSubscription: negative price', CREATE_SUBSCRIPTION, () => ({ i: subscription({ services: [{ productId: ids.fibre, price: '-10', isMain: true }] }) }), 'input.services.0.price'],
    ['createSubscription: unknown product', CREATE_SUBSCRIPTION, () => ({ i: subscription({ services: [{ productId: ids.fibre, price: '10', isMain: true }, { productId: '999999', price: '1', isMain: false }] }) }), 'input.services.1.productId'],
    ['createJob: expected before order', CREATE_JOB, () => ({ i: job({ expectedCompletionDate: '2026-01-31' }) }), 'input.expectedCompletionDate'],
    ['createJob: no lines', CREATE_JOB, () => ({ i: job({ lines: [] }) }), 'input.lines'],
    ['createJob: negative line price', CREATE_JOB, () => ({ i: job({ lines: [{ productId: ids.install, price: '-80' }] }) }), 'input.lines.0.price'],
    ['createJob: unknown product', CREATE_JOB, () => ({ i: job({ lines: [{ productId: '999999', price: '80' }] }) }), 'input.lines.0.productId'],
    ['createJob: unknown customer', CREATE_JOB, () => ({ i: job({ customerId: '999999' }) }), 'input.customerId'],
    ['completeJob: before the order date', 'mutation($id:ID!){ completeJob(id:$id, actualCompletionDate:"2026-11-01"){ id } }', () => ({ id: ids.open }), 'actualCompletionDate'],
  ];

  beforeAll(async () => {
    ids.lateSegment = (await admin<{ segments: { id: string; name: string }[] }>('{ segments { id name } }')).segments.find((s) => s.name === 'Late jobs')!.id;
  });

  it.each(cases)('%s → BAD_USER_INPUT on the field', async (_name, mutation, variables, field) => {
    const before = await counts();
    const segmentBefore = await t.sql('select name, rule, member_ids from segment order by id');
    const productBefore = await t.sql('select code, name, price, currency, type_id from product order by id');
    const customerBefore = await t.sql('select email, blacklisted, blacklist_reason from customer order by id');
    expectBadInput(await t.gql(mutation, variables(), t.adminToken), field);
    expect(await counts()).toEqual(before);
    expect(await t.sql('select name, rule, member_ids from segment order by id')).toEqual(segmentBefore);
    expect(await t.sql('select code, name, price, currency, type_id from product order by id')).toEqual(productBefore);
    expect(await t.sql('select email, blacklisted, blacklist_reason from customer order by id')).toEqual(customerBefore);
  });

  it('a malformed LocalDate or Decimal is refused before any resolver runs', async () => {
    const before = await counts();
    expect(errorCode(await t.gql(CREATE_JOB, { i: job({ orderDate: '2026-02-30' }) }, t.adminToken))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(CREATE_PRODUCT, { i: product({ price: 'ten', currency: 'EUR' }) }, t.adminToken))).toBe('BAD_USER_INPUT');
    expect(await counts()).toEqual(before);
  });
});

describe('access', () => {
  let agent: string;
  let marketing: string;
  beforeAll(async () => {
    const f = fixtures(t);
    const group = await f.group('Customer Care');
    agent = (await f.user('agent.catalogue@example.com', ['AGENT'], group)).token;
    marketing = (await f.user('marketing.catalogue@example.com', ['MARKETING_MANAGER'], group)).token;
  });

  it('unauthenticated callers are refused', async () => {
    for (const query of ['{ products { id } }', '{ customers { totalCount } }', '{ segments { id } }', 'mutation{ createProductType(name:"X"){ id } }']) {
      expect(errorCode(await t.gql(query))).toBe('UNAUTHENTICATED');
    }
  });

  it('an agent reads reference data but may not create it', async () => {
    const read = await t.ok<{ products: unknown[]; customers: { totalCount: number } }>('{ products { id } customers { totalCount } }', {}, agent);
    expect(read.products.length).toBe(4);
    const before = await countRows(t, 'product');
    const refused = await t.gql('mutation($i:CreateProductInput!){ createProduct(input:$i){ id } }', { i: { code: 'AGENT-1', name: 'Agent product', typeId: ids.serviceType } }, agent);
    expect(errorCode(refused)).toBe('FORBIDDEN');
    expect(await countRows(t, 'product')).toBe(before);
    expect(errorCode(await t.gql('mutation{ createSegment(input:{ name:"A", entity:CUSTOMER }){ id } }', {}, agent))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql('mutation($id:ID!){ setCustomerBlacklisted(customerId:$id, blacklisted:true, reason:"x"){ id } }', { id: ids.customer }, agent))).toBe('FORBIDDEN');
  });

  it('a marketing manager maintains segments and blacklists, but not products', async () => {
    const created = await t.ok<{ createSegment: { id: string } }>('mutation{ createSegment(input:{ name:"Marketing static", entity:CUSTOMER }){ id } }', {}, marketing);
    expect(created.createSegment.id).toMatch(/^\d+$/);
    const blacklisted = await t.ok<{ setCustomerBlacklisted: { blacklisted: boolean } }>(
      'mutation($id:ID!){ setCustomerBlacklisted(customerId:$id, blacklisted:true, reason:"bursts of failed codes"){ blacklisted } }',
      { id: ids.customer },
      marketing,
    );
    expect(blacklisted.setCustomerBlacklisted.blacklisted).toBe(true);
    expect(errorCode(await t.gql('mutation{ createProductType(name:"Marketing type"){ id } }', {}, marketing))).toBe('FORBIDDEN');
  });
});

describe('audit', () => {
  it('every change of the module is in the audit trail', async () => {
    const rows = await t.sql<{ action: string; entity_type: string }>('select distinct action, entity_type from audit_entry order by entity_type, action');
    const seen = rows.map((r) => `${r.entity_type}:${r.action}`);
    for (const expected of [
      'ProductType:create',
      'ProductFamily:create',
      'Product:create',
      'Product:update',
      'Customer:create',
      'Customer:update',
      'Customer:blacklist',
      'Customer:unblacklist',
      'Segment:create',
      'Segment:update',
      'Segment:delete',
      'Subscription:create',
      'Job:create',
      'Job:complete',
    ]) {
      expect(seen).toContain(expected);
    }
    const job = await t.sql<{ before: { actualCompletionDate: string | null }; after: { actualCompletionDate: string } }>(
      "select before, after from audit_entry where entity_type = 'Job' and action = 'complete' and entity_id = $1",
      [ids.late],
    );
    expect(job).toEqual([{ before: expect.objectContaining({ actualCompletionDate: null }), after: expect.objectContaining({ actualCompletionDate: '2026-10-30' }) }]);
  });
});
