// Starts one throwaway PostgreSQL for the whole run (or uses DATABASE_URL), migrates a template
// database once, and hands its URL to the tests; each test file clones the template (see harness.ts).
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/database/embedded-postgres.js';
import { migrate } from '../src/database/migrate.js';
import { ormConfig } from '../src/database/orm-config.js';
import pg from 'pg';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabaseUrl: string;
  }
}

export const TEMPLATE_DATABASE = 'perkflow_template';

export default async function setup(project: TestProject) {
  let embedded: EmbeddedDatabase | undefined;
  let dir: string | undefined;
  let baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) {
    dir = mkdtempSync(join(tmpdir(), 'perkflow-test-'));
    embedded = await startEmbeddedPostgres(join(dir, 'pg'), { ephemeral: true });
    baseUrl = embedded.url;
  }
  const templateUrl = new URL(baseUrl);
  templateUrl.pathname = `/${TEMPLATE_DATABASE}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${TEMPLATE_DATABASE}`);
  await admin.query(`create database ${TEMPLATE_DATABASE}`);
  await admin.end();
  const orm = await MikroORM.init(ormConfig(templateUrl.toString()));
  await migrate(orm, templateUrl.toString());
  await orm.close(true);
  project.provide('templateDatabaseUrl', templateUrl.toString());
  return async () => {
    await embedded?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}
