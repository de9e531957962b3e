import type { MiddlewareFn } from 'type-graphql';
import { appendAuditEntries } from '../modules/audit/audit-trail.js';
import type { GraphQLContext } from './context.js';

/**
 * Every mutation is one transaction (SPEC §10): the resolver runs on the transaction's entity manager,
 * pending changes are flushed, then the audit entries it recorded are written (pending, no lock: the
 * chainer links them after the commit, modules/audit/audit-chainer.ts), then it commits.
 * Any error rolls all of it back. Callbacks registered with `ctx.afterCommit` run after the commit.
 */
/**
 * Mutations whose whole effect is one atomic database statement (redeemCode: one call of the
 * perkflow_redeem function, which is its own transaction), so the hot path holds no transaction open
 * across round trips. Such a resolver opens a transaction itself for any follow-up writes and changes
 * nothing before its atomic statement; audit entries it records are written right after it (in a transaction of their own), and
 * `afterCommit` callbacks run after that. Register with `registerSelfTransactional(name)`.
 */
const selfTransactional = new Set<string>();

export function registerSelfTransactional(mutation: string): void {
  selfTransactional.add(mutation);
}

async function runSelfTransactional(context: GraphQLContext, next: () => Promise<unknown>): Promise<unknown> {
  context.pendingAfterCommit = [];
  context.pendingAudit = [];
  try {
    const value = await next();
    if (context.pendingAudit.length) {
      const entries = context.pendingAudit;
      await context.em.transactional((em) => appendAuditEntries(em, context.viewer?.id ?? null, entries));
    }
    for (const callback of context.pendingAfterCommit) {
      await callback().catch((error: unknown) => context.logger.error({ err: error }, 'afterCommit callback failed'));
    }
    return value;
  } finally {
    context.pendingAudit = [];
    context.pendingAfterCommit = [];
  }
}

export const mutationTransaction: MiddlewareFn<GraphQLContext> = async ({ context, info }, next) => {
  if (info.parentType.name !== 'Mutation' || info.path.prev !== undefined) return next();
  if (selfTransactional.has(info.fieldName)) return runSelfTransactional(context, next);
  const outer = context.em;
  // Emptied in place, never replaced: Apollo hands resolvers a shallow copy of the request context, and
  // ctx.afterCommit pushes into the array of the original, which the copy shares.
  context.pendingAfterCommit.length = 0;
  try {
    const result = await outer.transactional(async (em) => {
      context.em = em;
      context.pendingAudit = [];
      const value = await next();
      await em.flush();
      await appendAuditEntries(em, context.viewer?.id ?? null, context.pendingAudit);
      return value;
    });
    for (const callback of context.pendingAfterCommit.splice(0)) {
      await callback().catch((error: unknown) => context.logger.error({ err: error }, 'afterCommit callback failed'));
    }
    return result;
  } finally {
    // Field resolvers of the result run after the commit: give them the request's entity manager back.
    context.em = outer;
    context.pendingAudit = [];
    context.pendingAfterCommit.length = 0;
  }
};
