import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { asSystem } from './database/visibility.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MikroORM } from '@mikro-orm/postgresql';
import { pino } from 'pino';
import { DEMO_PASSWORD, type AppConfig } from './config.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './database/embedded-postgres.js';
import { migrate } from './database/migrate.js';
import { ormConfig } from './database/orm-config.js';
import { JOB_CONNECTION_LIMITS } from './database/statement-limits.js';
import { ensureSuperUser, secureSuperUsers, seedDemoData, type DemoLogin } from './database/seed.js';
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
  /** The demo users created by this start, with their password (in production the only time it is shown). */
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
  // Jobs of a worker process get their own small pool with the jobs' longer statement bound (orm-config.ts).
  let jobOrm: MikroORM | undefined;
  try {
    if (config.workers) jobOrm = await MikroORM.init(ormConfig(databaseUrl, { pool: { min: 0, max: 6 }, driverOptions: { connection: JOB_CONNECTION_LIMITS } }));
    await migrate(orm, databaseUrl);
    const superUser = await ensureSuperUser(asSystem(orm.em.fork(), 'start-up: the super user'), config);
    await secureSuperUsers(asSystem(orm.em.fork(), 'start-up: super users on public passwords'), config);
    // In production demo data comes only when asked for (PERKFLOW_SEED_DEMO=true), and never with the public password.
    const demoPassword = config.isProduction ? randomBytes(12).toString('base64url') : DEMO_PASSWORD;
    const demoLogins = config.seedDemo ? await seedDemoData(asSystem(orm.em.fork(), 'start-up: demo data'), superUser, demoPassword) : [];
    jobs = await startJobs({ connectionString: databaseUrl, orm: jobOrm ?? orm, config, logger, definitions: jobDefinitions, working: config.workers });
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
      /** Drains in-flight HTTP requests (Apollo's drain plugin, 10 s grace) and running jobs (10 s) together, then closes the pools. */
      async stop() {
        await Promise.all([apollo.stop(), jobs?.stop()]);
        await jobOrm?.close(true);
        await orm.close(true);
        await embedded?.stop();
      },
    };
  } catch (error) {
    httpServer.close();
    await jobs?.stop().catch(() => {});
    await jobOrm?.close(true);
    await orm.close(true);
    await embedded?.stop();
    throw error;
  }
}
