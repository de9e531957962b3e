import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Runs raw SQL on the entity manager's connection, inside its transaction when it has one (field
 * resolvers of a mutation's result run after the commit, on the same entity manager). Returns the rows.
 */
export function sql<R extends unknown[] = Record<string, unknown>[]>(em: EntityManager, text: string, params: readonly unknown[] = []): Promise<R> {
  const current = em.getTransactionContext<{ isCompleted?: () => boolean }>();
  const tx = current && !current.isCompleted?.() ? current : undefined;
  return em.getConnection().execute<R>(text, [...params], 'all', tx);
}
