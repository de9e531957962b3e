// Plans the sweep's GraphQL operations from an introspected schema: for every root field, argument
// variants drawn from the organisation's ids and codes (a marker entity's id wherever an argument
// names its kind), each with a "bogus" twin (the same call naming nothing that exists), and a
// selection set that reaches, to a bounded depth, every field that can lead to an explicit entity.
import { DEPENDENT_KINDS, EXPLICIT_KINDS } from './organisation.mjs';

const TYPE_REF = 'kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }';

export const INTROSPECTION_QUERY = `query PrivacySweepIntrospection { __schema { queryType { name } mutationType { name } types { kind name
  fields { name args { name defaultValue type { ${TYPE_REF} } } type { ${TYPE_REF} } }
  inputFields { name defaultValue type { ${TYPE_REF} } }
  enumValues { name } possibleTypes { name } } } }`;

/** Kinds whose ids, met as `{ __typename, id }` in an answer, are leaks. */
export const TRACKED_KINDS = [...EXPLICIT_KINDS, ...DEPENDENT_KINDS];

/** Fields never selected: expensive renderings of a value selected anyway (a code's QR image). */
const SKIPPED_FIELDS = new Set(['qrSvg']);

/** Mutations never called: they cannot name an existing record, or sign in. */
const SKIPPED_MUTATIONS = new Set(['login']);

export const BOGUS_ID = '987654321987';
/** At most this many variants of one field name marker records. */
const MAX_MARKED_VARIANTS = 12;
const DAY = 86_400_000;

/** { name, list, nonNull } of a type reference. */
export function unwrap(ref) {
  let list = false;
  const nonNull = ref.kind === 'NON_NULL';
  let t = ref;
  while (t.ofType) {
    if (t.kind === 'LIST') list = true;
    t = t.ofType;
  }
  return { name: t.name, kind: t.kind, list, nonNull };
}

/** The SDL spelling of a type reference, e.g. `[ID!]!`. */
export function typeString(ref) {
  if (ref.kind === 'NON_NULL') return `${typeString(ref.ofType)}!`;
  if (ref.kind === 'LIST') return `[${typeString(ref.ofType)}]`;
  return ref.name;
}

/** Indexes an introspection result. */
export function indexSchema(introspection) {
  const types = new Map(introspection.__schema.types.map((t) => [t.name, t]));
  // Object types that can lead to a tracked kind through any chain of fields.
  const leads = new Set(TRACKED_KINDS.filter((k) => types.has(k)));
  for (let changed = true; changed; ) {
    changed = false;
    for (const t of types.values()) {
      if (leads.has(t.name) || t.name.startsWith('__')) continue;
      const reaches =
        (t.fields ?? []).some((f) => leads.has(unwrap(f.type).name)) || (t.possibleTypes ?? []).some((p) => leads.has(p.name));
      if (reaches && ['OBJECT', 'INTERFACE', 'UNION'].includes(t.kind)) {
        leads.add(t.name);
        changed = true;
      }
    }
  }
  return { types, leads, query: types.get(introspection.__schema.queryType.name), mutation: types.get(introspection.__schema.mutationType?.name) };
}

const isLeaf = (schema, name) => ['SCALAR', 'ENUM'].includes(schema.types.get(name)?.kind);

// ---------- argument values ----------

/**
 * The values an argument may take, as candidates `{ value, bogus, marker }`: `bogus` is the same value
 * naming nothing that exists, `marker` tells whether the value names a marker record.
 */
