import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { installJobSchema } from '../jobs/job-queue.js';

const MIGRATION_LOCK = 7_411_000;

/** Applies pending migrations and installs/upgrades the job queue's tables; several processes starting at once take turns on an advisory lock. */
export async function migrate(orm: MikroORM, url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await orm.getMigrator().up();
    await installJobSchema(url);
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    await client.end();
  }
}
