#!/usr/bin/env node
// Fuzzes a running Perkflow API with malformed requests and fails on any 5xx or a crashed server
// (issue 11 §7, issue 12 §6; figures in docs/SECURITY.md "Input limits and hardening").
//
//   node tools/fuzz-api.mjs --url http://127.0.0.1:4000 [--token <bearer> | --email admin@example.com --password …]
//                           [--count 10000] [--seed 1] [--concurrency 4] [--skip updateUser,revokeApiKey]
//                           [--schema apps/api/schema.graphql] [--verbose]
//
// What it sends (seeded, so a run can be repeated): random JSON bodies; the schema's real operations
// (from introspection, which is on outside production; else from the SDL file --schema, by default the
// committed apps/api/schema.graphql; else a built-in list) called with variables of
// the wrong types, oversized strings, NUL bytes and lone surrogates, bad ids, dates and decimals out of
// range, deep JSON; deep, wide, cyclic and over-long documents; malformed JSON; wrong content types and
// methods; the /api CSV routes with bad parameters. It prints the count of answers by HTTP status and
// error code, and exits 1 on any 5xx, any INTERNAL_SERVER_ERROR (a masked failure, even with HTTP 200),
// any connection error outside an over-sized upload, or when /healthz does not answer 200 afterwards.
//
// It calls mutations with whatever the token may do: run it against a test or staging instance, never
// production data. Mutations that could lock the fuzzing user out are skipped (--skip).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';

const DEFAULT_SCHEMA = fileURLToPath(new URL('../apps/api/schema.graphql', import.meta.url));
const DEFAULT_SKIP = ['updateUser', 'revokeApiKey', 'changePassword', 'changeMyPassword', 'signOutEverywhere', 'deactivateUser', 'endSessions'];

/** mulberry32: a small seeded PRNG. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INTROSPECTION = `query Fuzz { __schema { queryType { name } mutationType { name } types { kind name
  fields { name args { name type { ...T } } type { ...T } }
  inputFields { name type { ...T } } enumValues { name } } } }
  fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }`;

/** Operations used when introspection is off (production). */
const FALLBACK_OPERATIONS = [
  { kind: 'query', name: 'me', args: [], composite: true },
  { kind: 'query', name: 'campaign', args: [{ name: 'id', type: { kind: 'NON_NULL', ofType: { kind: 'SCALAR', name: 'ID' } } }], composite: true },
  { kind: 'query', name: 'products', args: [{ name: 'typeId', type: { kind: 'SCALAR', name: 'ID' } }], composite: true },
  { kind: 'mutation', name: 'createGroup', args: [{ name: 'input', type: { kind: 'NON_NULL', ofType: { kind: 'INPUT_OBJECT', name: 'CreateGroupInput' } } }], composite: true },
  { kind: 'mutation', name: 'login', args: [{ name: 'email', type: { kind: 'NON_NULL', ofType: { kind: 'SCALAR', name: 'String' } } }, { name: 'password', type: { kind: 'NON_NULL', ofType: { kind: 'SCALAR', name: 'String' } } }], composite: true },
];
const FALLBACK_INPUTS = { CreateGroupInput: { kind: 'INPUT_OBJECT', name: 'CreateGroupInput', inputFields: [{ name: 'name', type: { kind: 'NON_NULL', ofType: { kind: 'SCALAR', name: 'String' } } }] } };

