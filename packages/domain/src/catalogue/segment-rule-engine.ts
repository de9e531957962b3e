/**
 * A bounded JsonLogic for segment rules: the allowed operators, the static bounds a rule must fit
 * (checked iteratively, so a rule of any depth is refused without recursion), and a small interpreter
 * with a step budget. It computes what json-logic-js computes for the allowed subset (the unit tests
 * compare both), but every rule costs at most `SEGMENT_RULE_LIMITS.steps` steps per record.
 *
 * Decisions (docs/SECURITY.md "Denial of service"):
 * - `some`/`all`/`none`/`filter`/`map`/`reduce` iterate only over a list fact of the entity
 *   (`{"var": "addresses"}`, `services`, `lines`) or over a `filter` of one: the number of iterations
 *   is the list's length, and since list elements hold only scalars, iterations cannot nest.
 * - `merge` is refused (an array literal says the same in a rule; inside `reduce` it doubled an array
 *   per element); `log` is refused.
 * - What `reduce` can still grow (a `cat` of the accumulator) is stopped by the value-size bound and
 *   the step budget, which counts one step per operation plus the length of every text or list an
 *   operation builds or scans.
 */

/** The static and run-time bounds of a segment rule. */
export const SEGMENT_RULE_LIMITS = {
  /** JSON nodes (objects, arrays, scalars) in the whole rule. */
  nodes: 1_000,
  /** Nesting of objects and arrays. */
  depth: 32,
  /** Items of one array (literal lists and operator arguments). */
  arrayItems: 500,
  /** Characters of one string (operator names, fact names, literals). */
  stringLength: 500,
  /** Steps one evaluation (one record) may take. */
  steps: 50_000,
  /** Characters of a text, or items of a list, that an evaluation may build. */
  valueSize: 10_000,
} as const;

/** The JsonLogic operators a segment rule may use. */
export const SEGMENT_RULE_OPERATORS: ReadonlySet<string> = new Set([
  '==', '===', '!=', '!==', '>', '>=', '<', '<=', '!', '!!', 'and', 'or', 'if', '?:',
  'in', 'cat', 'substr', '+', '-', '*', '/', '%', 'min', 'max',
  'var', 'missing', 'missing_some', 'some', 'all', 'none', 'filter', 'map', 'reduce',
]);

/** Operators that iterate over a list and evaluate their second argument per element. */
export const SEGMENT_LIST_OPERATORS: ReadonlySet<string> = new Set(['some', 'all', 'none', 'filter', 'map', 'reduce']);

/** Refused operators, with the reason given to the user. */
const REFUSED: Record<string, string> = {
  merge: '"merge" is not allowed in a segment rule (write a literal list instead)',
  log: '"log" is not allowed in a segment rule',
};

/** A rule that went over the step budget or the value-size bound while being evaluated. */
export class SegmentRuleCostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SegmentRuleCostError';
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The name a `var` reads: a literal string or number, or `[name, default]`. */
export function varName(args: unknown): unknown {
  return Array.isArray(args) ? (args as unknown[])[0] : args;
}

/**
 * What a rule may read: the entity's facts by name, and for list facts the fields of their elements.
 * `null` checks only the shape (operators, bounds, list sources), as evaluation does for a stored rule.
 */
export type RuleFacts = Record<string, 'scalar' | { items: readonly string[] }> | null;

/** The names a `var` may start with in a scope; `null`: not checked. */
type Scope = ReadonlySet<string> | null;

interface Pending {
  node: unknown;
  path: string;
  depth: number;
  scope: Scope;
  /** The root scope, where `{"var": ""}` (the whole record) is refused. */
  atRoot: boolean;
}

