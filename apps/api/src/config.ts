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
  PERKFLOW_SEED_DEMO: booleanFlag.default(true),
  PERKFLOW_ADMIN_EMAIL: z.string().email().default('admin@example.com'),
  PERKFLOW_ADMIN_PASSWORD: z.string().min(1).default('admin'),
  PERKFLOW_TOKEN_TTL: z.string().default('12h'),
  PERKFLOW_ADMIN_DIST: z.string().optional(),
  PERKFLOW_WORKERS: booleanFlag.default(true),
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
  tokenTtl: string;
  /** The built admin app served on the same port, when present. */
  adminDist: string;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  /** Whether this process runs background job workers and schedules (pg-boss); any process can enqueue. */
  workers: boolean;
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

/** Parses the environment once into a typed configuration. Nothing else reads `process.env`. */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<AppConfig> = {}): AppConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${issues}`);
  }
  const e = parsed.data;
  const root = findWorkspaceRoot();
  const config: AppConfig = {
    env: e.NODE_ENV,
    isProduction: e.NODE_ENV === 'production',
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(root, e.PERKFLOW_DATA_DIR ?? '.data'),
    seedDemo: e.PERKFLOW_SEED_DEMO,
    adminEmail: e.PERKFLOW_ADMIN_EMAIL,
    adminPassword: e.PERKFLOW_ADMIN_PASSWORD,
    tokenTtl: e.PERKFLOW_TOKEN_TTL,
    adminDist: resolve(root, e.PERKFLOW_ADMIN_DIST ?? 'apps/admin/dist'),
    logLevel: e.LOG_LEVEL,
    workers: e.PERKFLOW_WORKERS,
    redemptionFraud: {
      failuresPerCustomer: e.PERKFLOW_REDEEM_FAILURES_PER_CUSTOMER,
      failuresPerClient: e.PERKFLOW_REDEEM_FAILURES_PER_CLIENT,
      manyCodesOneCustomer: e.PERKFLOW_FLAG_MANY_CODES,
      velocityPerHour: e.PERKFLOW_FLAG_VELOCITY_PER_HOUR,
    },
    ...overrides,
  };
  if (config.isProduction && config.adminPassword === DEFAULT_ADMIN_PASSWORD) {
    throw new Error('Refusing to start in production with the default PERKFLOW_ADMIN_PASSWORD: set a strong one.');
  }
  return config;
}
