import { startApp } from './app.js';
import { loadConfig } from './config.js';
import { demoLogins } from './modules/access/access.seed.js';
import { pino } from 'pino';
import { installProcessGuards } from './process-guards.js';

const config = loadConfig();
const app = await startApp(config);
const lines = [
  '',
  `  Perkflow is running at ${app.url}  (GraphQL: ${app.url}/graphql, health: ${app.url}/healthz)`,
  `  Database: ${config.databaseUrl ? 'DATABASE_URL' : `embedded PostgreSQL in ${config.dataDir}`}`,
  `  Super user: ${config.adminEmail} / ${config.adminPassword === 'admin' ? 'admin' : '(PERKFLOW_ADMIN_PASSWORD)'}`,
];
if (config.seedDemo) {
  lines.push('  Demo logins (password for all: perkflow-demo):');
  for (const login of demoLogins()) lines.push(`    ${login.email.padEnd(30)} ${login.roles}`);
}
console.log(lines.join('\n'));

installProcessGuards(pino({ level: config.logLevel }), () => app.stop());
