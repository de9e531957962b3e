import type { EntityManager } from '@mikro-orm/postgresql';

interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

interface KnexClient {
  acquireConnection(): Promise<PgClient>;
  releaseConnection(connection: PgClient): Promise<unknown>;
}

/**
 * Runs one statement as a named prepared statement on a pooled connection, bypassing the query builder:
 * for the few statements of the redemption hot path (API-key authentication, the redemption context, the
 * redeem function), PostgreSQL plans each once per connection and Node skips the builder's rewriting.
 * `text` uses $1…$n placeholders, each once and in order (so the same text also runs, with `?`, through
 * the entity manager's transaction when there is one). Rows come back as `em.getConnection().execute` gives them.
 */
export async function preparedQuery<R>(em: EntityManager, name: string, text: string, values: readonly unknown[]): Promise<R[]> {
  const connection = em.getConnection();
  const tx = em.getTransactionContext<{ isCompleted?: () => boolean }>();
  if (tx && !tx.isCompleted?.()) {
    return connection.execute<R[]>(text.replace(/\$\d+/g, '?'), [...values], 'all', tx);
  }
  const client = (connection.getKnex() as unknown as { client: KnexClient }).client;
  const pg = await client.acquireConnection();
  try {
    return (await pg.query({ name, text, values: [...values] })).rows as R[];
  } finally {
    await client.releaseConnection(pg);
  }
}
