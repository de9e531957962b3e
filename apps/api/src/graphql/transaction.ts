import type { MiddlewareFn } from 'type-graphql';
import { appendAuditEntries } from '../modules/audit/audit-trail.js';
import type { GraphQLContext } from './context.js';

/**
 * Every mutation is one transaction (SPEC §10): the resolver runs on the transaction's entity manager,
 * pending changes are flushed, then the audit entries it recorded are chained in, then it commits.
 * Any error rolls all of it back. Callbacks registered with `ctx.afterCommit` run after the commit.
 */
export const mutationTransaction: MiddlewareFn<GraphQLContext> = async ({ context, info }, next) => {
  if (info.parentType.name !== 'Mutation' || info.path.prev !== undefined) return next();
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