/** The element fields of a list source (`{"var": list fact}` or a `filter` of one); a string explains a refusal. */
function listSource(source: unknown, facts: RuleFacts, scope: Scope, atRoot: boolean, path: string): Scope | string {
  const refuse = `${path}: a list operator must iterate over a list fact of the entity (such as {"var": "${facts ? Object.keys(facts).find((k) => facts[k] !== 'scalar') ?? 'lines' : 'lines'}"}) or a "filter" of one`;
  if (!atRoot || !isPlainObject(source) || Object.keys(source).length !== 1) return refuse;
  if ('filter' in source) {
    const args = source.filter;
    return Array.isArray(args) && args.length === 2 ? listSource(args[0], facts, scope, atRoot, `${path}.filter[0]`) : refuse;
  }
  if (!('var' in source)) return refuse;
  const name = varName(source.var);
  if (typeof name !== 'string' || name === '' || name.includes('.')) return refuse;
  if (!facts) return null;
  const shape = facts[name];
  if (shape === undefined) return `${path}.var: "${name}" is not a fact of this entity (known: ${[...(scope ?? [])].join(', ')})`;
  return shape === 'scalar' ? refuse : new Set(shape.items);
}

function checkVar(args: unknown, scope: Scope, atRoot: boolean, path: string): string | null {
  if (Array.isArray(args) && args.length > 2) return `${path}: "var" takes a name and an optional default`;
  const name = varName(args);
  if (typeof name === 'number') return null; // an index into the current element
  if (typeof name !== 'string') return `${path}: "var" must name a fact with a string`;
  if (name === '') return atRoot ? `${path}: "var" must name a fact` : null;
  if (scope === null) return null;
  const head = name.split('.')[0]!;
  if (!scope.has(head)) return `${path}: "${name}" is not a fact of this entity (known: ${[...scope].join(', ')})`;
  return null;
}

/**
 * Checks a rule's shape and bounds without recursion: size, depth, array and string lengths first
 * (so a rule 3,000 levels deep is refused as such), then operators, `var` names (when `facts` is
 * given) and list sources. Returns the first problem, prefixed with its path, or null.
 */
export function checkRuleBounds(rule: unknown, facts: RuleFacts): string | null {
  const L = SEGMENT_RULE_LIMITS;
  // Pass 1: size, depth, lengths: nothing below looks deeper than `depth`.
  let nodes = 0;
  const sizes: { node: unknown; depth: number }[] = [{ node: rule, depth: 0 }];
  while (sizes.length) {
    const { node, depth } = sizes.pop()!;
    nodes += 1;
    if (nodes > L.nodes) return `a rule may have at most ${L.nodes} JSON nodes (values, lists and operations)`;
    if (depth > L.depth) return `a rule may be nested at most ${L.depth} levels deep`;
    if (typeof node === 'string' && node.length > L.stringLength) return `a text in a rule may be at most ${L.stringLength} characters`;
    if (typeof node === 'number' && !Number.isFinite(node)) return 'numbers in a rule must be finite';
    if (Array.isArray(node)) {
      if (node.length > L.arrayItems) return `a list in a rule may have at most ${L.arrayItems} items`;
      for (const item of node) sizes.push({ node: item, depth: depth + 1 });
    } else if (isPlainObject(node)) {
      const keys = Object.keys(node);
      for (const key of keys) {
        if (key.length > L.stringLength) return `an operator name may be at most ${L.stringLength} characters`;
        sizes.push({ node: node[key], depth: depth + 1 });
      }
    } else if (node !== null && typeof node !== 'string' && typeof node !== 'number' && typeof node !== 'boolean') {
      return 'a rule is JSON (objects, lists, texts, numbers, booleans, null)';
    }
  }
  // Pass 2: operators and names, in document order (the first problem is reported).
  const root: Scope = facts ? new Set(Object.keys(facts)) : null;
  const stack: Pending[] = [{ node: rule, path: 'rule', depth: 0, scope: root, atRoot: true }];
  while (stack.length) {
    const { node, path, scope, atRoot, depth } = stack.pop()!;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i -= 1) stack.push({ node: node[i], path: `${path}[${i}]`, depth: depth + 1, scope, atRoot });
      continue;
    }
    if (!isPlainObject(node)) continue;
    const keys = Object.keys(node);
    if (keys.length !== 1) return `${path}: an operation must have exactly one operator, got ${keys.length === 0 ? 'none' : keys.map((k) => `"${k}"`).join(', ')}`;
    const operator = keys[0]!;
    if (REFUSED[operator]) return `${path}: ${REFUSED[operator]}`;
    if (!SEGMENT_RULE_OPERATORS.has(operator)) return `${path}: "${operator}" is not a supported JsonLogic operator`;
    const args = node[operator];
    const here = `${path}.${operator}`;
    if (operator === 'var') {
      const problem = checkVar(args, scope, atRoot, here);
      if (problem) return problem;
      continue;
    }
    if (SEGMENT_LIST_OPERATORS.has(operator)) {
      const list = Array.isArray(args) ? (args as unknown[]) : [args];
      if (list.length < 2 || list.length > (operator === 'reduce' ? 3 : 2)) return `${here}: takes a list and an operation${operator === 'reduce' ? ' (and an initial value)' : ''}`;
      const inner = listSource(list[0], facts, scope, atRoot, `${here}[0]`);
      if (typeof inner === 'string') return inner;
      const bodyScope: Scope = operator === 'reduce' ? new Set(['current', 'accumulator']) : inner;
      if (list[2] !== undefined) stack.push({ node: list[2], path: `${here}[2]`, depth: depth + 1, scope, atRoot });
      stack.push({ node: list[1], path: `${here}[1]`, depth: depth + 1, scope: bodyScope, atRoot: false });
      stack.push({ node: list[0], path: `${here}[0]`, depth: depth + 1, scope, atRoot });
      continue;
    }
    stack.push({ node: args, path: here, depth: depth + 1, scope, atRoot });
  }
  return null;
}

