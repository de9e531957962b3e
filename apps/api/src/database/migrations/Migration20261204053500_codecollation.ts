import { Migration } from '@mikro-orm/migrations';

/**
 * Codes compare byte-wise: the `code` column (normalised A-Z, 0-9, _) takes the "C" collation, so its
 * unique index — the system-wide uniqueness every generated batch is inserted against — compares with
 * memcmp instead of the locale's strcoll (≈40% faster bulk generation, docs/BENCHMARKS.md), and a
 * prefix search (`LIKE 'JAZZ%'`) can use the index. Only the index is rebuilt; the rows stay.
 */
export class Migration20261204053500_codecollation extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "code" alter column "code" type text collate "C"');
  }

  override async down(): Promise<void> {
    this.addSql('alter table "code" alter column "code" type text collate "default"');
  }
}
