// Issue 11 §5 / issue 12 §5: bad input is never a 5xx, query shapes are counted through fragments,
// every /api and body-parser failure answers JSON, the admin gets security headers, CSV cells cannot
// carry spreadsheet formulas.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUERY_LIMITS } from '../src/graphql/limits.js';
import { INPUT_LIMITS } from '../src/graphql/input-limits.js';
import { translateError } from '../src/http/format-error.js';
import { neutraliseFormula } from '../src/modules/campaigns/csv-http.js';
import { campaignFixtures } from './campaigns-fixtures.js';
import { fixtures } from './fixtures.js';
import { errorCode, startTestApp, type GraphQLResponse, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.stop());

/** A raw POST /graphql: status and parsed JSON body. */
async function post(body: unknown, token: string | undefined = t.adminToken, headers: Record<string, string> = {}) {
  const response = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', json: JSON.parse(text) as GraphQLResponse & { error?: { code: string; message: string } } };
}

const LOGIN = (alias: string) => `${alias}: login(email: "nobody@example.com", password: "wrong-password") { token }`;

describe('query shape through fragments', () => {
  it('runs a mutation once per operation, also when the copies hide in inline or named fragments', async () => {
    const inline = await post({ query: `mutation { ...on Mutation { ${LOGIN('a')} } ...on Mutation { ${LOGIN('b')} } }` }, undefined);
    expect(inline.status).toBe(400);
    expect(errorCode(inline.json)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(inline.json.errors?.[0]?.message).toMatch(/login may appear once per operation/);

    const named = await post({ query: `mutation { ...A ...B } fragment A on Mutation { ${LOGIN('a')} } fragment B on Mutation { ...C } fragment C on Mutation { ${LOGIN('c')} }` }, undefined);
    expect(named.status).toBe(400);
    expect(named.json.errors?.[0]?.message).toMatch(/once per operation/);
  });

  it('counts root fields through fragments', async () => {
    const fields = Array.from({ length: QUERY_LIMITS.maxRootFields + 1 }, (_, i) => `f${i}: me { id }`);
    const split = await post({ query: `{ ...on Query { ${fields.slice(0, 5).join(' ')} } ...Rest } fragment Rest on Query { ${fields.slice(5).join(' ')} }` });
    expect(split.status).toBe(400);
    expect(split.json.errors?.map((e) => e.message).join(' ')).toMatch(/at most 10 root fields/);
    const ten = await post({ query: `{ ...on Query { ${fields.slice(0, 5).join(' ')} } ...Rest } fragment Rest on Query { ${fields.slice(5, 10).join(' ')} }` });
    expect(ten.status).toBe(200);
    expect(ten.json.errors).toBeUndefined();
  });

  it('counts aliases and depth through fragments', async () => {
    const aliases = Array.from({ length: QUERY_LIMITS.maxAliases + 1 }, (_, i) => `a${i}: id`);
    const manyAliases = await post({ query: `{ me { ...A ...on User { ${aliases.slice(10).join(' ')} } } } fragment A on User { ${aliases.slice(0, 10).join(' ')} }` });
    expect(manyAliases.status).toBe(400);
    expect(manyAliases.json.errors?.[0]?.message).toMatch(/Aliases limit of 20 exceeded/);

    // groups { ...G } where G nests collaboratingGroups through fragments: 11 levels of fields.
    let fragments = 'fragment L0 on Group { id }';
    for (let i = 1; i < QUERY_LIMITS.maxDepth; i += 1) fragments += ` fragment L${i} on Group { collaboratingGroups { ...L${i - 1} } }`;
    const deep = await post({ query: `{ groups { ...L${QUERY_LIMITS.maxDepth - 1} } } ${fragments}` });
    expect(deep.status).toBe(400);
    expect(deep.json.errors?.[0]?.message).toMatch(/depth limit of 10 exceeded/);
    const fits = await post({ query: `{ groups { ...L${QUERY_LIMITS.maxDepth - 2} } } ${fragments.replace(/ fragment L9 on Group \{[^}]*\} \}/, '')}` });
    expect(fits.json.errors?.[0]?.message ?? '').not.toMatch(/depth/);
  });

  it('refuses cyclic fragments as a validation error, not a crash', async () => {
    const cycle = await post({ query: '{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }' });
    expect(cycle.status).toBe(400);
    expect(errorCode(cycle.json)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(cycle.json.errors?.map((e) => e.message).join(' ')).toMatch(/Cannot spread fragment "A" within itself/);
    const withFields = await post({ query: '{ groups { ...G } } fragment G on Group { id collaboratingGroups { ...G } }' });
    expect(withFields.status).toBe(400);
    expect(errorCode(withFields.json)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses subscriptions (the API has none) as a validation error, not an unexpected one', async () => {
    const subscription = await post({ query: 'subscription { me { id } }' });
    expect(subscription.status).toBe(400);
    expect(errorCode(subscription.json)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses a huge document before parsing and a long one at the token limit, both 400', async () => {
    const huge = await post({ query: `{ ${'__typename '.repeat(170_000)}}` });
    expect(huge.status).toBe(400);
    expect(errorCode(huge.json)).toBe('BAD_USER_INPUT');
    expect(huge.json.errors?.[0]?.message).toMatch(/at most 100000 characters/);

    const tokens = await post({ query: `{ ${'__typename '.repeat(QUERY_LIMITS.maxTokens)}}` });
    expect(tokens.status).toBe(400);
    expect(errorCode(tokens.json)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(tokens.json.errors?.[0]?.message).toMatch(/Document contains more th\w+ 5000 tokens/);

    const nested = await post({ query: `${'{ me '.repeat(2000)}${'}'.repeat(2000)}` });
    expect(nested.status).toBe(400);
    // Still answering.
    expect((await t.ok<{ me: { id: string } }>('{ me { id } }', {}, t.adminToken)).me.id).toBeTruthy();
  });
});

describe('bad input never reaches the database', () => {
  it('refuses NUL bytes and lone surrogates in any string, naming the argument path', async () => {
    const nul = await t.gql('mutation($i:CreateGroupInput!){ createGroup(input:$i){ id } }', { i: { name: 'a\u0000b' } }, t.adminToken);
    expect(errorCode(nul)).toBe('BAD_USER_INPUT');
    expect(nul.errors?.[0]?.extensions?.field).toBe('input.name');
    const surrogate = await t.gql('mutation($i:CreateGroupInput!){ createGroup(input:$i){ id } }', { i: { name: 'x\uD800y' } }, t.adminToken);
    expect(errorCode(surrogate)).toBe('BAD_USER_INPUT');
    expect(surrogate.errors?.[0]?.extensions?.field).toBe('input.name');
    const literal = await t.gql('mutation { createProductType(name: "a\\u0000") { id } }', {}, t.adminToken);
    expect(errorCode(literal)).toBe('BAD_USER_INPUT');
    expect(literal.errors?.[0]?.extensions?.field).toBe('name');
    // A pair is fine.
    const emoji = await t.gql('mutation($n:String!){ createProductType(name:$n){ name } }', { n: 'Gift 🎁' }, t.adminToken);
    expect(emoji.errors).toBeUndefined();
  });

  it('bounds every string (names by their column, free text at 10,000 characters)', async () => {
    const longName = await t.gql('mutation($n:String!){ createProductType(name:$n){ id } }', { n: 'x'.repeat(256) }, t.adminToken);
    expect(errorCode(longName)).toBe('BAD_USER_INPUT');
    expect(longName.errors?.[0]?.extensions?.field).toBe('name');
    const stacking = await t.gql('mutation($i:UpdateCampaignInput!){ updateCampaign(id:"1", input:$i){ id } }', { i: { stackingGroup: 'g'.repeat(100_000) } }, t.adminToken);
    expect(errorCode(stacking)).toBe('BAD_USER_INPUT');
    expect(stacking.errors?.[0]?.extensions?.field).toBe('input.stackingGroup');
    const free = await t.gql('mutation($i:CreateCustomerInput!){ createCustomer(input:$i){ id } }', { i: { name: 'Ann', region: 'r'.repeat(INPUT_LIMITS.maxStringLength + 1) } }, t.adminToken);
    expect(errorCode(free)).toBe('BAD_USER_INPUT');
    expect(free.errors?.[0]?.extensions?.field).toBe('input.region');
  });

  it('refuses dates outside the years 1–9999 and decimals beyond numeric(19,4)', async () => {
    const birthday = await t.gql('mutation($i:CreateCustomerInput!){ createCustomer(input:$i){ id } }', { i: { name: 'Ann', birthday: '0000-01-01' } }, t.adminToken);
    expect(errorCode(birthday)).toBe('BAD_USER_INPUT');
    expect(birthday.errors?.[0]?.extensions?.field).toBe('i.birthday');
    const instant = await t.gql('mutation($i:CreateCustomerInput!){ createCustomer(input:$i){ id } }', { i: { name: 'Ann', signedUpAt: '0000-06-01T00:00:00Z' } }, t.adminToken);
    expect(errorCode(instant)).toBe('BAD_USER_INPUT');
    const literalInstant = await t.gql('mutation { createCustomer(input: { name: "Ann", signedUpAt: "9999-12-31T23:00:00-05:00" }) { id } }', {}, t.adminToken);
    expect(literalInstant.errors?.length).toBeGreaterThan(0);
    expect(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']).toContain(errorCode(literalInstant));

    const typeId = (await t.ok<{ createProductType: { id: string } }>('mutation { createProductType(name: "Budget probe") { id } }', {}, t.adminToken)).createProductType.id;
    for (const price of [1e30, '1e30', '1000000000000000000000000000000', '1000000000000000']) {
      const result = await t.gql('mutation($i:CreateProductInput!){ createProduct(input:$i){ id } }', { i: { code: `P${String(price).length}`, name: 'Probe', typeId, price, currency: 'EUR' } }, t.adminToken);
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.extensions?.field).toBe('i.price');
    }
    const fits = await t.gql('mutation($i:CreateProductInput!){ createProduct(input:$i){ price { amount } } }', { i: { code: 'PMAX', name: 'Probe', typeId, price: '999999999999999.99', currency: 'EUR' } }, t.adminToken);
    expect(fits.errors).toBeUndefined();
    expect(JSON.stringify(fits.data)).toContain('999999999999999.99');
  });

  it('checks every id argument at the boundary', async () => {
    const products = await t.gql('{ products(typeId: "NaN") { id } }', {}, t.adminToken);
    expect(errorCode(products)).toBe('BAD_USER_INPUT');
    expect(products.errors?.[0]?.extensions?.field).toBe('typeId');
    const nested = await t.gql('mutation($i:CreateProductInput!){ createProduct(input:$i){ id } }', { i: { code: 'X', name: 'X', typeId: '1e5' } }, t.adminToken);
    expect(nested.errors?.[0]?.extensions?.field).toBe('input.typeId');
    const list = await t.gql('mutation { setCollaboratingGroups(groupId: "1", collaboratingGroupIds: ["2", "-3"]) { id } }', {}, t.adminToken);
    expect(list.errors?.[0]?.extensions?.field).toBe('collaboratingGroupIds.1');
    const huge = await t.gql('{ campaign(id: "99999999999999999999") { id } }', {}, t.adminToken);
    expect(errorCode(huge)).toBe('BAD_USER_INPUT');
  });

  it('takes IANA time zone names only', async () => {
    const f = fixtures(t);
    const group = await f.group('Zones');
    for (const timezone of ['UTC+99', 'local', 'system', '+05:00', 'Mars/Olympus']) {
      const result = await t.gql('mutation($i:CreateUnitInput!){ createUnit(input:$i){ id } }', { i: { name: `Unit ${timezone}`, groupId: group, timezone } }, t.adminToken);
      expect(errorCode(result), timezone).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.extensions?.field).toBe('input.timezone');
    }
    expect(await f.unit('Athens store', group, 'Europe/Athens')).toMatch(/^\d+$/);
  });

  it('bounds JSON arguments in depth, so a deep rule cannot overflow a stack', async () => {
    const rule = `${'{"and":['.repeat(3000)}{"==":[1,1]}${']}'.repeat(3000)}`;
    const body = `{"query":"query($r:JSONObject!){ previewSegment(entity: CUSTOMER, rule: $r) { totalCount } }","variables":{"r":${rule}}}`;
    const result = await post(body);
    expect(result.status).toBe(200);
    expect(errorCode(result.json)).toBe('BAD_USER_INPUT');
    expect(result.json.errors?.[0]?.extensions?.field).toBe('rule');
  });

  it('answers a persisted-query hash mismatch with 400 BAD_USER_INPUT', async () => {
    const mismatch = await post({ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } });
    expect(mismatch.status).toBe(400);
    expect(errorCode(mismatch.json)).toBe('BAD_USER_INPUT');
  });

  it('maps PostgreSQL data exceptions (SQLSTATE class 22) that still arrive to BAD_USER_INPUT', () => {
    for (const code of ['22P05', '22021', '22003', '22007', '22008', '22001', '22P02']) {
      expect(translateError(Object.assign(new Error('driver'), { code }))?.code).toBe('BAD_USER_INPUT');
    }
    expect(translateError(Object.assign(new Error('driver'), { code: '40001' }))).toBeUndefined();
  });
});

describe('HTTP hygiene', () => {
  it('answers body-parser failures, wrong content types and unknown /api routes as JSON', async () => {
    const malformed = await post('{"query": "{ me { id } }"', undefined);
    expect(malformed.status).toBe(400);
    expect(malformed.contentType).toMatch(/json/);
    expect(errorCode(malformed.json)).toBe('BAD_USER_INPUT');

    const tooLarge = await post({ query: '{ __typename }', variables: { x: 'y'.repeat(3_000_000) } }, undefined);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.contentType).toMatch(/json/);

    const text = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{ me { id } }' });
    expect(text.status).toBe(415);
    expect(text.headers.get('content-type')).toMatch(/json/);

    const unknown = await fetch(`${t.url}/api/nothing/here`, { headers: { authorization: `Bearer ${t.adminToken}` } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'No route GET /api/nothing/here' } });

    const badJsonOnApi = await fetch(`${t.url}/api/campaigns/x/codes/import`, { method: 'POST', headers: { authorization: `Bearer ${t.adminToken}`, 'content-type': 'text/csv' }, body: 'code\nA' });
    expect(badJsonOnApi.status).toBe(400);
    expect(((await badJsonOnApi.json()) as { error: { field: string } }).error.field).toBe('campaignId');
  });

  it('sends security headers on the admin and the API', async () => {
    const index = await fetch(`${t.url}/`);
    const csp = index.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).toMatch(/script-src 'self'/);
    expect(index.headers.get('x-frame-options')).toBe('DENY');
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    expect(index.headers.get('referrer-policy')).toBe('no-referrer');
    const api = await post({ query: '{ __typename }' });
    expect(api.status).toBe(200);
    const headers = await fetch(`${t.url}/healthz`);
    expect(headers.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('caches hashed assets for a year and revalidates index.html', async () => {
    const index = await fetch(`${t.url}/campaigns`);
    if (!index.ok) return; // the admin app is not built in this checkout
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const html = await index.text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeTruthy();
    const js = await fetch(`${t.url}${asset}`);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const missing = await fetch(`${t.url}/assets/does-not-exist.js`);
    expect(missing.status).toBe(404);
  });
});

describe('CSV exports', () => {
  it('escapes formula-leading cells and keeps plain negative amounts numeric', () => {
    expect(neutraliseFormula('=HYPERLINK("http://x","y")')).toBe(`'=HYPERLINK("http://x","y")`);
    for (const cell of ['+1+1', '-1+1', '@SUM(A1)', '\tx', '\rx', '-A']) expect(neutraliseFormula(cell)).toBe(`'${cell}`);
    for (const cell of ['-5000.00', '-3', '12.50', 'Store Central', '', 42, null]) expect(neutraliseFormula(cell)).toBe(cell);
  });

  it('escapes them in a real export', async () => {
    const f = fixtures(t);
    const group = await f.group('=HYPERLINK("http://evil.example","x")');
    await f.unit('@Store', group);
    const response = await fetch(`${t.url}/api/vouchers/settlement.csv?groupId=${group}&from=2026-01-01&to=2026-01-31`, { headers: { authorization: `Bearer ${t.adminToken}` } });
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(body).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });
});

describe('CSV exports streamed by COPY', () => {
  it('escape formula-leading cells too', async () => {
    const { campaign, codes } = await campaignFixtures(t).activeCampaignWithCodes({}, 2);
    // Codes are upper-case letters and digits through the API; a tampered row stands in for any text a future column carries.
    await t.sql('update code set code = $1 where code = $2', ['=HYPERLINK("http://evil.example")', codes[0]]);
    await t.sql('update code set code = $1 where code = $2', ['-12.50', codes[1]]);
    const response = await fetch(`${t.url}/api/campaigns/${campaign.id}/codes.csv`, { headers: { authorization: `Bearer ${t.adminToken}` } });
    expect(response.status).toBe(200);
    const lines = (await response.text()).trim().split('\n');
    expect(lines[0]).toMatch(/^code,state,customer_id/);
    expect(lines).toContainEqual(expect.stringMatching(/^"'=HYPERLINK\(""http:\/\/evil.example""\)",ACTIVE,/));
    expect(lines).toContainEqual(expect.stringMatching(/^-12.50,ACTIVE,/));
  });
});

describe('production', () => {
  let prod: TestApp;
  beforeAll(async () => {
    prod = await startTestApp({ production: true });
  });
  afterAll(async () => prod?.stop());

  it('does not serve source maps and masks nothing that is bad input', async () => {
    const index = await fetch(`${prod.url}/`);
    if (index.ok) {
      const asset = /src="(\/assets\/[^"]+\.js)"/.exec(await index.text())?.[1];
      const map = await fetch(`${prod.url}${asset}.map`);
      expect(map.status).toBe(404);
    }
    const nul = await prod.gql('mutation($i:CreateGroupInput!){ createGroup(input:$i){ id } }', { i: { name: '\u0000' } }, prod.adminToken);
    expect(errorCode(nul)).toBe('BAD_USER_INPUT');
    const cycle = await fetch(`${prod.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ ...A } fragment A on Query { ...A }' }) });
    expect(cycle.status).toBe(400);
  });
});