/** The JsonLogic truthiness: `[]` is false, otherwise JavaScript's. */
export function truthy(value: unknown): boolean {
  if (Array.isArray(value) && value.length === 0) return false;
  return Boolean(value);
}

interface Budget {
  steps: number;
}

function spend(budget: Budget, steps: number): void {
  budget.steps -= steps;
  if (budget.steps < 0) throw new SegmentRuleCostError(`the rule takes more than ${SEGMENT_RULE_LIMITS.steps} evaluation steps for one record`);
}

function sized<T extends string | unknown[]>(budget: Budget, value: T): T {
  if (value.length > SEGMENT_RULE_LIMITS.valueSize) throw new SegmentRuleCostError(`the rule builds a ${typeof value === 'string' ? 'text' : 'list'} longer than ${SEGMENT_RULE_LIMITS.valueSize}`);
  spend(budget, value.length);
  return value;
}

const own = (data: unknown, key: string): boolean => typeof data === 'object' && data !== null && Object.prototype.hasOwnProperty.call(data, key);

function readVar(data: unknown, name: unknown, fallback: unknown): unknown {
  const notFound = fallback === undefined ? null : fallback;
  if (name === undefined || name === '' || name === null) return data;
  let value = data;
  for (const part of String(name).split('.')) {
    if (value === null || value === undefined) return notFound;
    // Own properties only: a rule reads facts, never a prototype's members.
    value = own(value, part) ? (value as Record<string, unknown>)[part] : undefined;
    if (value === undefined) return notFound;
  }
  return value;
}

// JsonLogic's == and != are JavaScript's loose comparisons.
function applyPlain(operator: string, a: unknown[], data: unknown, budget: Budget): unknown {
  const [x, y, z] = a as [any, any, any]; // eslint-disable-line @typescript-eslint/no-explicit-any
  switch (operator) {
    case '==': return x == y;
    case '===': return x === y;
    case '!=': return x != y;
    case '!==': return x !== y;
    case '>': return x > y;
    case '>=': return x >= y;
    case '<': return z === undefined ? x < y : x < y && y < z;
    case '<=': return z === undefined ? x <= y : x <= y && y <= z;
    case '!!': return truthy(x);
    case '!': return !truthy(x);
    case '%': return x % y;
    case 'in':
      if (typeof y === 'string' || Array.isArray(y)) {
        spend(budget, y.length);
        return (y as string).indexOf(x) !== -1;
      }
      return false;
    case 'cat': {
      for (const part of a) if (typeof part === 'string' || Array.isArray(part)) sized(budget, part);
      return sized(budget, a.join(''));
    }
    case 'substr': {
      const source = sized(budget, String(x));
      if (z < 0) {
        const rest = source.substr(y);
        return rest.substr(0, rest.length + z);
      }
      return source.substr(y, z);
    }
    case '+': return a.reduce<number>((sum, v) => sum + parseFloat(v as string), 0);
    case '*': return a.length ? (a as unknown[]).reduce((p, v) => parseFloat(p as string) * parseFloat(v as string)) : undefined;
    case '-': return y === undefined ? -x : x - y;
    case '/': return x / y;
    case 'min': return Math.min(...(a as number[]));
    case 'max': return Math.max(...(a as number[]));
    case 'var': return readVar(data, x, y);
    case 'missing': {
      const keys = Array.isArray(x) ? (x as unknown[]) : a;
      spend(budget, keys.length);
      return keys.filter((key) => {
        const value = readVar(data, key, undefined);
        return value === null || value === '';
      });
    }
    case 'missing_some': {
      const options = Array.isArray(y) ? (y as unknown[]) : [];
      const missing = applyPlain('missing', [options], data, budget) as unknown[];
      return options.length - missing.length >= x ? [] : missing;
    }
    default:
      throw new SegmentRuleCostError(`"${operator}" is not a supported JsonLogic operator`);
  }
}