function argumentValues(schema, world, arg, site) {
  const { name: typeName, list } = unwrap(arg.type);
  const type = schema.types.get(typeName);
  const plain = (value) => ({ value, bogus: value, marker: false });
  const wrap = (cands) => (list && typeName !== 'JSONObject' ? cands.map((c) => ({ value: [c.value], bogus: [c.bogus], marker: c.marker })) : cands);
  const name = arg.name;
  const today = new Date();
  const day = (offset) => new Date(today.getTime() + offset * DAY).toISOString().slice(0, 10);
  if (type?.kind === 'ENUM') return wrap(type.enumValues.map((e) => plain(e.name)));
  if (type?.kind === 'INPUT_OBJECT') return wrap(inputObjectValues(schema, world, type, site, arg.type.kind === 'NON_NULL'));
  switch (typeName) {
    case 'ID': {
      const kinds = kindsForId(schema, world, name, site);
      const cands = [];
      // Customers named inside inputs (an order's customer) rotate over the viewer's own, so that
      // per-customer throttling of failed attempts never masks an answer.
      if (name === 'customerId' && site.nested && world.rotatingCustomers?.length) {
        world.rotation = ((world.rotation ?? 0) + 1) % world.rotatingCustomers.length;
        return wrap([plain(world.rotatingCustomers[world.rotation])]);
      }
      for (const kind of kinds) {
        for (const id of world.ids[kind] ?? []) cands.push({ value: id, bogus: BOGUS_ID, marker: true });
        for (const id of world.context[kind] ?? []) cands.push(plain(id));
      }
      if (!cands.length && arg.type.kind === 'NON_NULL') cands.push(plain(BOGUS_ID));
      return wrap(cands);
    }
    case 'String':
      if (name === 'idempotencyKey') return [{ value: `sweep-${Math.random().toString(36).slice(2)}`, bogus: `sweep-${Math.random().toString(36).slice(2)}`, marker: false }];
      // A code typed into a new or changed record is the viewer's own, not a probe.
      if (name === 'code' && /^(create|update)/.test(site.fieldName)) return wrap([plain(`SWEEP${Math.random().toString(36).slice(2, 10).toUpperCase()}`)]);
      if (name === 'code') return wrap((world.probeCodes ?? world.codes).map((code) => ({ value: code, bogus: bogusCode(code), marker: true })));
      if (name === 'codes') return [plain([`SWEEP${world.tag.toUpperCase()}${Math.random().toString(36).slice(2, 8).toUpperCase()}`])];
      if (name === 'search') return wrap([plain(world.searchTerm)]);
      if (name === 'month' || name === 'from' || name === 'to') return wrap([plain(today.toISOString().slice(0, 7))]);
      if (/type$/i.test(name)) return wrap(TRACKED_KINDS.map(plain));
      return arg.type.kind === 'NON_NULL' ? wrap([plain('sweep')]) : [];
    case 'LocalDate':
      if (name === 'from') return wrap([plain(day(-31))]);
      if (name === 'to') return wrap([plain(day(1))]);
      if (name === 'periodStart') return wrap([plain(`${today.toISOString().slice(0, 7)}-01`)]);
      return wrap([plain(day(0))]);
    case 'DateTimeISO':
      return wrap([plain(new Date(today.getTime() + (/expire/i.test(name) ? 90 * DAY : 0)).toISOString())]);
    case 'Decimal':
      return wrap([plain(/new/i.test(name) ? '5000.00' : '50.00')]);
    case 'Int':
      if (name === 'first') return [plain(site.nested ? 3 : 10)];
      return wrap([plain(1)]);
    case 'Float':
      return wrap([plain(1)]);
    case 'Boolean':
      return arg.type.kind === 'NON_NULL' ? wrap([plain(true)]) : [plain(true), plain(false)];
    case 'JSONObject':
    case 'JSON':
      return [plain({ '==': [1, 1] })];
    default:
      return arg.type.kind === 'NON_NULL' ? wrap([plain('sweep')]) : [];
  }
}

/** A code of the same length that names nothing. */
function bogusCode(code) {
  return `NOPE${code.slice(4).split('').reverse().join('')}`;
}

/** The kinds an ID argument names: by its name (`campaignId` → Campaign), or for `id` the field's type or name. */
function kindsForId(schema, world, name, site) {
  const known = [...new Set([...Object.keys(world.ids), ...Object.keys(world.context)])];
  if (name === 'id') {
    if (known.includes(site.returnType)) return [site.returnType];
    const matches = TRACKED_KINDS.filter((k) => site.fieldName.toLowerCase().includes(k.toLowerCase()));
    return matches.length ? [matches.sort((a, b) => b.length - a.length)[0]] : [];
  }
  if (name === 'entityId' || name === 'subjectId') return TRACKED_KINDS;
  if (name === 'actorId' || name === 'userId') return ['User'];
  const base = name.replace(/Ids?$/, '').toLowerCase();
  if (!base || base === name.toLowerCase()) return [];
  if (base === 'privacylevel' || base === 'privacyclearance') return ['PrivacyLevel'];
  return known.filter((k) => k.toLowerCase() === base || k.toLowerCase().endsWith(base));
}

/**
 * An input object's values: required (or `full`) inputs get one object with every required field
 * and the id-like optional ones; optional filter inputs get one variant per field that names
 * something, so a filter never over-constrains.
 */
