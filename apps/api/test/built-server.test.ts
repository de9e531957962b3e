import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { findFreePort } from '../src/database/embedded-postgres.js';

// ESM circular imports between entities crash only the compiled build, so one test starts dist/main.js
// exactly as `pnpm start` does (turbo builds the API before its tests).
const main = join(dirname(fileURLToPath(import.meta.url)), '../dist/main.js');
let child: ChildProcess | undefined;
let url = '';
let output = '';
let databaseUrl: URL;

beforeAll(async () => {
  if (!existsSync(main)) throw new Error('dist/main.js is missing: run `pnpm --filter @perkflow/api build` (turbo does it before tests)');
  const template = new URL(inject('templateDatabaseUrl'));
  databaseUrl = new URL(template);
  databaseUrl.pathname = `/built_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: template.toString().replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  await admin.query(`create database ${databaseUrl.pathname.slice(1)}`);
  await admin.end();
  const port = await findFreePort();
  url = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, [main], {
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl.toString(), PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'test', PERKFLOW_SEED_DEMO: 'true', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (output += String(d)));
  child.stderr?.on('data', (d) => (output += String(d)));
  for (let i = 0; i < 150; i += 1) {
    if (child.exitCode !== null) throw new Error(`the built server exited: ${output}`);
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the built server did not become healthy: ${output}`);
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
});

describe('the built server (dist/main.js)', () => {
  it('migrates and seeds an empty database, prints the URL and the demo logins', () => {
    expect(output).toContain(`Perkflow is running at http://localhost:`);
    expect(output).toContain('agent@example.com');
  });

  it('signs in a demo user over HTTP', async () => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { login(email:"supervisor@example.com", password:"perkflow-demo") { user { roles unit { name } } } }' }),
    });
    const body = (await response.json()) as { data: { login: { user: unknown } } };
    expect(body.data.login.user).toEqual({ roles: ['SUPERVISOR'], unit: { name: 'Customer Care managers' } });
  });
});
