import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { entities } from '../modules/index.js';
import { migrationsList } from './migrations/index.js';
import { IDLE_IN_TRANSACTION_TIMEOUT_MS, STATEMENT_TIMEOUT_MS } from './statement-limits.js';

/** The ORM configuration for a database URL. Migrations are listed in code, so src and dist behave alike. */
export function ormConfig(clientUrl: string, options: Partial<Options> = {}): Options {
  return defineConfig({
    clientUrl,
    entities: [...entities],
    discovery: { warnWhenNoEntities: true, requireEntitiesArray: true },
    extensions: [Migrator],
    migrations: {
      migrationsList,
      snapshot: false,
      path: 'dist/database/migrations',
      pathTs: 'src/database/migrations',
      transactional: true,
      allOrNothing: true,
      emit: 'ts',
    },
    pool: { min: 0, max: 10 },
    driverOptions: { connection: { statement_timeout: STATEMENT_TIMEOUT_MS, idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS } },
    forceUtcTimezone: true,
    ignoreUndefinedInQuery: true,
    serialization: { forceObject: false },
    debug: false,
    ...options,
  });
}