function inputObjectValues(schema, world, type, site, required) {
  const fields = type.inputFields ?? [];
  const valueOf = (f) => argumentValues(schema, world, f, { ...site, nested: true });
  if (required) {
    const value = {};
    const bogus = {};
    let marker = false;
    const more = [];
    for (const f of fields) {
      const requiredField = f.type.kind === 'NON_NULL';
      const idLike = /Ids?$|^code$|^amount$|^currency$/.test(f.name) && unwrap(f.type).kind !== 'INPUT_OBJECT';
      if (!requiredField && !idLike) continue;
      const cands = valueOf(f);
      const preferred = cands.find((c) => c.marker) ?? cands[0];
      if (!preferred) {
        if (requiredField) return [];
        continue;
      }
      // A currency is a String like any other: name it.
      const v = f.name === 'currency' ? { value: 'EUR', bogus: 'EUR', marker: false } : preferred;
      value[f.name] = v.value;
      bogus[f.name] = v.bogus;
      marker ||= v.marker;
      // The other marker values of a field (each probe code of an order, say): one object each.
      for (const c of cands.filter((x) => x.marker && x !== preferred)) more.push([f.name, c]);
    }
    return [{ value, bogus, marker }, ...more.map(([k, c]) => ({ value: { ...value, [k]: c.value }, bogus: { ...bogus, [k]: c.bogus }, marker: true }))];
  }
  const variants = [];
  for (const f of fields) {
    if (unwrap(f.type).kind === 'INPUT_OBJECT') continue;
    for (const c of valueOf(f).slice(0, 3)) variants.push({ value: { [f.name]: c.value }, bogus: { [f.name]: c.bogus }, marker: c.marker });
  }
  return variants;
}

/** Argument variants of a root field: the base (required arguments, marker values first), then one change at a time. */
export function planArguments(schema, world, field, { operation, maxVariants = 40 }) {
  const site = { fieldName: field.name, returnType: unwrap(field.type).name, nested: false, operation };
  const args = field.args ?? [];
  const names = new Set(args.map((a) => a.name));
  const base = {};
  const alternatives = [];
  // Pairs naming a record by kind and id: (entityType, entityId), (subjectType, subjectId), (entity: PrivacyEntity, id).
  const pairs = [['entityType', 'entityId'], ['subjectType', 'subjectId']].filter(([a, b]) => names.has(a) && names.has(b));
  const privacyEntity = args.find((a) => a.name === 'entity' && schema.types.get(unwrap(a.type).name)?.kind === 'ENUM' && names.has('id'));
  const paired = new Set([...pairs.flat(), ...(privacyEntity ? ['entity', 'id'] : [])]);
  for (const [typeArg, idArg] of pairs) {
    for (const kind of TRACKED_KINDS) {
      alternatives.push({ [typeArg]: plainCand(kind) });
      const id = world.ids[kind]?.[0];
      if (id) alternatives.push({ [typeArg]: plainCand(kind), [idArg]: { value: id, bogus: BOGUS_ID, marker: true } });
    }
  }
  if (privacyEntity) {
    const values = schema.types.get(unwrap(privacyEntity.type).name).enumValues.map((e) => e.name);
    for (const value of values) {
      const kind = TRACKED_KINDS.find((k) => k.toUpperCase() === value.replace(/_/g, ''));
      for (const id of world.ids[kind] ?? []) alternatives.push({ entity: plainCand(value), id: { value: id, bogus: BOGUS_ID, marker: true } });
    }
    if (privacyEntity.type.kind === 'NON_NULL' && alternatives.length) Object.assign(base, alternatives.shift());
  }
  for (const arg of args) {
    if (paired.has(arg.name)) continue;
    const cands = argumentValues(schema, world, arg, site);
    const ordered = [...cands.filter((c) => c.marker), ...cands.filter((c) => !c.marker)];
    if (arg.type.kind === 'NON_NULL' && arg.defaultValue == null) {
      if (!ordered.length) return { unsupported: `no value for required argument ${arg.name}` };
      base[arg.name] = ordered[0];
      // Mutations change one thing: only their marker values are worth a call.
      for (const c of ordered.slice(1)) if (operation === 'query' || c.marker) alternatives.push({ [arg.name]: c });
    } else if (arg.name !== 'first' && arg.name !== 'after') {
      for (const c of ordered.slice(0, 3)) alternatives.push({ [arg.name]: c });
    } else if (arg.name === 'first') {
      base.first = ordered[0];
    }
  }
  // Variants naming a marker record come first and are capped apart (every kind of a pair is
  // worth a call); the others (filters, enum values) fill up to maxVariants.
  const variants = [];
  const seen = new Set();
  const isMarked = (v) => Object.values(v).some((c) => c.marker);
  const changes = [{}, ...alternatives.filter((c) => isMarked(c)), ...alternatives.filter((c) => !isMarked(c))];
  let plain = 0;
  for (const change of changes) {
    const v = { ...base, ...change };
    const key = JSON.stringify(Object.entries(v).map(([k, c]) => [k, c.value]));
    if (seen.has(key)) continue;
    if (isMarked(v) ? variants.length - plain >= MAX_MARKED_VARIANTS : plain >= maxVariants) continue;
    seen.add(key);
    variants.push(v);
    if (!isMarked(v)) plain += 1;
  }
  return { variants };
}

const plainCand = (value) => ({ value, bogus: value, marker: false });

// ---------- selection sets ----------