export function createFuzzer(seed) {
  const random = prng(seed);
  const int = (n) => Math.floor(random() * n);
  const pick = (list) => list[int(list.length)];
  const chance = (p) => random() < p;

  const asciiWord = () => Array.from({ length: 1 + int(12) }, () => String.fromCharCode(32 + int(95))).join('');
  const strings = () => pick([
    '', 'a', asciiWord(), asciiWord(), '\u0000', `a\u0000b`, '\uD800', `x\uDFFFy`, '😀 gift', 'x'.repeat(256), 'x'.repeat(10_001),
    chance(0.1) ? 'y'.repeat(200_000) : 'z'.repeat(1000), '=1+1', '@SUM(A1)', "'; drop table app_user; --", '%_%', '\\', 'UTC+99', 'Europe/Athens',
    'admin@example.com', '12', '-1', 'null', '{"a":1}', '\u202e\u200b', 'ǅ\u0301', '\n\r\t',
  ]);
  const ids = () => pick(['1', '2', '3', '0', '-1', 'abc', 'NaN', '1e5', '99999999999999999999', '', ' 1', '1.5', '\u0000', 'x'.repeat(300), 2 ** 53 + 1, 7, true, null]);
  const ints = () => pick([0, 1, -1, 2, 50, 200, 201, 2147483647, -2147483648, 2147483648, 1.5, '1', 1e20, null, true]);
  const floats = () => pick([0, -0.5, 1e308, -1e308, 3.14, '1.5', null]);
  const decimals = () => pick(['20.00', '-5', '0', '1e30', 1e30, '1'.repeat(40), `0.${'1'.repeat(30)}`, 'abc', 12.5, '999999999999999.9999', '-999999999999999999', ' 1 ', '']);
  const dates = () => pick(['2026-02-30', '0000-01-01', '9999-12-31', '10000-01-01', '2026-1-1', 'x', 20260101, '2026-12-07', '-001000-01-01']);
  const instants = () => pick(['0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '9999-12-31T23:00:00-05:00', '2026-01-01T00:00:00+14:00', 'nope', 0, '+275760-09-13T00:00:00Z', '2026-12-07T10:00:00Z']);
  const deepJson = (depth) => {
    let value = { '==': [1, 1] };
    for (let i = 0; i < depth; i += 1) value = pick([{ and: [value] }, { or: [value, value] }, { '!': value }]);
    return value;
  };
  const jsons = () => pick([
    {}, { '==': [{ var: 'region' }, 'North'] }, deepJson(40), deepJson(1 + int(20)), { '\u0000': 1 }, { a: '\u0000' }, [1, 2], 'text', 1,
    { reduce: [{ var: 'x' }, { '+': [{ var: 'current' }, { var: 'accumulator' }] }, 0] }, { merge: Array.from({ length: 100 }, () => [1, 2, 3]) },
    Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, i])), { kind: 'FIXED', amount: '1e30' },
  ]);
  const anyValue = (depth = 0) => {
    if (depth > 3) return pick([null, 1, 'x', true]);
    switch (int(7)) {
      case 0: return null;
      case 1: return ints();
      case 2: return strings();
      case 3: return chance(0.5);
      case 4: return Array.from({ length: int(4) }, () => anyValue(depth + 1));
      case 5: return Object.fromEntries(Array.from({ length: int(4) }, () => [asciiWord(), anyValue(depth + 1)]));
      default: return floats();
    }
  };

  /** A value for a GraphQL type reference: mostly the right shape with hostile contents, sometimes the wrong shape. */
  function valueFor(type, types, depth = 0) {
    if (chance(0.12) || depth > 6) return anyValue(2);
    if (type.kind === 'NON_NULL') return chance(0.05) ? null : valueFor(type.ofType, types, depth);
    if (type.kind === 'LIST') return chance(0.1) ? valueFor(type.ofType, types, depth + 1) : Array.from({ length: int(4) }, () => valueFor(type.ofType, types, depth + 1));
    const named = types.get(type.name) ?? type;
    if (named.kind === 'ENUM') return chance(0.8) && named.enumValues?.length ? pick(named.enumValues).name : asciiWord();
    if (named.kind === 'INPUT_OBJECT') {
      const value = {};
      for (const field of named.inputFields ?? []) {
        if (field.type.kind !== 'NON_NULL' && chance(0.5)) continue;
        value[field.name] = valueFor(field.type, types, depth + 1);
      }
      if (chance(0.05)) value[asciiWord()] = 1;
      return value;
    }
    switch (named.name) {
      case 'ID': return ids();
      case 'Int': return ints();
      case 'Float': return floats();
      case 'Boolean': return chance(0.9) ? chance(0.5) : 'yes';
      case 'Decimal': return decimals();
      case 'LocalDate': return dates();
      case 'DateTimeISO': return instants();
      case 'JSONObject': case 'JSON': return jsons();
      default: return strings();
    }
  }

  const typeText = (type) => (type.kind === 'NON_NULL' ? `${typeText(type.ofType)}!` : type.kind === 'LIST' ? `[${typeText(type.ofType)}]` : type.name);

  function operationRequest(operations, types) {
    const op = pick(operations);
    const args = op.args.filter((a) => a.type.kind === 'NON_NULL' || chance(0.6));
    const header = args.length ? `(${args.map((a) => `$${a.name}: ${typeText(a.type)}`).join(', ')})` : '';
    const call = args.length ? `(${args.map((a) => `${a.name}: $${a.name}`).join(', ')})` : '';
    const variables = Object.fromEntries(args.map((a) => [a.name, valueFor(a.type, types)]));
    if (chance(0.05)) variables[asciiWord()] = anyValue();
    return { label: `op:${op.name}`, body: JSON.stringify({ query: `${op.kind} Fuzz${header} { ${op.name}${call}${op.composite ? ' { __typename }' : ''} }`, variables }) };
  }

  function documentRequest() {
    const n = 1 + int(3000);
    const query = pick([
      () => `${'{ me '.repeat(n)}${'}'.repeat(n)}`,
      () => `{ ${'__typename '.repeat(1000 + int(200_000))}}`,
      () => '{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }',
      () => '{ groups { ...G } } fragment G on Group { id collaboratingGroups { ...G } }',
      () => `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: me { id }`).join(' ')} }`,
      () => `mutation { ...on Mutation { a: login(email: "x@y.z", password: "p") { token } } ...on Mutation { b: login(email: "x@y.z", password: "q") { token } } }`,
      () => `{ me { id ${'@include(if: true) '.repeat(1 + int(500))} } }`,
      () => `{ groups { ${'collaboratingGroups { '.repeat(20)}id${' }'.repeat(20)} } }`,
      () => `query Q($a: String = "${'\\u0000'}") { me { id } }`,
      () => asciiWord() + asciiWord(),
      () => `{ me { id } } ${'fragment F on User { id } '.repeat(1 + int(50))}`,
      () => `{ "unterminated`,
      () => `subscription { me { id } }`,
      () => `query A { me { id } } query B { me { id } }`,
    ])();
    return { label: 'document', body: JSON.stringify({ query, ...(chance(0.3) ? { operationName: pick(['A', 'B', 'Nope', 1, null]) } : {}) }) };
  }

  function malformedRequest() {
    const body = pick([
      '{"query": "{ me { id } }"', '{', '', 'null', '[]', '[{"query":"{ me { id } }"},{"query":"{ me { id } }"}]', '"{ me { id } }"', '123', 'true',
      '{"query": null}', '{"query": 5}', '{"query": "{ me { id } }", "variables": "x"}', '{"query": "{ me { id } }", "variables": [1]}',
      '{"query": "{ me { id } }", "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "abc"}}}',
      '{"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "abc"}}}', '{"extensions": {"persistedQuery": {"version": 2, "sha256Hash": "abc"}}}',
      Buffer.from([0x7b, 0x22, 0x71, 0xff, 0xfe, 0x22, 0x7d]), `{"query": "{ me { id } }", "variables": {"x": "${'a'.repeat(3_000_000)}"}}`,
      `{"query":"{ __typename }","variables":${'['.repeat(5000)}${']'.repeat(5000)}}`, '{"__proto__": {"polluted": true}, "query": "{ me { id } }"}',
    ]);
    return { label: 'malformed-json', body, mayReset: typeof body === 'string' && body.length > 2_000_000 };
  }

  function wrongTransportRequest() {
    return pick([
      () => ({ label: 'content-type', body: '{ me { id } }', contentType: pick(['text/plain', 'application/graphql', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '']) }),
      () => ({ label: 'content-type', body: JSON.stringify({ query: '{ me { id } }' }), contentType: 'application/json; charset=latin-9' }),
      () => ({ label: 'method', method: pick(['PUT', 'DELETE', 'PATCH']), body: JSON.stringify({ query: '{ me { id } }' }) }),
      () => ({ label: 'get', method: 'GET', path: `/graphql?query=${encode(pick(['{ me { id } }', 'mutation { createGroup(input: { name: "x" }) { id } }', '{', '{ ...A } fragment A on Query { ...A }']))}${chance(0.5) ? `&variables=${encode(pick(['{', '[]', '{"a":1}']))}` : ''}` }),
      () => ({ label: 'accept', body: JSON.stringify({ query: '{ me { id } }' }), accept: pick(['application/graphql-response+json', 'text/html', 'application/xml', '*/*']) }),
    ])();
  }

  /** Percent-encodes; a lone surrogate (which encodeURIComponent refuses) becomes an invalid UTF-8 sequence on purpose. */
  const encode = (text) => {
    try {
      return encodeURIComponent(text);
    } catch {
      return `%ED%A0%80${encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, ''))}`;
    }
  };

  function apiRouteRequest() {
    const id = () => encode(String(ids()));
    const text = () => encode(String(pick([strings(), dates(), '2026-01', '2026-13', 'x'])).slice(0, 5000));
    const path = pick([
      () => `/api/campaigns/${id()}/codes.csv${chance(0.5) ? `?batchId=${id()}` : ''}`,
      () => `/api/campaigns/${id()}/report.csv?month=${text()}`,
      () => `/api/campaigns/${id()}/variance.csv?from=${text()}&to=${text()}`,
      () => `/api/vouchers/settlement.csv?${pick(['unitId', 'groupId'])}=${id()}&from=${text()}&to=${text()}`,
      () => `/api/vouchers/report.csv?campaignId=${id()}&from=${text()}&to=${text()}`,
      () => `/api/reports/rewards.csv?schemeId=${id()}&from=${text()}&to=${text()}`,
      () => `/api/${asciiWord().replace(/[^a-z]/gi, '') || 'x'}`,
      () => `/api/campaigns/${id()}/codes.csv?batchId[]=1&batchId[]=2`,
    ])();
    if (chance(0.25)) {
      return { label: 'api-import', method: 'POST', path: `/api/campaigns/${id()}/codes/import`, contentType: pick(['text/csv', 'application/json', 'text/plain']), body: pick(['code\nABC\n', '\u0000', '"unterminated\n', 'code\n=cmd\n', 'x'.repeat(10_000)]) };
    }
    return { label: 'api-route', method: 'GET', path };
  }

  /** The next request to send: `{ label, method, path, body, contentType, accept, mayReset }`. */
  function next(operations, types) {
    const roll = random();
    if (roll < 0.45 && operations.length) return operationRequest(operations, types);
    if (roll < 0.58) return { label: 'random-json', body: JSON.stringify(chance(0.6) ? { query: anyValue(), variables: anyValue(), operationName: anyValue() } : anyValue()) };
    if (roll < 0.73) return documentRequest();
    if (roll < 0.82) return malformedRequest();
    if (roll < 0.9) return wrongTransportRequest();
    return apiRouteRequest();
  }
  return { next };
}

