#!/usr/bin/env node
// Denial-of-service check (issue 11, deliverable 7; docs/SECURITY.md "Denial of service"), against any
// running Perkflow instance. While it fires, one attack after another,
//   (a) logins:  50 parallel anonymous sign-ins with unknown e-mails (repeated for the attack's window),
//   (b) segment: previewSegment with the costliest rule it can write (4 in parallel, repeated), then the
//                reduce/merge rule that once ran 41 s (it must be refused),
//   (c) upload:  a 60 MB code import upload (POST /api/campaigns/:id/codes/import), one after another,
//   (d) fields:  a document with 10,000 fields (5 in parallel, repeated, anonymous),
// it sends a signed-in `{ me { id } }` every 100 ms on a connection of its own, and prints per attack
// the worst and median latency of those requests and what the attack's own requests answered. It exits
// non-zero if any signed-in request took >= 1 s or got a 5xx (or failed).
//
//   node tools/dos-check.mjs --url http://127.0.0.1:4000 --email admin@example.com --password <pw>
//        [--seconds 5] [--only logins,segment,upload,fields] [--campaign <id>]
//        [--previewer-email agent@example.com --previewer-password <pw>]
//
// Credentials may also come from PERKFLOW_ADMIN_EMAIL / PERKFLOW_ADMIN_PASSWORD. The signed-in probe and
// the upload use the admin; previewSegment runs as --previewer-* when given (any role that reads
// segments, e.g. an AGENT), else as the admin. The upload goes to --campaign, else to the first campaign
// that is not ENDED (the upload is over every limit: nothing is imported). Bounded: each attack runs for
// --seconds (default 5) plus what its last requests take, at most 60 s; only the given --url is contacted.
import http from 'node:http';
import https from 'node:https';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const BASE = new URL(args.url ?? 'http://127.0.0.1:4000');
const EMAIL = args.email ?? process.env.PERKFLOW_ADMIN_EMAIL ?? 'admin@example.com';
const PASSWORD = args.password ?? process.env.PERKFLOW_ADMIN_PASSWORD;
const SECONDS = Math.min(30, Number(args.seconds ?? 5));
const ONLY = new Set((args.only ?? 'logins,segment,upload,fields').split(','));
const ATTACK_CAP_MS = 60_000;
const PROBE_EVERY_MS = 100;
const SLOW_MS = 1_000;

if (!PASSWORD) {
  console.error('usage: node tools/dos-check.mjs --url <api> --email <admin e-mail> --password <admin password> [--seconds 5] [--only …]');
  process.exit(2);
}

const client = BASE.protocol === 'https:' ? https : http;
/** The probe has connections of its own, so attacks cannot queue it on the client side. */
const probeAgent = new client.Agent({ keepAlive: true, maxSockets: 2 });
const attackAgent = new client.Agent({ keepAlive: true, maxSockets: 256 });

/** One HTTP request; `body` is a string, or { chunk, count } sent a chunk at a time. Never rejects. */
function request(path, { method = 'POST', headers = {}, body, agent = attackAgent, timeoutMs = ATTACK_CAP_MS } = {}) {
  return new Promise((resolve) => {
    const started = performance.now();
    const done = (result) => resolve({ ms: performance.now() - started, ...result });
    const sized = typeof body === 'string' ? Buffer.byteLength(body) : body ? body.chunk.length * body.count : 0;
    const req = client.request(new URL(path, BASE), { method, agent, headers: { ...headers, 'content-length': String(sized) }, timeout: timeoutMs });
    req.on('response', (res) => {
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => done({ status: res.statusCode, text: Buffer.concat(parts).toString('utf8') }));
      res.on('error', (error) => done({ status: 0, text: String(error) }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error) => done({ status: 0, text: String(error.message ?? error) }));
    if (typeof body === 'string') return void req.end(body);
    let sent = 0;
    const write = () => {
      while (body && sent < body.count) {
        sent += 1;
        if (!req.write(body.chunk)) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}

const gql = (query, variables, token, extra = {}) =>
  request('/graphql', { headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }), ...extra });

function parse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

async function login(email, password) {
  const answer = await gql('mutation($e:String!,$p:String!){ login(email:$e, password:$p){ token } }', { e: email, p: password });
  const token = parse(answer.text)?.data?.login?.token;
  if (!token) throw new Error(`cannot sign in as ${email}: HTTP ${answer.status} ${answer.text.slice(0, 300)}`);
  return token;
}

/** What an attack's requests answered: "HTTP 200 BAD_USER_INPUT ×12, HTTP 413 ×1". */
function outcome(answers) {
  const counts = new Map();
  for (const a of answers) {
    const body = parse(a.text);
    const code = body?.errors?.[0]?.extensions?.code ?? body?.error?.code ?? (a.status === 0 ? a.text.slice(0, 60) : body?.data ? 'data' : '');
    const key = `HTTP ${a.status}${code ? ` ${code}` : ''}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${k} ×${n}`).join(', ') || 'none';
}

/** Sends the signed-in probe every 100 ms until `stop()`; returns its samples. */
function probe(token) {
  const samples = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const answer = await gql('{ me { id } }', undefined, token, { agent: probeAgent, timeoutMs: 30_000 });
      const ok = answer.status === 200 && Boolean(parse(answer.text)?.data?.me?.id);
      samples.push({ ms: answer.ms, status: answer.status, ok, text: ok ? '' : answer.text.slice(0, 200) });
      await new Promise((r) => setTimeout(r, PROBE_EVERY_MS));
    }
  })();
  return async () => {
    running = false;
    await loop;
    return samples;
  };
}