/** A GraphQL literal of `value` for an input of type `ref`. */
function literal(schema, ref, value) {
  if (ref.kind === 'NON_NULL') return literal(schema, ref.ofType, value);
  if (value === null || value === undefined) return 'null';
  if (ref.kind === 'LIST') return `[${(Array.isArray(value) ? value : [value]).map((v) => literal(schema, ref.ofType, v)).join(', ')}]`;
  const type = schema.types.get(ref.name);
  if (type?.kind === 'ENUM') return String(value);
  if (type?.kind === 'INPUT_OBJECT') {
    const fields = new Map(type.inputFields.map((f) => [f.name, f]));
    return `{ ${Object.entries(value).map(([k, v]) => `${k}: ${literal(schema, fields.get(k).type, v)}`).join(', ')} }`;
  }
  return JSON.stringify(value);
}

/** Arguments of a nested field as literals (required ones, and `first`), or null when one cannot be given. */
function nestedArguments(schema, world, field, parent) {
  const parts = [];
  let first;
  for (const arg of field.args ?? []) {
    const required = arg.type.kind === 'NON_NULL' && arg.defaultValue == null;
    if (!required && arg.name !== 'first') continue;
    const cands = argumentValues(schema, world, arg, { fieldName: field.name, returnType: unwrap(field.type).name, nested: true, parent });
    const c = cands.find((x) => x.marker) ?? cands[0];
    if (!c) {
      if (required) return null;
      continue;
    }
    if (arg.name === 'first') first = c.value;
    parts.push(`${arg.name}: ${literal(schema, arg.type, c.value)}`);
  }
  return { text: parts.length ? `(${parts.join(', ')})` : '', first };
}

/**
 * The selection set of `typeName` to `depth` object levels: every leaf, `__typename` on tracked kinds,
 * and every object field whose type can lead to a tracked kind (other object fields: their leaves
 * only). A type already on the path is not entered again. Answers { text, cost } (the server's
 * complexity estimate: 1 per field, children times √first under a `first`).
 */
export function selectionSet(schema, world, typeName, depth, path = []) {
  const type = schema.types.get(typeName);
  if (!type || isLeaf(schema, typeName)) return { text: '', cost: 0 };
  if (type.kind === 'INTERFACE' || type.kind === 'UNION') {
    const parts = ['__typename'];
    let cost = 1;
    for (const p of type.possibleTypes ?? []) {
      const sub = selectionSet(schema, world, p.name, depth, path);
      if (sub.text) {
        parts.push(`... on ${p.name} { ${sub.text} }`);
        cost += sub.cost;
      }
    }
    return { text: parts.join(' '), cost };
  }
  const parts = [];
  let cost = 0;
  if (TRACKED_KINDS.includes(typeName) || schema.leads.has(typeName)) {
    parts.push('__typename');
    cost += 1;
  }
  for (const field of type.fields ?? []) {
    if (SKIPPED_FIELDS.has(field.name)) continue;
    const target = unwrap(field.type).name;
    const args = nestedArguments(schema, world, field, typeName);
    if (!args) continue;
    if (isLeaf(schema, target)) {
      parts.push(`${field.name}${args.text}`);
      cost += 1;
      continue;
    }
    if (depth <= 1 || path.includes(target)) continue;
    const leads = schema.leads.has(target);
    const sub = selectionSet(schema, world, target, leads ? depth - 1 : Math.min(depth - 1, 1), [...path, typeName]);
    if (!sub.text) continue;
    parts.push(`${field.name}${args.text} { ${sub.text} }`);
    cost += 1 + sub.cost * (args.first ? Math.sqrt(args.first) : 1);
  }
  return { text: parts.join(' '), cost };
}

/** The deepest selection (at most `maxDepth` levels) whose estimated cost stays under `maxCost`. */
export function boundedSelection(schema, world, typeName, { maxDepth, maxCost, rootFirst }) {
  for (let depth = maxDepth; depth >= 1; depth -= 1) {
    const s = selectionSet(schema, world, typeName, depth);
    const cost = 1 + s.cost * (rootFirst ? Math.sqrt(rootFirst) : 1);
    if (cost <= maxCost || depth === 1) return { ...s, depth, cost };
  }
  return { text: '', cost: 0, depth: 0 };
}

/** The text of one root operation: variables for the arguments, the selection inline. */
export function operationText(schema, kind, field, variant, selection) {
  const defs = [];
  const args = [];
  for (const arg of field.args ?? []) {
    if (!(arg.name in variant)) continue;
    defs.push(`$${arg.name}: ${typeString(arg.type)}`);
    args.push(`${arg.name}: $${arg.name}`);
  }
  const head = `${kind} Sweep_${field.name}${defs.length ? `(${defs.join(', ')})` : ''}`;
  return `${head} { ${field.name}${args.length ? `(${args.join(', ')})` : ''}${selection ? ` { ${selection} }` : ''} }`;
}

export { SKIPPED_MUTATIONS };
