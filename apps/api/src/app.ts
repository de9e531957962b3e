import 'reflect-metadata';
import { asSystem } from './database/visibility.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MikroORM } from '@mikro-orm/postgresql';
import { pino } from 'pino';
import type { AppConfig } from './config.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './database/embedded-postgres.js';
import { migrate } from './database/migrate.js';
import { ormConfig } from './database/orm-config.js';
import { ensureSuperUser, seedDemoData, type DemoLogin } from './database/seed.js';
import { buildAppSchema } from './graphql/schema.js';
import { createHttpApp } from './http/server.js';
import { join } from 'node:path';
import { startJobs, type JobQueue } from './jobs/job-queue.js';
import { jobDefinitions } from './modules/index.js';

export interface RunningApp {
  url: string;
  port: number;
  orm: MikroORM;
  jobs: JobQueue;
  demoLogins: DemoLogin[];
  stop(): Promise<void>;
}

/** config → database → ORM → migrations → seed → schema → HTTP. Used by main.ts and by the tests. */
export async function startApp(config: AppConfig): Promise<RunningApp> {
  const logger = pino({ level: config.logLevel });
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres(join(config.dataDir, 'pg'));
    databaseUrl = embedded.url;
  }
  const orm = await MikroORM.init(ormConfig(databaseUrl, { pool: { min: 0, max: config.dbPoolMax } }));
  let ready = false;
  const httpServer = createServer();
  let jobs: JobQueue | undefined;
  try {
    await migrate(orm, databaseUrl);
    const superUser = await ensureSuperUser(asSystem(orm.em.fork(), 'start-up: the super user'), config);
    const demoLogins = config.seedDemo ? await seedDemoData(asSystem(orm.em.fork(), 'start-up: demo data'), superUser) : [];
    jobs = await startJobs({ connectionString: databaseUrl, orm, config, logger, definitions: jobDefinitions, working: config.workers });
    const schema = await buildAppSchema();
    const { app, apollo } = await createHttpApp({ config, orm, schema, logger, isReady: () => ready, jobs }, httpServer);
    httpServer.on('request', app);
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(config.port, config.host, resolve);
    });
    ready = true;
    const port = (httpServer.address() as AddressInfo).port;
    return {
      url: `http://localhost:${port}`,
      port,
      orm,
      jobs,
      demoLogins,
      async stop() {
        await apollo.stop();
        await jobs?.stop();
        await orm.close(true);
        await embedded?.stop();
      },
    };
  } catch (error) {
    httpServer.close();
    await jobs?.stop().catch(() => {});
    await orm.close(true);
    await embedded?.stop();
    throw error;
  }
}
