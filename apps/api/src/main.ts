import { startApp } from './app.js';
import { DEFAULT_ADMIN_PASSWORD, DEMO_PASSWORD, loadConfig } from './config.js';
import { demoLogins } from './modules/access/access.seed.js';
import { pino } from 'pino';
import { installProcessGuards } from './process-guards.js';

let config: ReturnType<typeof loadConfig>;
let app: Awaited<ReturnType<typeof startApp>>;
try {
  config = loadConfig();
  app = await startApp(config);
} catch (error) {
  // A refusal to start (bad configuration, a public password in production) says why and exits non-zero.
  console.error(`Perkflow did not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
const lines = [
  '',
  `  Perkflow is running at ${app.url}  (GraphQL: ${app.url}/graphql, health: ${app.url}/healthz)`,
  `  Database: ${config.databaseUrl ? 'DATABASE_URL' : `embedded PostgreSQL in ${config.dataDir}`}`,
  `  Super user: ${config.adminEmail} / ${config.adminPassword === DEFAULT_ADMIN_PASSWORD ? DEFAULT_ADMIN_PASSWORD : '(PERKFLOW_ADMIN_PASSWORD)'}`,
];
if (config.seedDemo && !config.isProduction) {
  lines.push(`  Demo logins (password for all: ${DEMO_PASSWORD}):`);
  for (const login of demoLogins()) lines.push(`    ${login.email.padEnd(30)} ${login.roles}`);
} else if (app.demoLogins.length) {
  // Production with PERKFLOW_SEED_DEMO=true: the demo users were just created with a random password, shown this once.
  lines.push(`  Demo logins created now (password for all, shown only this once: ${app.demoLogins[0].password}):`);
  for (const login of app.demoLogins) lines.push(`    ${login.email.padEnd(30)} ${login.roles}`);
}
console.log(lines.join('\n'));

installProcessGuards(pino({ level: config.logLevel }), () => app.stop());
