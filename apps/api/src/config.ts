import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The workspace root (where `.data/` lives), found from this file whether run from src or dist. */
function findWorkspaceRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (dir !== dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    dir = dirname(dir);
  }
  return process.cwd();
}

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().optional(),
  PERKFLOW_DATA_DIR: z.string().optional(),
  /** Default: true in development and test, false in production (demo data there only when asked for). */
  PERKFLOW_SEED_DEMO: booleanFlag.optional(),
  PERKFLOW_ADMIN_EMAIL: z.string().email().default('admin@example.com'),
  PERKFLOW_ADMIN_PASSWORD: z.string().min(1).default('admin'),
  PERKFLOW_RESET_ADMIN_PASSWORD: booleanFlag.default(false),
  PERKFLOW_TOKEN_TTL: z.string().default('12h'),
  PERKFLOW_ADMIN_DIST: z.string().optional(),
  PERKFLOW_WORKERS: booleanFlag.default(true),
  PERKFLOW_DB_POOL_MAX: z.coerce.number().int().min(1).max(500).default(10),
  PERKFLOW_REDEEM_FAILURES_PER_CUSTOMER: z.coerce.number().int().min(1).default(10),
  PERKFLOW_REDEEM_FAILURES_PER_CLIENT: z.coerce.number().int().min(1).default(300),
  PERKFLOW_FLAG_MANY_CODES: z.coerce.number().int().min(1).default(5),
  PERKFLOW_FLAG_VELOCITY_PER_HOUR: z.coerce.number().int().min(1).default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  isProduction: boolean;
  port: number;
  host: string;
  /** An external PostgreSQL; when absent, the embedded one in `dataDir` is started. */
  databaseUrl?: string;
  dataDir: string;
  seedDemo: boolean;
  adminEmail: string;
  adminPassword: string;
  /**
   * Set the super user's (PERKFLOW_ADMIN_EMAIL) password to PERKFLOW_ADMIN_PASSWORD at this start (audited;
   * ends the super user's sessions): the rotation path for a database whose super user still has a public password.
   */
  resetAdminPassword: boolean;
  /** Lifetime of a sign-in token (e.g. `12h`); every token carries `exp`. */
  tokenTtl: string;
  /** The built admin app served on the same port, when present. */
  adminDist: string;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  /** Whether this process runs background job workers and schedules (pg-boss); any process can enqueue. */
  workers: boolean;
  /** Database connections per API process (raise it for many concurrent clients, e.g. the redeem benchmark). */
  dbPoolMax: number;
  /** Fraud controls on validate/redeem (campaigns/fraud.service.ts). */
  redemptionFraud: RedemptionFraudConfig;
}

export interface RedemptionFraudConfig {
  /** Failed attempts of one customer within 10 minutes before RATE_LIMITED. */
  failuresPerCustomer: number;
  /** Failed attempts of one API client within 10 minutes before RATE_LIMITED. */
  failuresPerClient: number;
  /** Redemptions of one campaign by one customer that raise MANY_CODES_ONE_CUSTOMER. */
  manyCodesOneCustomer: number;
  /** Redemptions by one customer within an hour that raise VELOCITY. */
  velocityPerHour: number;
}

export const DEFAULT_ADMIN_PASSWORD = 'admin';
/** The password of the demo users seeded outside production (printed at start, written in the README). */
export const DEMO_PASSWORD = 'perkflow-demo';
/** Passwords anyone can read in this repository: refused as new passwords, and for signing in in production. */
export const PUBLIC_PASSWORDS: readonly string[] = [DEFAULT_ADMIN_PASSWORD, DEMO_PASSWORD];

/** Parses the environment once into a typed configuration. Nothing else reads `process.env`. */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<AppConfig> = {}): AppConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${issues}`);
  }
  const e = parsed.data;
  const root = findWorkspaceRoot();
  const isProduction = e.NODE_ENV === 'production';
  const config: AppConfig = {
    env: e.NODE_ENV,
    isProduction,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(root, e.PERKFLOW_DATA_DIR ?? '.data'),
    seedDemo: e.PERKFLOW_SEED_DEMO ?? !isProduction,
    adminEmail: e.PERKFLOW_ADMIN_EMAIL,
    adminPassword: e.PERKFLOW_ADMIN_PASSWORD,
    resetAdminPassword: e.PERKFLOW_RESET_ADMIN_PASSWORD,
    tokenTtl: e.PERKFLOW_TOKEN_TTL,
    adminDist: resolve(root, e.PERKFLOW_ADMIN_DIST ?? 'apps/admin/dist'),
    logLevel: e.LOG_LEVEL,
    workers: e.PERKFLOW_WORKERS,
    dbPoolMax: e.PERKFLOW_DB_POOL_MAX,
    redemptionFraud: {
      failuresPerCustomer: e.PERKFLOW_REDEEM_FAILURES_PER_CUSTOMER,
      failuresPerClient: e.PERKFLOW_REDEEM_FAILURES_PER_CLIENT,
      manyCodesOneCustomer: e.PERKFLOW_FLAG_MANY_CODES,
      velocityPerHour: e.PERKFLOW_FLAG_VELOCITY_PER_HOUR,
    },
    ...overrides,
  };
  if (config.isProduction && PUBLIC_PASSWORDS.includes(config.adminPassword)) {
    throw new Error('Refusing to start in production with a public PERKFLOW_ADMIN_PASSWORD (the default "admin" or the demo password): set a strong one.');
  }
  if (config.isProduction && config.adminPassword.length < 12) {
    throw new Error('Refusing to start in production with a PERKFLOW_ADMIN_PASSWORD shorter than 12 characters: set a strong one.');
  }
  return config;
}
