import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { entities } from '../modules/index.js';
import { migrationsList } from './migrations/index.js';

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
    forceUtcTimezone: true,
    ignoreUndefinedInQuery: true,
    serialization: { forceObject: false },
    debug: false,
    ...options,
  });
}
