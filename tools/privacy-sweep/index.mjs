import { randomBytes } from 'node:crypto';
// The privacy sweep (issue 11, SPEC §1): builds an organisation with a marker-named invisible entity
// of every explicit kind and activity through each, then, as a viewer of every role in another group
// and below the privacy level in the owner group, calls every query of the schema (nested selections
// reaching every explicit entity), every mutation that names a marker record or code, and every CSV
// route, and reports each answer that reveals a marker record. The owner runs the same queries and
// routes: it must meet the marker, which proves the selections reach it.
import { createClient, runLimited } from './http.mjs';
import { echoesIn, findLeaks, isShapeRefusal, isThrottled, signature, describeDifference } from './leaks.mjs';
import { buildOrganisation } from './organisation.mjs';
import { boundedSelection, indexSchema, INTROSPECTION_QUERY, operationText, planArguments, SKIPPED_MUTATIONS, unwrap, BOGUS_ID } from './schema-walk.mjs';
import { routeCalls } from './routes.mjs';
import { snapshotState, diffState } from './state.mjs';

export { ROUTE_PATTERNS } from './routes.mjs';
export { VIEWER_ROLES, EXPLICIT_KINDS, DEPENDENT_KINDS } from './organisation.mjs';

/** The server's limits (docs/API.md), kept below with a margin. */
const LIMITS = { maxDepth: 5, maxCost: 4000 };

/**
 * Runs the sweep against a running instance.
 * @param {{ url: string, token?: string, email?: string, password?: string, concurrency?: number, log?: (line: string) => void, roles?: string[] }} options
 */
