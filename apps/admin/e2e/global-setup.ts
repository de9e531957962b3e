// Starts the BUILT API (which serves the built admin app) on a free loopback port, on its own
// throwaway embedded PostgreSQL in a temp dir, seeded with the demo data; stops it afterwards.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    adminPassword: string;
  }
}

export const CHROMIUM = '/usr/bin/chromium';
const here = dirname(fileURLToPath(import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export default async function setup(project: TestProject) {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium); .ci/run does it`);
  const main = join(here, '../../api/dist/main.js');
  if (!existsSync(join(here, '../dist/index.html')) || !existsSync(main)) throw new Error('Build first: pnpm build (turbo builds the API and the admin app before these tests)');
  const dataDir = mkdtempSync(join(tmpdir(), 'perkflow-e2e-'));
  const port = await freePort();
  const adminPassword = 'e2e-admin-password';
  const child = spawn(process.execPath, [main], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      PERKFLOW_DATA_DIR: dataDir,
      PERKFLOW_SEED_DEMO: 'true',
      PERKFLOW_ADMIN_EMAIL: 'admin@example.com',
      PERKFLOW_ADMIN_PASSWORD: adminPassword,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += String(d)));
  child.stderr?.on('data', (d) => (output += String(d)));
  const baseUrl = `http://127.0.0.1:${port}`;
  let healthy = false;
  for (let i = 0; i < 300 && !healthy; i += 1) {
    if (child.exitCode !== null) break;
    healthy = await fetch(`${baseUrl}/healthz`).then((r) => r.ok, () => false);
    if (!healthy) await new Promise((r) => setTimeout(r, 200));
  }
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  if (!healthy) {
    await stop();
    throw new Error(`The API did not start: ${output}`);
  }
  project.provide('baseUrl', baseUrl);
  project.provide('adminPassword', adminPassword);
  return stop;
}
