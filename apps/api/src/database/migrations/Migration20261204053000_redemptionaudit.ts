import { Migration } from '@mikro-orm/migrations';

/**
 * `redemption.audited`: false until the redemption's "redeem" entry is in the audit chain (chained in
 * batches off the hot path, campaigns/redemption-audit.ts). Redemptions that exist already were audited
 * when they were made, so they start as true.
 */
export class Migration20261204053000_redemptionaudit extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "redemption" add column "audited" boolean not null default true');
    this.addSql('alter table "redemption" alter column "audited" set default false');
    this.addSql('create index "redemption_unaudited_index" on "redemption" ("id") where not "audited"');
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists "redemption_unaudited_index"');
    this.addSql('alter table "redemption" drop column "audited"');
  }
}