export async function runPrivacySweep(options) {
  const started = Date.now();
  const log = options.log ?? (() => {});
  const client = createClient(options.url);
  const superToken = options.token ?? (await client.login(options.email, options.password));
  const world = await buildOrganisation(client, superToken, { log });
  const concurrency = options.concurrency ?? 4;
  const viewers = world.viewers.filter((v) => !options.roles || options.roles.includes(v.role));

  const introspection = await client.graphql(INTROSPECTION_QUERY, undefined, world.owner.token);
  if (!introspection.json?.data?.__schema) throw new Error(`privacy sweep: introspection refused (HTTP ${introspection.status}); run against a development instance: ${introspection.text.slice(0, 300)}`);
  const schema = indexSchema(introspection.json.data);
  const depthOf = new Map();
  const maxDepth = options.maxDepth ?? LIMITS.maxDepth;
  const maxVariants = options.maxVariants ?? 8;
  const uncovered = new Map();
  const timing = new Map();
  const plans = new Map();

  /** The operations of one viewer (their arguments rotate over the viewer's own customers). */
  function planFor(viewer, { mutations }) {
    const w = { ...world, rotatingCustomers: viewer.customers, rotation: 0 };
    const ops = [];
    const roots = [['query', schema.query], ...(mutations && schema.mutation ? [['mutation', schema.mutation]] : [])];
    for (const [kind, type] of roots) {
      for (const field of type.fields) {
        if (kind === 'mutation' && SKIPPED_MUTATIONS.has(field.name)) continue;
        const plan = planArguments(schema, w, field, { operation: kind, maxVariants });
        if (plan.unsupported) {
          // A mutation whose arguments cannot be given names no marker record either.
          if (kind === 'query') uncovered.set(`${kind} ${field.name}`, plan.unsupported);
          continue;
        }
        // A mutation is called only with marker records: it must refuse them as it refuses missing ones.
        const variants = kind === 'mutation' ? plan.variants.filter((v) => Object.values(v).some((c) => c.marker)) : plan.variants;
        if (kind === 'mutation' && !variants.length) continue;
        for (const variant of variants) ops.push({ kind, field, variant, w });
      }
    }
    return ops;
  }

  function selectionFor(kind, field, w) {
    const key = `${kind} ${field.name}`;
    const target = unwrap(field.type).name;
    const depth = depthOf.get(key) ?? (kind === 'mutation' ? 2 : maxDepth);
    const rootFirst = (field.args ?? []).some((a) => a.name === 'first') ? 10 : undefined;
    return boundedSelection(schema, w, target, { maxDepth: depth, maxCost: LIMITS.maxCost, rootFirst });
  }

  async function call(viewer, op, values) {
    // An idempotency key is fresh for every request: reusing one for another input is a CONFLICT by design,
    // which would make a marker call and its twin differ for a reason that has nothing to do with visibility.
    const variables = Object.fromEntries(
      Object.entries(op.variant).map(([k, c]) => [k, k === 'idempotencyKey' ? `sweep-${randomBytes(8).toString('hex')}` : c[values]]),
    );
    const key = `${op.kind} ${op.field.name}`;
    for (;;) {
      const selection = selectionFor(op.kind, op.field, op.w);
      const text = operationText(schema, op.kind, op.field, variables, selection.text);
      const t0 = Date.now();
      const answer = await client.graphql(text, variables, viewer.token);
      timing.set(key, (timing.get(key) ?? 0) + Date.now() - t0);
      if (isShapeRefusal(answer) && selection.depth > 1) {
        depthOf.set(key, Math.min(depthOf.get(key) ?? maxDepth, selection.depth - 1));
        continue;
      }
      if (isShapeRefusal(answer)) uncovered.set(key, `refused at depth 1: ${answer.json.errors[0].message}`);
      return { answer, variables, depth: selection.depth };
    }
  }

  const describe = (op) =>
    `${op.kind} ${op.field.name}(${Object.entries(op.variant)
      .map(([k, c]) => `${k}: ${JSON.stringify(c.value)}`)
      .join(', ')})`;

  const leaks = [];
  const reach = [];
  const covered = new Set();
  let calls = 0;

  /** Sweeps one viewer: every planned operation (and its bogus twin) and every route. */
  async function sweepViewer(viewer, { isOwner }) {
    const ops = planFor(viewer, { mutations: !isOwner });
    if (!plans.has(isOwner)) {
      const counts = new Map();
      for (const op of ops) counts.set(`${op.kind} ${op.field.name}`, (counts.get(`${op.kind} ${op.field.name}`) ?? 0) + 1);
      plans.set(isOwner, [...counts].sort((a, b) => b[1] - a[1]));
    }
    const found = [];
    const note = (operation, path, how) => found.push({ viewer: viewer.label, operation, path, how });
    const twins = new Map();
    const opTasks = ops.map((op) => async () => {
      const operation = describe(op);
      const { answer, variables } = await call(viewer, op, 'value');
      calls += 1;
      covered.add(`${op.kind} ${op.field.name}`);
      for (const hit of findLeaks(world, answer.text, answer.json, echoesIn(variables, world.marker))) note(operation, hit.path, hit.how);
      const marked = Object.values(op.variant).some((c) => c.marker);
      if (!isOwner && marked) {
        const bogusVars = JSON.stringify(Object.fromEntries(Object.entries(op.variant).map(([k, c]) => [k, k === 'idempotencyKey' ? '' : c.bogus])));
        const twinKey = `${op.kind} ${op.field.name} ${bogusVars}`;
        if (!twins.has(twinKey)) twins.set(twinKey, call(viewer, op, 'bogus'));
        compare(operation, answer, (await twins.get(twinKey)).answer);
      }
    });
    const routeTasks = routeCalls(world, viewer, { isOwner }).map((r) => async () => {
      const send = (path) => (r.method === 'POST' ? client.post(path, viewer.token, r.body) : client.get(path, viewer.token));
      const operation = `${r.method} ${r.path}`;
      const answer = await send(r.path);
      calls += 1;
      covered.add(`${r.method} ${r.pattern}`);
      for (const hit of findLeaks(world, answer.text, answer.json, r.echoes ?? [])) note(operation, hit.path, hit.how);
      const problem = r.check?.(answer);
      if (problem) note(operation, '(answer)', problem);
      if (r.bogusPath && !isOwner) compare(operation, answer, await send(r.bogusPath));
    });
    /** An answer naming a marker record must match the same call naming a missing one. */
    function compare(operation, answer, twin) {
      const [a, b] = [signature(answer), signature(twin)];
      if (!isThrottled(answer) && !isThrottled(twin) && JSON.stringify(a) !== JSON.stringify(b)) {
        note(operation, '(answer)', `differs from the answer for a missing record: ${describeDifference(a, b)}`);
      }
    }
    await runLimited([...opTasks, ...routeTasks], concurrency);
    return { found, operations: ops.length };
  }

  // The owner first (it reads only): its answers must carry the marker.
  log('privacy sweep: the owner reads everything (self-check)');
  const ownerRun = await sweepViewer(world.owner, { isOwner: true });
  reach.push(...ownerRun.found);
  const ownerCalls = calls;

  const before = await snapshotState(client, superToken, world);
  const perViewer = [];
  for (const viewer of viewers) {
    const run = await sweepViewer(viewer, { isOwner: false });
    leaks.push(...run.found);
    perViewer.push({ viewer: viewer.label, operations: run.operations, leaks: run.found.length });
    log(`privacy sweep: ${viewer.label.padEnd(24)} ${String(run.operations).padStart(4)} operations, ${run.found.length} leaks`);
  }
  const after = await snapshotState(client, superToken, world);
  for (const change of diffState(before, after)) leaks.push({ viewer: '(any)', operation: 'state after the sweep', path: change.path, how: `changed: ${change.before} -> ${change.after}` });

  const viewerCalls = calls - ownerCalls;
  return {
    marker: world.marker,
    tag: world.tag,
    roles: viewers.length,
    operations: covered.size,
    /** Calls made as viewers (each operation variant once, bogus twins not counted). */
    viewerCalls,
    /** operations (distinct root fields and routes) × viewers (roles × sides). */
    coverage: covered.size * viewers.length,
    perViewer,
    leaks,
    ownerReach: reach,
    uncovered: [...uncovered].map(([operation, why]) => ({ operation, why })),
    requests: client.requests,
    plans: Object.fromEntries([...plans].map(([owner, p]) => [owner ? 'owner' : 'viewer', p])),
    slowest: [...timing].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([operation, ms]) => ({ operation, ms })),
    durationMs: Date.now() - started,
    world: { ids: world.ids, codes: world.codes, bogusId: BOGUS_ID },
  };
}

