import type { MiddlewareFn } from 'type-graphql';
import { appendAuditEntries } from '../modules/audit/audit-trail.js';
import type { GraphQLContext } from './context.js';

/**
 * Every mutation is one transaction (SPEC §10): the resolver runs on the transaction's entity manager,
 * pending changes are flushed, then the audit entries it recorded are chained in, then it commits.
 * Any error rolls all of it back.
 */
export const mutationTransaction: MiddlewareFn<GraphQLContext> = async ({ context, info }, next) => {
  if (info.parentType.name !== 'Mutation' || info.path.prev !== undefined) return next();
  const outer = context.em;
  try {
    return await outer.transactional(async (em) => {
      context.em = em;
      context.pendingAudit = [];
      const result = await next();
      await em.flush();
      await appendAuditEntries(em, context.viewer?.id ?? null, context.pendingAudit);
      return result;
    });
  } finally {
    context.pendingAudit = [];
  }
};
