/**
 * Visibility as a property of data access (SPEC §1, docs/SECURITY.md "Visibility").
 *
 * ONE mechanism decides what a viewer may read of explicit viewing entities and of every record that
 * exists only through one:
 *
 * - Entities declare it: `@Visible(type, table)` on an explicit viewing entity, `@VisibleThrough(type,
 *   table, parent)` on a record that exists only through one (a campaign's codes and redemptions, an
 *   offer's awards, a definition's ad hoc discounts), `@VisibleWhere` on records about a polymorphic
 *   subject (approval requests, audit entries, review flags). Each is a MikroORM filter named
 *   `visibility`, on by default, whose condition is one SQL predicate built here. Every `find`, `findOne`,
 *   `count`, `findByCursor` and populate therefore sees only what the viewer may see; to-one relations to
 *   filtered entities are joined with the filter too (MikroORM's autoJoinRefsForFilters).
 * - The request's entity manager carries the viewer's scope as the filter's parameters (`useViewer`, called
 *   where the GraphQL / HTTP context is built). An entity manager without them FAILS CLOSED: MikroORM throws
 *   "No arguments provided for filter 'visibility'" (and `scopeOfEm` the same for raw SQL).
 * - The system's own work (start-up, jobs, chaining audit entries, billing) opts out explicitly and
 *   visibly with `asSystem(em, reason)`.
 * - Raw SQL (reports, CSV, statistics, wallets, the redemption context) takes the same predicate from
 *   `visibleSql` / `visibleRecordSql` (or `visibleSqlBound` for prepared statements with fixed parameters).
 *
 * test/visibility-mechanism.test.ts fails when an entity that points at a declared one lacks the
 * declaration, or when code opts out or writes raw SQL on declared tables outside the audited places.
 */
import { Filter, raw, type EntityManager } from '@mikro-orm/core';
import { NOTHING_VISIBLE, visibilityScope, type AbilityUser, type VisibilityScope } from '@perkflow/authz';

export const VISIBILITY_FILTER = 'visibility';

/** The tables of the explicit viewing entities (what `@Visible()` marks). */
export const EXPLICIT_TABLES = ['campaign', 'reward_scheme', 'reward_offer', 'reward_offer_template', 'additive_discount_definition'] as const;
export type ExplicitTable = (typeof EXPLICIT_TABLES)[number];

const ID = /^\d{1,18}$/;

function idArray(ids: readonly string[]): string {
  for (const id of ids) if (!ID.test(id)) throw new Error(`visibility: "${id}" is not an id`);
  return `'{${ids.join(',')}}'::bigint[]`;
}

/** The predicate on one explicit row (alias), with the arrays given as SQL expressions. */
function predicate(alias: string, groups: string, levels: string): string {
  return `(${alias}.owned_by_group_id = any(${groups}) and (${alias}.privacy_level_id is null or ${alias}.privacy_level_id = any(${levels})))`;
}

/**
 * The SQL predicate "the explicit row `alias` is visible to this scope" (ids inlined: they are validated
 * bigints). `true` for an all-seeing scope. Use it in every raw SQL statement that reads an explicit table.
 */
export function visibleSql(scope: VisibilityScope, alias: string): string {
  if (scope.all) return 'true';
  return predicate(alias, idArray(scope.groupIds), idArray(scope.levelIds));
}

/**
 * The same predicate for a prepared statement whose text must not change per viewer: `$all`, `$groups`,
 * `$levels` are placeholders, bound to `visibleSqlParams(scope)` in that order.
 */
export function visibleSqlBound(alias: string, all: string, groups: string, levels: string): string {
  return `(${all}::boolean or ${predicate(alias, `${groups}::bigint[]`, `${levels}::bigint[]`)})`;
}

export function visibleSqlParams(scope: VisibilityScope): [boolean, string[], string[]] {
  return scope.all ? [true, [], []] : [false, [...scope.groupIds], [...scope.levelIds]];
}

/** A record kind whose visibility is declared, by its GraphQL / audit type name. */
interface DeclaredVisibility {
  type: string;
  table: string;
  /** The predicate on a row of `table` aliased `alias`. */
  where: (scope: VisibilityScope, alias: string) => string;
  /** Its predicate reads a type column (audit entries, review flags): never itself a target of one. */
  polymorphic?: boolean;
  /** The primary key column ('id' unless the table is keyed by its parent, as voucher_terms by campaign_id). */
  idColumn: string;
}
const declared = new Map<string, DeclaredVisibility>();

/** Every declared kind (the mechanism test and the audit filter read it). */
export function declaredVisibility(): ReadonlyMap<string, DeclaredVisibility> {
  return declared;
}

/** A safe bigint cast of a text or bigint SQL expression (null when it is not an id). */
function asId(expr: string): string {
  return `(case when (${expr})::text ~ '^[0-9]{1,18}$' then (${expr})::text::bigint end)`;
}

/**
 * "the record of kind `type` whose id is `idExpr` is visible": for polymorphic references (an approval
 * request's subject, an audit entry's entity, a review flag's subject). Kinds nobody declared are visible.
 */
