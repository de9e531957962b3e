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
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { AppConfig } from '../config.js';
import type { GraphQLContext } from '../graphql/context.js';
import { complexityPlugin, parseOptions, QUERY_LIMITS, validationRules } from '../graphql/limits.js';
import { abilityFor, authenticate } from '../modules/access/auth.service.js';
import { formatError } from './format-error.js';
import { answerHttpError, GRAPHQL_BODY_LIMIT, graphqlRequestGate, unknownApiRoute } from './routes.js';
import { outageStatusPlugin, rethrowContextError } from './outage.js';
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

/**
 * helmet's headers everywhere (nosniff, referrer policy, frame-ancestors 'none' / X-Frame-Options DENY)
 * and a CSP that lets the admin SPA run: its own scripts, its own styles plus Mantine's injected ones,
 * data:/blob: images (QR codes) and the camera scanner's media stream. In development the Apollo
 * landing page on GET /graphql loads its own scripts, so /graphql gets no CSP there.
 */
function securityHeaders(isProduction: boolean): express.RequestHandler {
  const strict = helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'media-src': ["'self'", 'blob:', 'mediastream:'],
        'connect-src': ["'self'"],
        'font-src': ["'self'", 'data:'],
        'worker-src': ["'self'", 'blob:'],
        'frame-ancestors': ["'none'"],
        'form-action': ["'self'"],
        'object-src': ["'none'"],
        // A deployment may serve plain HTTP behind its own TLS terminator or on loopback: no forced upgrade.
        'upgrade-insecure-requests': null,
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: isProduction,
  });
  const withoutCsp = helmet({ contentSecurityPolicy: false, frameguard: { action: 'deny' }, referrerPolicy: { policy: 'no-referrer' }, strictTransportSecurity: false });
  return (req, res, next) => (!isProduction && req.path === '/graphql' ? withoutCsp(req, res, next) : strict(req, res, next));
}

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
    parseOptions,
    formatError: (formatted: GraphQLFormattedError, error: unknown) => formatError(formatted, error, config, logger),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      complexityPlugin(schema),
      outageStatusPlugin(),
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
  app.use(securityHeaders(config.isProduction));

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
    express.json({ limit: GRAPHQL_BODY_LIMIT }),
    graphqlRequestGate(QUERY_LIMITS.maxDocumentLength),
    expressMiddleware(apollo, {
      context: ({ req }) => contextFor(req).catch(rethrowContextError),
    }),
  );

  const routes = express.Router();
  for (const register of httpRoutes) register(routes, { contextFor });
  app.use('/api', routes, unknownApiRoute);

  if (existsSync(join(config.adminDist, 'index.html'))) {
    // Source maps stay private in production.
    if (config.isProduction) app.use((req, res, next) => (req.path.endsWith('.map') ? void res.status(404).type('text').send('Not found') : next()));
    // Vite's file names carry a content hash: cached for a year. index.html is revalidated every time.
    app.use('/assets', express.static(join(config.adminDist, 'assets'), { index: false, immutable: true, maxAge: '365d', fallthrough: false }));
    app.use(express.static(config.adminDist, { index: false, maxAge: '1h' }));
    app.get(/^\/(?!graphql|healthz|api(\/|$)|assets\/).*/, (_req, res) => res.sendFile(join(config.adminDist, 'index.html'), { headers: { 'cache-control': 'no-cache' } }));
  } else {
    app.get('/', (_req, res) => res.type('text').send('Perkflow API: POST /graphql. The admin app is not built (pnpm build).'));
  }
  // Body-parser failures (malformed JSON, too large) and anything else thrown before a handler answered: JSON, never an HTML page.
  app.use(answerHttpError(logger));
  return { app, apollo };
}
