#!/usr/bin/env node
// The privacy sweep against a running Perkflow instance (development mode: introspection on).
//   node tools/privacy-sweep.mjs --url http://127.0.0.1:4000 --email admin@example.com --password …
// or PERKFLOW_URL, PERKFLOW_ADMIN_EMAIL, PERKFLOW_ADMIN_PASSWORD (or --token / PERKFLOW_TOKEN, a super user's).
// Creates an organisation (groups, users, marker-named campaigns, offers, …) in that instance: never
// point it at production. Exits 1 on any leak, 2 when it could not run.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatReport, runPrivacySweep } from './privacy-sweep/index.mjs';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.PERKFLOW_URL ?? 'http://127.0.0.1:4000' },
    email: { type: 'string', default: process.env.PERKFLOW_ADMIN_EMAIL ?? 'admin@example.com' },
    password: { type: 'string', default: process.env.PERKFLOW_ADMIN_PASSWORD },
    token: { type: 'string', default: process.env.PERKFLOW_TOKEN },
    concurrency: { type: 'string', default: '4' },
    roles: { type: 'string' },
    depth: { type: 'string', default: '5' },
    json: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help || (!values.password && !values.token)) {
  console.log('usage: node tools/privacy-sweep.mjs --url http://127.0.0.1:4000 --email admin@example.com --password … [--token …] [--concurrency 4] [--roles AUDITOR,PORTAL] [--json result.json]');
  process.exit(values.help ? 0 : 2);
}

try {
  const result = await runPrivacySweep({
    url: values.url,
    email: values.email,
    password: values.password,
    token: values.token,
    concurrency: Number(values.concurrency),
    maxDepth: Number(values.depth),
    roles: values.roles?.split(',').map((r) => r.trim().toUpperCase()),
    log: (line) => console.error(line),
  });
  console.log(formatReport(result));
  if (values.json) writeFileSync(values.json, JSON.stringify(result, null, 2));
  if (result.ownerReach.length === 0) {
    console.error('privacy sweep: the owner never met the marker: the sweep cannot see what it looks for');
    process.exit(2);
  }
  process.exit(result.leaks.length ? 1 : 0);
} catch (error) {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(2);
}
