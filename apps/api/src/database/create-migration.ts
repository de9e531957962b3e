// Creates the next migration from the difference between the entities and the migrations so far:
//   pnpm --filter @perkflow/api migration:create [name]
// It starts a throwaway embedded PostgreSQL, applies every existing migration, diffs, writes
// src/database/migrations/Migration<timestamp>_<name>.ts and lists it in migrations/index.ts.
// With several modules in progress at once, `--only table_a,table_b` keeps just the statements on
// those tables (so another module's uncommitted entities stay out of this migration).
import 'reflect-metadata';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MikroORM } from '@mikro-orm/postgresql';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { ormConfig } from './orm-config.js';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? new Set((args[onlyIndex + 1] ?? '').split(',').map((t) => t.trim()).filter(Boolean)) : null;
const name = (args.find((a, i) => !a.startsWith('--') && !(onlyIndex >= 0 && i === onlyIndex + 1)) ?? 'change').replace(/[^A-Za-z0-9]/g, '');

/** The table a DDL statement is about: the first identifier after "table" / "on" / "index … on". */
function tableOf(statement: string): string | undefined {
  const match = /\b(?:table(?: if exists| if not exists)?|on)\s+"([^"]+)"/i.exec(statement);
  return match?.[1];
}

function keep(sql: string): string {
  if (!only) return sql;
  return sql
    .split(';\n')
    .filter((statement) => {
      const table = tableOf(statement);
      return table !== undefined && only.has(table);
    })
    .join(';\n');
}
const dir = mkdtempSync(join(tmpdir(), 'perkflow-migration-'));
const db = await startEmbeddedPostgres(join(dir, 'pg'), { ephemeral: true });
try {
  const orm = await MikroORM.init(ormConfig(db.url, { migrations: { ...ormConfig(db.url).migrations, path: join(here, 'migrations'), pathTs: join(here, 'migrations'), snapshot: false } }));
  await orm.getMigrator().up();
  const full = await orm.getSchemaGenerator().getUpdateSchemaMigrationSQL({ wrap: false, safe: false, dropTables: true });
  const diff = { up: keep(full.up), down: keep(full.down) };
  if (!diff.up.trim()) {
    console.log('No changes: the migrations already match the entities.');
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const className = `Migration${stamp}_${name}`;
    const quote = (sql: string) =>
      sql
        .split(';\n')
        .map((s) => s.trim())
        .filter(Boolean)
        .map((s) => `    this.addSql(${JSON.stringify(s.replace(/;$/, ''))});`)
        .join('\n');
    writeFileSync(
      join(here, 'migrations', `${className}.ts`),
      `import { Migration } from '@mikro-orm/migrations';\n\nexport class ${className} extends Migration {\n  override async up(): Promise<void> {\n${quote(diff.up)}\n  }\n\n  override async down(): Promise<void> {\n${quote(diff.down)}\n  }\n}\n`,
    );
    const indexPath = join(here, 'migrations', 'index.ts');
    let index = readFileSync(indexPath, 'utf8');
    index = index.replace(/^(import type .*\n)/m, `$1import { ${className} } from './${className}.js';\n`);
    index = index.replace(/= \[(.*)\];\s*$/s, (_m, list: string) => {
      const existing = list.trim().replace(/,$/, '');
      return `= [\n${existing ? `  ${existing},\n` : ''}  { name: '${className}', class: ${className} },\n];\n`;
    });
    writeFileSync(indexPath, index);
    console.log(`Wrote migrations/${className}.ts and listed it in migrations/index.ts`);
  }
  await orm.close(true);
} finally {
  await db.stop();
  rmSync(dir, { recursive: true, force: true });
}