export function visibleRecordSql(scope: VisibilityScope, type: string, idExpr: string): string {
  const kind = declared.get(type);
  if (scope.all || !kind) return 'true';
  const alias = `r_${kind.table}`;
  return `exists (select 1 from ${kind.table} ${alias} where ${alias}.${kind.idColumn} = ${asId(idExpr)} and ${kind.where(scope, alias)})`;
}

/**
 * "no record of kind `type` with id `idExpr` is invisible": true when the record is visible or does not
 * exist (an approval request whose subject is gone reveals nothing of an invisible one).
 */
export function notInvisibleRecordSql(scope: VisibilityScope, type: string, idExpr: string): string {
  const kind = declared.get(type);
  if (scope.all || !kind) return 'true';
  const alias = `n_${kind.table}`;
  return `not exists (select 1 from ${kind.table} ${alias} where ${alias}.${kind.idColumn} = ${asId(idExpr)} and not ${kind.where(scope, alias)})`;
}

/** Like visibleRecordSql, for a type held in a column: one CASE over every declared kind. */
export function visibleRecordOfTypeSql(scope: VisibilityScope, typeExpr: string, idExpr: string): string {
  if (scope.all) return 'true';
  const cases = [...declared.values()].filter((k) => !k.polymorphic).map(({ type }) => `when '${type}' then ${visibleRecordSql(scope, type, idExpr)}`);
  return `(case ${typeExpr} ${cases.join(' ')} else true end)`;
}

function scopeOf(args: unknown): VisibilityScope {
  const scope = args as VisibilityScope | undefined;
  // Defensive: a malformed parameter sees nothing (MikroORM already throws when there is none).
  if (!scope || typeof scope !== 'object' || (scope.all !== true && !Array.isArray(scope.groupIds))) return NOTHING_VISIBLE;
  return scope;
}

function declare(type: string, table: string, where: DeclaredVisibility['where'], polymorphic = false, idColumn = 'id'): ClassDecorator {
  if (declared.has(type)) throw new Error(`visibility of ${type} declared twice`);
  declared.set(type, { type, table, where, polymorphic, idColumn });
  return Filter({
    name: VISIBILITY_FILTER,
    default: true,
    cond: (args: unknown) => {
      const scope = scopeOf(args);
      if (scope.all) return {};
      return { [raw((alias: string) => where(scope, alias))]: [] };
    },
  }) as ClassDecorator;
}

/**
 * Declares an explicit viewing entity (extends OwnedByGroupEntity). `scheme: true`: it also exists only
 * through its reward scheme (reward offers).
 */
export function Visible(type: string, table: ExplicitTable, options: { scheme?: boolean } = {}): ClassDecorator {
  return declare(type, table, (scope, alias) =>
    visibleSql(scope, alias) + (options.scheme ? ` and ${visibleRecordSql(scope, 'RewardScheme', `${alias}.scheme_id`)}` : ''));
}

/**
 * Declares a record that exists only through an explicit viewing entity (or another such record):
 * `parent(alias)` answers the parent's kind and the SQL expression of its id on the record's row.
 * E.g. `@VisibleThrough('Code', 'code', (a) => ['Campaign', `${a}.campaign_id`])`.
 */
export function VisibleThrough(type: string, table: string, parent: (alias: string) => [string, string], options: { idColumn?: string } = {}): ClassDecorator {
  return declare(type, table, (scope, alias) => {
    const [kind, idExpr] = parent(alias);
    return visibleRecordSql(scope, kind, idExpr);
  }, false, options.idColumn);
}

/**
 * Declares a record whose visibility is its own SQL predicate (an approval request: through its subject).
 * `polymorphic`: the predicate reads a type column (visibleRecordOfTypeSql), as audit entries and review
 * flags do; such kinds are never the target of another polymorphic reference.
 */
export function VisibleWhere(type: string, table: string, where: DeclaredVisibility['where'], options: { polymorphic?: boolean } = {}): ClassDecorator {
  return declare(type, table, where, options.polymorphic ?? false);
}

/** Gives a request's entity manager the viewer's visibility. Call once where the request context is built. */
export function useViewer<E extends EntityManager>(em: E, viewer: AbilityUser | null): E {
  em.setFilterParams(VISIBILITY_FILTER, visibilityScope(viewer));
  return em;
}

/**
 * The system's own work sees everything: jobs, seeds, the redemption core, decisions that need the whole.
 * `reason` says why (kept on the parameters, visible in a debugger and greppable in review); the call
 * sites are listed in test/visibility-mechanism.test.ts.
 */
export function asSystem<E extends EntityManager>(em: E, reason: string): E {
  em.setFilterParams(VISIBILITY_FILTER, { all: true, system: reason } satisfies VisibilityScope);
  return em;
}

/** The scope an entity manager carries; throws (fails closed) when it carries none. */
export function scopeOfEm(em: EntityManager): VisibilityScope {
  const params = em.getFilterParams(VISIBILITY_FILTER);
  if (!params) throw new Error(`No arguments provided for filter '${VISIBILITY_FILTER}' (useViewer or asSystem)`);
  return scopeOf(params);
}