/** A printable report: figures, then the leaks grouped by operation and path. */
export function formatReport(result, { maxLines = 200 } = {}) {
  const lines = [
    `privacy sweep ${result.tag} (marker ${result.marker}): ${result.operations} operations x ${result.roles} viewers = ${result.coverage} covered, ${result.viewerCalls} viewer calls, ${result.requests} requests in ${(result.durationMs / 1000).toFixed(1)} s`,
    `owner self-check: the marker reached the owner in ${result.ownerReach.length} places`,
  ];
  if (result.uncovered.length) lines.push(`not covered: ${result.uncovered.map((u) => `${u.operation} (${u.why})`).join('; ')}`);
  const groups = new Map();
  for (const leak of result.leaks) {
    const op = leak.operation.replace(/\(.*$/, '');
    const key = `${op} ${leak.path.replace(/\[\d+\]/g, '[]')}`;
    const g = groups.get(key) ?? { op, path: leak.path, how: leak.how, viewers: new Set() };
    g.viewers.add(leak.viewer);
    groups.set(key, g);
  }
  lines.push(`${result.leaks.length} leaks (${groups.size} distinct operation/path)`);
  for (const g of [...groups.values()].slice(0, maxLines)) lines.push(`  LEAK ${g.op} ${g.path}: ${g.how} [${[...g.viewers].join(', ')}]`);
  if (groups.size > maxLines) lines.push(`  ... ${groups.size - maxLines} more`);
  return lines.join('\n');
}
