import type { Action, SubjectName } from '@perkflow/authz';
import type { GraphQLResolveInfo } from 'graphql';
import type { MiddlewareFn } from 'type-graphql';
import type { GraphQLContext } from './context.js';
import { forbidden, unauthenticated } from './errors.js';

/**
 * Every query and mutation declares who may call it, with exactly one of these decorators. The global
 * `enforceGuards` middleware fails closed: an operation without a declaration answers FORBIDDEN, and
 * test/guards.test.ts walks the schema to prove every operation is guarded.
 */
type GuardSpec = { kind: 'public' } | { kind: 'authenticated' } | { kind: 'can'; rules: [Action, SubjectName][] };

const guards = new Map<string, GuardSpec>();

function register(spec: GuardSpec): MethodDecorator {
  return (_target, propertyKey) => {
    const name = String(propertyKey);
    if (guards.has(name)) throw new Error(`Operation ${name} is guarded twice (operation names must be unique)`);
    guards.set(name, spec);
  };
}

/** Callable without signing in (only `login`). */
export const Public = (): MethodDecorator => register({ kind: 'public' });

/** Any signed-in user or API key. */
export const Authenticated = (): MethodDecorator => register({ kind: 'authenticated' });

/**
 * Signed in, and the ability allows `action` on `subject` for at least some records (the service then
 * checks the record itself and filters lists). Several pairs: any one suffices.
 */
export function Can(action: Action, subject: SubjectName, ...more: [Action, SubjectName][]): MethodDecorator {
  return register({ kind: 'can', rules: [[action, subject], ...more] });
}

/** The declared guard of a root operation, by field name (for the guard test). */
export function guardOf(operation: string): GuardSpec | undefined {
  return guards.get(operation);
}

function isRootField(info: GraphQLResolveInfo): boolean {
  return info.path.prev === undefined;
}

export const enforceGuards: MiddlewareFn<GraphQLContext> = async ({ context, info }, next) => {
  if (!isRootField(info)) return next();
  const spec = guards.get(info.fieldName);
  if (spec?.kind === 'public') return next();
  if (!context.viewer) throw unauthenticated();
  if (!spec) throw forbidden(`Operation ${info.fieldName} declares no guard`);
  if (spec.kind === 'can' && !spec.rules.some(([action, subject]) => context.ability.can(action, subject))) {
    throw forbidden(`Your roles may not call ${info.fieldName}`);
  }
  return next();
};
