import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import express from 'express';
import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { AppConfig } from '../config.js';
import type { GraphQLContext } from '../graphql/context.js';
import { complexityPlugin, validationRules } from '../graphql/limits.js';
import { abilityFor, authenticate } from '../modules/access/auth.service.js';
import { formatError } from './format-error.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { httpRoutes } from '../modules/index.js';
import { useViewer } from '../database/visibility.js';

export interface HttpDeps {
  config: AppConfig;
  orm: MikroORM;
  schema: GraphQLSchema;
  logger: Logger;
  isReady: () => boolean;
  jobs: JobQueue;
}

/**
 * A module's plain HTTP routes (CSV exports, downloads) under `/api/<module>/…`. `contextFor(req)`
 * gives the same context a GraphQL request gets (viewer from the Authorization header, ability,
 * entity manager), so routes authorise with the same `assertCan` / `accessFilter` helpers.
 */
export type HttpRouteDefinition = (router: express.Router, deps: { contextFor(req: express.Request): Promise<GraphQLContext> }) => void;

/** Express app: POST /graphql, GET /healthz, and the built admin app (with SPA fallback) on one port. */
export async function createHttpApp(deps: HttpDeps, httpServer: Server) {
  const { config, orm, schema, logger } = deps;
  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    introspection: !config.isProduction,
    includeStacktraceInErrorResponses: !config.isProduction,
    hideSchemaDetailsFromClientErrors: config.isProduction,
    allowBatchedHttpRequests: false,
    validationRules,
    formatError: (formatted: GraphQLFormattedError, error: unknown) => formatError(formatted, error, config, logger),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      complexityPlugin(schema),
      ...(config.isProduction ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
  });
  await apollo.start();

  async function contextFor(req: express.Request): Promise<GraphQLContext> {
    const em = orm.em.fork();
    const viewer = await authenticate(em, req.headers.authorization);
    // Visibility is a property of data access: every read through these entity managers sees only what the viewer may.
    useViewer(em, viewer);
    const pendingAfterCommit: (() => Promise<unknown>)[] = [];
    const context: GraphQLContext = {
      em,
      rootEm: useViewer(orm.em.fork(), viewer),
      viewer,
      ability: abilityFor(viewer),
      pendingAudit: [],
      config,
      ip: req.ip ?? 'unknown',
      logger,
      jobs: deps.jobs,
      pendingAfterCommit,
      // `this`, not `context`: Apollo hands resolvers a shallow clone of the context, on which the
      // mutation middleware resets pendingAfterCommit.
      afterCommit(this: GraphQLContext, callback) {
        this.pendingAfterCommit.push(callback);
      },
    };
    return context;
  }

  const app = express();
  app.disable('x-powered-by');
  // API answers are never conditional GETs: no ETag hashing of every GraphQL response body.
  app.set('etag', false);
  app.set('trust proxy', 'loopback');

  app.get('/healthz', async (_req, res) => {
    if (!deps.isReady()) {
      res.status(503).json({ status: 'starting' });
      return;
    }
    try {
      await orm.em.getConnection().execute('select 1');
      res.json({ status: 'ok' });
    } catch {
      res.status(503).json({ status: 'database unavailable' });
    }
  });

  app.use(
    '/graphql',
    express.json({ limit: '2mb' }),
    expressMiddleware(apollo, {
      context: ({ req }) => contextFor(req),
    }),
  );

  const routes = express.Router();
  for (const register of httpRoutes) register(routes, { contextFor });
  app.use('/api', routes);

  if (existsSync(join(config.adminDist, 'index.html'))) {
    app.use(express.static(config.adminDist, { index: false, maxAge: '1h' }));
    app.get(/^\/(?!graphql|healthz|api\/).*/, (_req, res) => res.sendFile(join(config.adminDist, 'index.html')));
  } else {
    app.get('/', (_req, res) => res.type('text').send('Perkflow API: POST /graphql. The admin app is not built (pnpm build).'));
  }
  return { app, apollo };
}