async function post(url, token, query, variables) {
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) });
  return response.json();
}

/** The schema of an SDL file (the committed apps/api/schema.graphql by default), as introspection would answer it. */
function schemaFromFile(path) {
  if (!path || !existsSync(path)) return undefined;
  const graphql = createRequire(new URL('../apps/api/package.json', import.meta.url))('graphql');
  return graphql.introspectionFromSchema(graphql.buildSchema(readFileSync(path, 'utf8'))).__schema;
}

/**
 * The schema's root fields with their arguments: by introspection, else (production) from the SDL file;
 * `undefined` when neither is available.
 */
async function loadOperations(url, token, skip, schemaFile) {
  const result = await post(url, token, INTROSPECTION).catch(() => undefined);
  const introspected = result?.data?.__schema;
  const schema = introspected ?? schemaFromFile(schemaFile);
  if (!schema) return undefined;
  const types = new Map(schema.types.map((t) => [t.name, t]));
  const named = (type) => (type.ofType ? named(type.ofType) : type);
  const operations = [];
  for (const [kind, root] of [['query', schema.queryType?.name], ['mutation', schema.mutationType?.name]]) {
    for (const field of types.get(root)?.fields ?? []) {
      if (skip.includes(field.name)) continue;
      const returned = types.get(named(field.type).name);
      operations.push({ kind, name: field.name, args: field.args, composite: ['OBJECT', 'INTERFACE', 'UNION'].includes(returned?.kind) });
    }
  }
  return { operations, types, source: introspected ? 'introspection' : schemaFile };
}

