import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { startApp, type RunningApp } from '../src/app.js';
import { loadConfig, type AppConfig } from '../src/config.js';

export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: { code?: string; field?: string; [key: string]: unknown } }[];
}

export interface TestApp {
  url: string;
  app: RunningApp;
  databaseUrl: string;
  /** A real HTTP POST to /graphql. */
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>>;
  /** Like gql, but fails the test on any error and returns data. */
  ok<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T>;
  login(email: string, password: string): Promise<string>;
  /** The super user's token. */
  adminToken: string;
  /** Runs SQL directly against the test's database (for assertions and tampering). */
  sql<R extends pg.QueryResultRow = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
  stop(): Promise<void>;
}

export const ADMIN = { email: 'admin@example.com', password: 'admin-test-password' };

/** A fresh database cloned from the migrated template; `drop()` removes it. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const templateUrl = new URL(inject('templateDatabaseUrl'));
  const template = templateUrl.pathname.slice(1);
  const name = `test_${randomBytes(6).toString('hex')}`;
  const adminUrl = new URL(templateUrl);
  adminUrl.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  await admin.query(`create database ${name} template ${template}`);
  await admin.end();
  const databaseUrl = new URL(templateUrl);
  databaseUrl.pathname = `/${name}`;
  return {
    url: databaseUrl.toString(),
    async drop() {
      const drop = new pg.Client({ connectionString: adminUrl.toString() });
      await drop.connect();
      await drop.query(`drop database if exists ${name} with (force)`);
      await drop.end();
    },
  };
}

/** Starts the real API (HTTP + GraphQL) on a fresh database cloned from the migrated template. */
export async function startTestApp(options: { seedDemo?: boolean; production?: boolean; config?: Partial<AppConfig> } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const databaseUrl = new URL(database.url);
  const config = loadConfig(
    { NODE_ENV: options.production ? 'production' : 'test', LOG_LEVEL: 'silent' },
    {
      databaseUrl: databaseUrl.toString(),
      port: 0,
      host: '127.0.0.1',
      seedDemo: options.seedDemo ?? false,
      adminEmail: ADMIN.email,
      adminPassword: ADMIN.password,
      ...options.config,
    },
  );
  const app = await startApp(config);
  const pool = new pg.Pool({ connectionString: databaseUrl.toString(), max: 2 });
  const gql = async <T,>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>> => {
    const response = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse<T>;
  };
  const ok = async <T,>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T> => {
    const result = await gql<T>(query, variables, token);
    if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
    return result.data as T;
  };
  const login = async (email: string, password: string) =>
    (await ok<{ login: { token: string } }>('mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }', { e: email, p: password })).login.token;
  const adminToken = await login(ADMIN.email, ADMIN.password);
  return {
    url: app.url,
    app,
    databaseUrl: databaseUrl.toString(),
    gql,
    ok,
    login,
    adminToken,
    sql: async (text, params) => (await pool.query(text, params)).rows,
    async stop() {
      await pool.end();
      await app.stop();
      await database.drop();
    },
  };
}

/** The `extensions.code` of the first error, for assertions. */
export function errorCode(result: GraphQLResponse<unknown>): string | undefined {
  return result.errors?.[0]?.extensions?.code;
}