/** Repeats `round` (which fires one volley and waits for it) until the window is over. */
async function during(seconds, round) {
  const answers = [];
  const until = performance.now() + seconds * 1000;
  const cap = performance.now() + ATTACK_CAP_MS;
  do answers.push(...(await round()));
  while (performance.now() < until && performance.now() < cap);
  return answers;
}

/** The costliest segment rule within the bounds: per address, an `or` of 180 comparisons that never holds. */
const WORST_RULE = { some: [{ var: 'addresses' }, { or: Array.from({ length: 180 }, (_, i) => ({ '==': [{ var: 'city' }, `Nowhere ${i}`] })) }] };
/** The rule that ran 41 s and grew the process to 2.1 GB before rules were bounded. */
const MERGE_RULE = { '==': [{ reduce: [{ var: 'addresses' }, { merge: [{ var: 'accumulator' }, { var: 'accumulator' }] }, [1, 2, 3, 4, 5, 6, 7, 8]] }, 0] };
const PREVIEW = 'query($r:JSONObject!){ previewSegment(entity:CUSTOMER, rule:$r, first:5){ totalCount complete } }';

async function main() {
  const adminToken = await login(EMAIL, PASSWORD);
  const previewToken = args['previewer-email'] ? await login(args['previewer-email'], args['previewer-password'] ?? PASSWORD) : adminToken;
  let campaignId = args.campaign;
  if (!campaignId && ONLY.has('upload')) {
    const listed = parse((await gql('{ campaigns { id state } }', undefined, adminToken)).text)?.data?.campaigns ?? [];
    campaignId = listed.find((c) => c.state !== 'ENDED')?.id;
  }
  const stamp = Date.now().toString(36);
  const attacks = [
    {
      name: 'logins',
      what: '50 parallel anonymous sign-ins, unknown e-mails',
      run: () => during(SECONDS, () => Promise.all(Array.from({ length: 50 }, (_, i) => gql('mutation($e:String!,$p:String!){ login(email:$e, password:$p){ token } }', { e: `nobody-${stamp}-${i}-${Math.random().toString(36).slice(2)}@example.invalid`, p: 'wrong-password' })))),
    },
    {
      name: 'segment',
      what: 'previewSegment, the costliest rule ×4 in parallel; then the reduce/merge rule',
      run: async () => [
        ...(await during(SECONDS, () => Promise.all(Array.from({ length: 4 }, () => gql(PREVIEW, { r: WORST_RULE }, previewToken))))),
        await gql(PREVIEW, { r: MERGE_RULE }, previewToken),
      ],
    },
    {
      name: 'upload',
      what: `60 MB code import uploads, one after another${campaignId ? ` (campaign ${campaignId})` : ' (no open campaign: skipped)'}`,
      run: async () => {
        if (!campaignId) return [];
        const chunk = Buffer.alloc(1024 * 1024, 'DOSCHECKCODE\n');
        return during(SECONDS, async () => [await request(`/api/campaigns/${campaignId}/codes/import`, { headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'text/csv' }, body: { chunk, count: 60 } })]);
      },
    },
    {
      name: 'fields',
      what: 'a document with 10,000 fields ×5 in parallel, anonymous',
      run: () => {
        const document = `{ ${Array.from({ length: 10_000 }, (_, i) => `f${i}: __typename`).join(' ')} }`;
        return during(SECONDS, () => Promise.all(Array.from({ length: 5 }, () => gql(document, undefined, undefined))));
      },
    },
  ].filter((a) => ONLY.has(a.name));

  console.log(`dos-check against ${BASE.origin}: a signed-in { me { id } } every ${PROBE_EVERY_MS} ms during each attack (fails at >= ${SLOW_MS} ms or 5xx)\n`);
  const rows = [];
  let failed = false;
  for (const attack of [{ name: 'baseline', what: 'no attack, 1 s', run: () => new Promise((r) => setTimeout(() => r([]), 1000)) }, ...attacks]) {
    // Each attack starts on a quiet server: wait (at most 90 s) until a probe answers quickly again.
    const settleStarted = performance.now();
    for (;;) {
      const answer = await gql('{ me { id } }', undefined, adminToken, { agent: probeAgent, timeoutMs: 30_000 });
      if ((answer.status === 200 && answer.ms < 200) || performance.now() - settleStarted > 90_000) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const settled = (performance.now() - settleStarted) / 1000;
    if (settled > 1) console.log(`       (the server took ${settled.toFixed(1)} s to answer quickly again before this attack)`);
    const stop = probe(adminToken);
    const started = performance.now();
    const answers = await attack.run();
    const seconds = (performance.now() - started) / 1000;
    const samples = await stop();
    const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
    const worst = sorted.at(-1) ?? NaN;
    const bad = samples.filter((s) => !s.ok || s.ms >= SLOW_MS);
    if (bad.length) failed = true;
    rows.push({
      attack: attack.name,
      'probes': samples.length,
      'worst ms': Math.round(worst),
      'median ms': Math.round(sorted[Math.floor(sorted.length / 2)] ?? NaN),
      'slow/failed': bad.length,
      'attack s': seconds.toFixed(1),
      'attack answers': outcome(answers),
    });
    console.log(`${bad.length ? 'FAIL' : 'ok  '} ${attack.name.padEnd(8)} ${attack.what}: worst ${Math.round(worst)} ms over ${samples.length} probes; attack answered ${outcome(answers)}`);
    for (const s of bad.slice(0, 3)) console.log(`       probe ${Math.round(s.ms)} ms HTTP ${s.status} ${s.text}`);
  }
  console.log('');
  console.table(rows);
  console.log(failed ? 'FAILED: a signed-in request took >= 1 s or failed during an attack' : 'PASSED: every signed-in request answered in under 1 s, none 5xx');
  probeAgent.destroy();
  attackAgent.destroy();
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
