import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort } from '../src/database/embedded-postgres.js';

const apiDir = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface ApiProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
  /** Sends SIGTERM and resolves with the exit code. */
  terminate(): Promise<number | null>;
}

/**
 * Starts one more real API process (src/main.ts, as `pnpm dev` does, without workers or demo data) on
 * an existing database, for invariants that must hold across several API processes (SPEC §12).
 */
export async function startApiProcess(databaseUrl: string): Promise<ApiProcess> {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', 'src/main.ts'], {
    cwd: apiDir,
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'test', PERKFLOW_SEED_DEMO: 'false', PERKFLOW_WORKERS: 'false', LOG_LEVEL: 'warn', PERKFLOW_ADMIN_PASSWORD: 'admin-test-password' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (output += String(d)));
  child.stderr?.on('data', (d) => (output += String(d)));
  const terminate = async () => {
    if (child.exitCode !== null) return child.exitCode;
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    return exited;
  };
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  for (let i = 0; i < 300; i += 1) {
    if (child.exitCode !== null) throw new Error(`the API process exited: ${output}`);
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) return { url, pid: child.pid!, stop, terminate };
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`the API process did not become healthy: ${output}`);
}