function evaluate(node: unknown, data: unknown, budget: Budget): unknown {
  spend(budget, 1);
  if (Array.isArray(node)) return node.map((item) => evaluate(item, data, budget));
  if (!isPlainObject(node) || Object.keys(node).length !== 1) return node;
  const operator = Object.keys(node)[0]!;
  const raw = node[operator];
  const args: unknown[] = Array.isArray(raw) ? raw : [raw];
  switch (operator) {
    case 'if':
    case '?:': {
      let i = 0;
      for (; i < args.length - 1; i += 2) if (truthy(evaluate(args[i], data, budget))) return evaluate(args[i + 1], data, budget);
      return args.length === i + 1 ? evaluate(args[i], data, budget) : null;
    }
    case 'and':
    case 'or': {
      let current: unknown;
      for (const arg of args) {
        current = evaluate(arg, data, budget);
        if (truthy(current) === (operator === 'or')) return current;
      }
      return current;
    }
    case 'filter':
    case 'map':
    case 'reduce':
    case 'all':
    case 'none':
    case 'some':
      return evaluateList(operator, args, data, budget);
    default:
      return applyPlain(operator, args.map((arg) => evaluate(arg, data, budget)), data, budget);
  }
}

function evaluateList(operator: string, args: unknown[], data: unknown, budget: Budget): unknown {
  const list = evaluate(args[0], data, budget);
  const body = args[1];
  const items = Array.isArray(list) ? list : null;
  if (items) spend(budget, items.length);
  const test = (item: unknown) => truthy(evaluate(body, item, budget));
  switch (operator) {
    case 'filter':
      return items ? items.filter(test) : [];
    case 'map':
      return items ? items.map((item) => evaluate(body, item, budget)) : [];
    case 'reduce': {
      const initial = args[2] !== undefined ? evaluate(args[2], data, budget) : null;
      return items ? items.reduce((accumulator: unknown, current) => evaluate(body, { current, accumulator }, budget), initial) : initial;
    }
    case 'all':
      return items !== null && items.length > 0 && items.every(test);
    case 'none':
      return items === null || !items.some(test);
    default:
      return items !== null && items.some(test);
  }
}

/** Rules already checked for evaluation (a stored rule is checked once per loaded object). */
const checked = new WeakMap<object, string | null>();

/**
 * Evaluates a rule over one record's facts within the step budget. The rule's shape and bounds are
 * checked first (once per rule object), so evaluation never recurses deeper than the depth bound.
 * Throws SegmentRuleCostError for a rule out of bounds or over budget.
 */
export function evaluateSegmentRule(rule: unknown, facts: unknown): unknown {
  if (typeof rule !== 'object' || rule === null) return rule;
  let problem = checked.get(rule);
  if (problem === undefined) {
    problem = checkRuleBounds(rule, null);
    checked.set(rule, problem);
  }
  if (problem) throw new SegmentRuleCostError(problem);
  return evaluate(rule, facts, { steps: SEGMENT_RULE_LIMITS.steps });
}
