// Reading answers for leaks: the marker anywhere in a body (echoes of what the viewer sent masked),
// a marker record met as `{ __typename, id }`, and answers that differ between a marker record and
// a record that does not exist (an existence oracle).
import { TRACKED_KINDS } from './schema-walk.mjs';

/** Strings the viewer sent that contain the marker (a code it typed): their echo is not a leak. */
export function echoesIn(variables, marker) {
  const found = new Set();
  const walk = (v) => {
    if (typeof v === 'string' && v.toUpperCase().includes(marker)) found.add(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(variables);
  return [...found];
}

/**
 * Where an answer reveals a marker record: `[{ path, how }]`. `text` is the raw body, `json` its
 * parse; `echoes` are masked first (longest first, case-insensitively).
 */
export function findLeaks(world, text, json, echoes = []) {
  const marker = world.marker;
  const mask = (s) => {
    let out = s;
    for (const e of [...echoes].sort((a, b) => b.length - a.length)) out = out.split(e).join('').split(e.toLowerCase()).join('');
    return out;
  };
  const hits = [];
  if (mask(text).toUpperCase().includes(marker)) {
    const before = hits.length;
    const walk = (v, path) => {
      if (typeof v === 'string') {
        if (mask(v).toUpperCase().includes(marker)) hits.push({ path: path || '(body)', how: `marker in "${v.length > 80 ? `${v.slice(0, 77)}...` : v}"` });
      } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
    };
    if (json !== undefined) walk(json, '');
    if (hits.length === before) hits.push({ path: '(body)', how: 'marker in the body' });
  }
  if (json !== undefined) {
    const walk = (v, path) => {
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
      else if (v && typeof v === 'object') {
        if (TRACKED_KINDS.includes(v.__typename) && v.id != null && (world.ids[v.__typename] ?? []).includes(String(v.id))) {
          hits.push({ path, how: `${v.__typename} ${v.id} (a marker record)` });
        }
        for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
      }
    };
    walk(json, '');
  }
  return dedupe(hits);
}

function dedupe(hits) {
  const seen = new Set();
  return hits.filter((h) => {
    const key = `${h.path.replace(/\[\d+\]/g, '[]')}|${h.how.replace(/"[^"]*"/, '')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * What an answer tells a viewer, without the values that naturally differ between two calls: error
 * codes, whether data is null, list emptiness, enum-like strings (a reason such as CODE_NOT_FOUND),
 * booleans. Two calls differing only in naming an invisible record or a missing one must match.
 */
export function signature(answer) {
  const json = answer.json;
  if (!json) return { status: answer.status, body: 'not json' };
  const codes = (json.errors ?? []).map((e) => e.extensions?.code ?? 'UNKNOWN').sort();
  const error = json.error ? json.error.code : undefined;
  return { status: answer.status, codes, error, data: shape(json.data) };
}

function shape(v) {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.length ? ['+'] : [];
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]));
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^[A-Z][A-Z_]+$/.test(v)) return v;
  return typeof v;
}

/** Whether an answer was throttled (then a comparison proves nothing). */
export function isThrottled(answer) {
  return answer.status === 429 || (answer.json?.errors ?? []).some((e) => e.extensions?.code === 'RATE_LIMITED') || answer.json?.error?.code === 'RATE_LIMITED';
}

/** Whether the server refused the operation's shape (depth, complexity, tokens, aliases): retry smaller. */
export function isShapeRefusal(answer) {
  const errors = answer.json?.errors ?? [];
  // Shape refusals come before execution: no path (a resolver's error always has one).
  return (
    errors.length > 0 &&
    !answer.json?.data &&
    errors.some((e) => !e.path && (['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED'].includes(e.extensions?.code) || /complex|depth|token|alias|root field/i.test(e.message ?? '')))
  );
}

/** A compact description of what differs between two signatures. */
export function describeDifference(a, b) {
  return `marker record: ${JSON.stringify(a).slice(0, 160)} / missing record: ${JSON.stringify(b).slice(0, 160)}`;
}
