import { Migration } from '@mikro-orm/migrations';

/**
 * Resilience (docs/RELIABILITY.md):
 * - free-text searches (`search:` arguments, ILIKE '%…%') are served by pg_trgm GIN indexes instead of a
 *   sequential scan of the table;
 * - a code batch records a heartbeat with every committed chunk, so the sweeper can tell a batch whose
 *   worker died (RUNNING, heartbeat older than the bound) from one still running.
 * Index builds may take longer than the API's statement timeout on a large table: lifted for this migration.
 */
const TRIGRAM_INDEXES: [table: string, column: string][] = [
  ['customer', 'name'],
  ['customer', 'email'],
  ['app_user', 'name'],
  ['app_user', 'email'],
  ['org_group', 'name'],
  ['product', 'name'],
  ['product', 'code'],
  ['reward_scheme', 'name'],
  ['reward_scheme', 'code'],
  ['reward_offer', 'name'],
  ['reward_offer', 'alternative_code'],
  ['reward_offer', 'number'],
  ['additive_discount_definition', 'name'],
];

export class Migration20261207220000_resilience extends Migration {
  override async up(): Promise<void> {
    this.addSql('set local statement_timeout = 0');
    this.addSql('create extension if not exists pg_trgm');
    for (const [table, column] of TRIGRAM_INDEXES) {
      this.addSql(`create index if not exists "${table}_${column}_trgm" on "${table}" using gin ("${column}" gin_trgm_ops)`);
    }
    this.addSql('alter table "code_batch" add column if not exists "heartbeat_at" timestamptz null');
    this.addSql(`create index if not exists "code_batch_active" on "code_batch" ("heartbeat_at") where "status" in ('PENDING', 'RUNNING')`);
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists "code_batch_active"');
    this.addSql('alter table "code_batch" drop column if exists "heartbeat_at"');
    for (const [table, column] of TRIGRAM_INDEXES) this.addSql(`drop index if exists "${table}_${column}_trgm"`);
  }
}
