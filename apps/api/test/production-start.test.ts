// A safe production start (issue 11): no demo data unless asked for, never the public demo password, and
// no start while a super user's stored password is a public one, whatever the environment said at first start.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../src/app.js';
import { DEMO_PASSWORD, loadConfig } from '../src/config.js';
import { createTestDatabase, errorCode, type GraphQLResponse } from './harness.js';

const STRONG = 'a-strong-production-password';
const apiDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const running = new Set<RunningApp>();
const databases: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const app of running) await app.stop().catch(() => {});
  for (const drop of databases) await drop().catch(() => {});
});

async function database(): Promise<string> {
  const db = await createTestDatabase();
  databases.push(db.drop);
  return db.url;
}

/** Starts the app in-process from an environment, as main.ts would (workers off, silent). */
async function start(databaseUrl: string, env: Record<string, string>): Promise<RunningApp> {
  const app = await startApp(loadConfig({ LOG_LEVEL: 'silent', PERKFLOW_WORKERS: 'false', ...env }, { databaseUrl, port: 0, host: '127.0.0.1' }));
  running.add(app);
  return app;
}

async function stop(app: RunningApp): Promise<void> {
  running.delete(app);
  await app.stop();
}

async function login(app: RunningApp, email: string, password: string): Promise<GraphQLResponse<{ login: { token: string } }>> {
  const response = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }', variables: { e: email, p: password } }),
  });
  return (await response.json()) as GraphQLResponse<{ login: { token: string } }>;
}

/** Runs src/main.ts (as `pnpm start` does) until it exits; answers its exit code and output. */
function runMain(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    let output = '';
    const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', 'src/main.ts'], {
      cwd: apiDir,
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', PERKFLOW_WORKERS: 'false', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d) => (output += String(d)));
    child.stderr.on('data', (d) => (output += String(d)));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`main.ts did not exit within 90 s: ${output}`));
    }, 90_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('production start', () => {
  it('refuses to start while the super user still has the default password of a first start in development, until it is rotated', async () => {
    const url = await database();
    // First start in development: the super user gets the default password `admin`.
    const dev = await start(url, { NODE_ENV: 'development', PERKFLOW_SEED_DEMO: 'false' });
    expect((await login(dev, 'admin@example.com', 'admin')).errors).toBeUndefined();
    await stop(dev);

    // Production with a strong PERKFLOW_ADMIN_PASSWORD: the stored password is still `admin`, so no start.
    await expect(start(url, { NODE_ENV: 'production', PERKFLOW_ADMIN_PASSWORD: STRONG })).rejects.toThrow(/Refusing to start in production: super user admin@example.com still has the public password "admin"/);
    const main = await runMain({ NODE_ENV: 'production', DATABASE_URL: url, PERKFLOW_ADMIN_PASSWORD: STRONG });
    console.log(`main.ts in production on a default super user password: exit ${main.code}: ${main.output.trim().split('\n').at(-1)}`);
    expect(main.code).not.toBe(0);
    expect(main.output).toMatch(/Perkflow did not start: Refusing to start in production: super user admin@example.com still has the public password "admin"/);
    expect(main.output).toMatch(/PERKFLOW_RESET_ADMIN_PASSWORD/);

    // Rotation: one start with PERKFLOW_RESET_ADMIN_PASSWORD sets the configured password (audited).
    const rotated = await start(url, { NODE_ENV: 'production', PERKFLOW_ADMIN_PASSWORD: STRONG, PERKFLOW_RESET_ADMIN_PASSWORD: 'true' });
    const signedIn = await login(rotated, 'admin@example.com', STRONG);
    expect(signedIn.errors).toBeUndefined();
    expect(errorCode(await login(rotated, 'admin@example.com', 'admin'))).toBe('UNAUTHENTICATED');
    const audit = await rotated.orm.em.getConnection().execute<{ action: string }[]>("select action from audit_entry where entity_type = 'User' and action = 'resetPassword'");
    expect(audit).toHaveLength(1);
    await stop(rotated);

    // A later start with the flag still set changes nothing: the token from before still works.
    const again = await start(url, { NODE_ENV: 'production', PERKFLOW_ADMIN_PASSWORD: STRONG, PERKFLOW_RESET_ADMIN_PASSWORD: 'true' });
    const me = await fetch(`${again.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${signedIn.data!.login.token}` },
      body: JSON.stringify({ query: '{ me { email } }' }),
    });
    expect(((await me.json()) as GraphQLResponse<{ me: { email: string } }>).data?.me.email).toBe('admin@example.com');
  });

  it('seeds no demo data unless asked for', async () => {
    const url = await database();
    const app = await start(url, { NODE_ENV: 'production', PERKFLOW_ADMIN_PASSWORD: STRONG });
    expect(app.demoLogins).toEqual([]);
    const users = await app.orm.em.getConnection().execute<{ email: string }[]>('select email from app_user');
    expect(users).toEqual([{ email: 'admin@example.com' }]);
    expect(await app.orm.em.getConnection().execute("select 1 from app_setting where key like 'demo_seed:%'")).toHaveLength(0);
  });

  it('asked for demo data, gives demo users a random password shown once, never the public one', async () => {
    const url = await database();
    const app = await start(url, { NODE_ENV: 'production', PERKFLOW_ADMIN_PASSWORD: STRONG, PERKFLOW_SEED_DEMO: 'true' });
    const agent = app.demoLogins.find((l) => l.email === 'agent@example.com');
    expect(agent).toBeDefined();
    expect(agent!.password).not.toBe(DEMO_PASSWORD);
    expect(agent!.password.length).toBeGreaterThanOrEqual(16);
    expect((await login(app, 'agent@example.com', agent!.password)).errors).toBeUndefined();
    const refused = await login(app, 'agent@example.com', DEMO_PASSWORD);
    expect(errorCode(refused)).toBe('UNAUTHENTICATED');
    expect(refused.errors?.[0]?.message).toMatch(/public/);
    await stop(app);
    const restarted = await start(url, { NODE_ENV: 'production', PERKFLOW_ADMIN_PASSWORD: STRONG, PERKFLOW_SEED_DEMO: 'true' });
    expect(restarted.demoLogins).toEqual([]);
  });

  it('refuses the public demo password of users seeded in development', async () => {
    const url = await database();
    const dev = await start(url, { NODE_ENV: 'development', PERKFLOW_ADMIN_PASSWORD: STRONG, PERKFLOW_SEED_DEMO: 'true' });
    expect((await login(dev, 'supervisor@example.com', DEMO_PASSWORD)).errors).toBeUndefined();
    await stop(dev);
    const app = await start(url, { NODE_ENV: 'production', PERKFLOW_ADMIN_PASSWORD: STRONG });
    for (const email of ['supervisor@example.com', 'portal@example.com', 'orgadmin@example.com']) {
      const refused = await login(app, email, DEMO_PASSWORD);
      expect(errorCode(refused)).toBe('UNAUTHENTICATED');
      expect(refused.errors?.[0]?.message).toMatch(/public/);
    }
    expect((await login(app, 'admin@example.com', STRONG)).errors).toBeUndefined();
  });
});
