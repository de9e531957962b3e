import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUERY_LIMITS } from '../src/graphql/limits.js';
import { errorCode, startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.stop());

describe('query limits (SPEC §10)', () => {
  it('refuses operations nested deeper than the limit', async () => {
    let selection = 'id';
    for (let i = 0; i < QUERY_LIMITS.maxDepth; i += 1) selection = `collaboratingGroups { ${selection} }`;
    const result = await t.gql(`{ groups { ${selection} } }`, {}, t.adminToken);
    expect(result.errors?.[0]?.message).toMatch(/depth/i);
  });

  it('caps aliases, root fields, and lets a mutation appear once per operation', async () => {
    const aliases = Array.from({ length: QUERY_LIMITS.maxAliases + 1 }, (_, i) => `a${i}: me { id }`).join(' ');
    expect(errorCode(await t.gql(`{ ${aliases} }`, {}, t.adminToken))).toBe('GRAPHQL_VALIDATION_FAILED');
    const twice = 'mutation { a: login(email:"admin@example.com", password:"x") { token } b: login(email:"admin@example.com", password:"y") { token } }';
    const result = await t.gql(twice);
    expect(errorCode(result)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.errors?.[0]?.message).toMatch(/once per operation/);
    expect(result.data ?? null).toBeNull();
  });

  it('counts through fragments: a mutation hidden in two fragments, root fields split over fragments', async () => {
    const login = (alias: string) => `${alias}: login(email:"admin@example.com", password:"x") { token }`;
    const hidden = await t.gql(`mutation { ...on Mutation { ${login('a')} } ...M } fragment M on Mutation { ${login('b')} }`);
    expect(errorCode(hidden)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(hidden.errors?.[0]?.message).toMatch(/once per operation/);
    const roots = Array.from({ length: QUERY_LIMITS.maxRootFields + 1 }, (_, i) => `r${i}: me { id }`);
    const split = await t.gql(`{ ...F ${roots.slice(6).join(' ')} } fragment F on Query { ${roots.slice(0, 6).join(' ')} }`, {}, t.adminToken);
    expect(errorCode(split)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses an operation above the complexity limit with HTTP 400, not 500', async () => {
    const response = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.adminToken}` },
      body: JSON.stringify({ query: 'query($n:Int){ redemptions(first:$n) { __typename } }', variables: { n: 2147483647 } }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).toMatch(/too complex/);
  });

  it('refuses HTTP batches', async () => {
    const response = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.adminToken}` },
      body: JSON.stringify([{ query: '{ me { id } }' }, { query: '{ me { id } }' }]),
    });
    expect(response.status).toBe(400);
  });

  it('caps page sizes', async () => {
    expect(errorCode(await t.gql('{ auditLog(first: 500) { totalCount } }', {}, t.adminToken))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql('{ auditLog(first: 0) { totalCount } }', {}, t.adminToken))).toBe('BAD_USER_INPUT');
  });
});

describe('production mode', () => {
  let prod: TestApp;
  beforeAll(async () => {
    prod = await startTestApp({ production: true });
  });
  afterAll(async () => prod?.stop());

  it('turns introspection, field suggestions and stack traces off', async () => {
    const introspection = await prod.gql('{ __schema { types { name } } }', {}, prod.adminToken);
    expect(introspection.errors?.[0]?.message).toMatch(/introspection/i);
    const typo = await prod.gql('{ mee { id } }', {}, prod.adminToken);
    expect(typo.errors?.[0]?.message).not.toMatch(/Did you mean/);
    const bad = await prod.gql('mutation { createGroup(input: { name: "" }) { id } }', {}, prod.adminToken);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.extensions?.stacktrace).toBeUndefined();
  });
});