/**
 * Runs `count` fuzz requests against `url` and returns the tally. Exported for apps/api/test/fuzz.test.ts.
 * @returns {Promise<{ total: number, byOutcome: Record<string, number>, serverErrors: { label: string, status: number, body: string, request: string }[], networkErrors: { label: string, error: string }[], healthy: boolean, operations: number, introspection: boolean, source: string }>}
 */
export async function runFuzz({ url, token, count = 10_000, seed = 1, concurrency = 4, skip = DEFAULT_SKIP, schemaFile = DEFAULT_SCHEMA, log = () => {} }) {
  const loaded = await loadOperations(url, token, skip, schemaFile);
  const operations = loaded?.operations ?? FALLBACK_OPERATIONS;
  const types = loaded?.types ?? new Map(Object.entries(FALLBACK_INPUTS));
  log(`${operations.length} operations ${loaded ? `from ${loaded.source}` : '(built-in list: introspection is off and no schema file)'}`);
  const fuzzer = createFuzzer(seed);
  const byOutcome = {};
  const serverErrors = [];
  const networkErrors = [];
  let sent = 0;
  async function one(request) {
    const headers = { ...(token ? { authorization: `Bearer ${token}` } : {}) };
    if (request.contentType !== '') headers['content-type'] = request.contentType ?? 'application/json';
    if (request.accept) headers.accept = request.accept;
    const method = request.method ?? 'POST';
    try {
      const response = await fetch(`${url}${request.path ?? '/graphql'}`, { method, headers, body: method === 'GET' || method === 'HEAD' ? undefined : request.body, signal: AbortSignal.timeout(60_000) });
      const text = await response.text();
      let code = '-';
      let masked = false;
      try {
        const json = JSON.parse(text);
        code = json?.errors?.[0]?.extensions?.code ?? json?.error?.code ?? (json?.errors ? 'NO_CODE' : 'ok');
        masked = Array.isArray(json?.errors) && json.errors.some((e) => e?.extensions?.code === 'INTERNAL_SERVER_ERROR');
      } catch {
        code = response.headers.get('content-type')?.includes('text/csv') ? 'csv' : 'non-json';
      }
      const key = `${response.status} ${code}`;
      byOutcome[key] = (byOutcome[key] ?? 0) + 1;
      // A 5xx, or an error the server did not expect hidden in a 200 (INTERNAL_SERVER_ERROR), is a failure.
      if (response.status >= 500 || masked || code === 'INTERNAL_SERVER_ERROR') serverErrors.push({ label: request.label, status: response.status, body: text.slice(0, 500), request: String(request.body ?? request.path).slice(0, 500) });
    } catch (error) {
      const key = `network-error${request.mayReset ? ' (over-sized upload)' : ''}`;
      byOutcome[key] = (byOutcome[key] ?? 0) + 1;
      if (!request.mayReset) networkErrors.push({ label: request.label, error: String(error?.cause?.code ?? error?.message ?? error) });
    }
  }
  async function worker() {
    while (sent < count) {
      sent += 1;
      if (sent % 1000 === 0) log(`${sent} / ${count}`);
      await one(fuzzer.next(operations, types));
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  let healthy = false;
  for (let attempt = 0; attempt < 5 && !healthy; attempt += 1) {
    healthy = await fetch(`${url}/healthz`).then((r) => r.status === 200, () => false);
    if (!healthy) await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return { total: sent, byOutcome, serverErrors, networkErrors, healthy, operations: operations.length, introspection: loaded?.source === 'introspection', source: loaded?.source ?? 'built-in list' };
}

async function main() {
  const { values } = parseArgs({
    options: {
      url: { type: 'string', default: 'http://127.0.0.1:4000' },
      token: { type: 'string' },
      email: { type: 'string' },
      password: { type: 'string' },
      count: { type: 'string', default: '10000' },
      seed: { type: 'string', default: String(Date.now() % 100_000) },
      concurrency: { type: 'string', default: '4' },
      skip: { type: 'string', default: DEFAULT_SKIP.join(',') },
      schema: { type: 'string', default: DEFAULT_SCHEMA },
      verbose: { type: 'boolean', default: false },
    },
  });
  const url = values.url.replace(/\/+$/, '');
  let token = values.token;
  if (!token && values.email) {
    const login = await post(url, undefined, 'mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }', { e: values.email, p: values.password ?? '' });
    token = login?.data?.login?.token;
    if (!token) throw new Error(`Sign-in failed: ${JSON.stringify(login?.errors ?? login)}`);
  }
  const started = Date.now();
  console.log(`fuzz ${url}: ${values.count} requests, seed ${values.seed}, ${token ? 'signed in' : 'anonymous'}`);
  const result = await runFuzz({ url, token, count: Number(values.count), seed: Number(values.seed), concurrency: Number(values.concurrency), skip: values.skip.split(',').filter(Boolean), schemaFile: values.schema, log: (line) => console.log(`  ${line}`) });
  const seconds = (Date.now() - started) / 1000;
  console.log(`\n${result.total} requests in ${seconds.toFixed(1)} s (${(result.total / seconds).toFixed(0)}/s), ${result.operations} operations (from ${result.source})`);
  console.log('HTTP status  code                          count');
  for (const [key, n] of Object.entries(result.byOutcome).sort((a, b) => b[1] - a[1])) {
    const [status, ...code] = key.split(' ');
    console.log(`${status.padEnd(12)} ${code.join(' ').padEnd(29)} ${String(n).padStart(6)}`);
  }
  const show = values.verbose ? Infinity : 5;
  for (const e of result.serverErrors.slice(0, show)) console.log(`\nfailure (${e.label}) ${e.status}: ${e.body}\n  request: ${e.request}`);
  for (const e of result.networkErrors.slice(0, show)) console.log(`\nconnection error (${e.label}): ${e.error}`);
  console.log(`\n5xx or INTERNAL_SERVER_ERROR: ${result.serverErrors.length}, connection errors: ${result.networkErrors.length}, /healthz afterwards: ${result.healthy ? '200' : 'DOWN'}`);
  const failed = result.serverErrors.length > 0 || result.networkErrors.length > 0 || !result.healthy;
  console.log(failed ? 'FAIL' : 'PASS');
  process.exit(failed ? 1 : 0);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error);
    process.exit(2);
  });
}
