import { Migration } from '@mikro-orm/migrations';

/**
 * Credentials that end (issue 11):
 * - `app_user.session_version`: every token carries it (claim `sv`); a password, role, clearance, group or
 *   unit change, a deactivation or "sign out everywhere" bumps it, which ends every earlier token at once.
 * - `rate_limit`: rate-limiter-flexible's RateLimiterPostgres table (graphql/rate-limit.ts) for sign-in and
 *   voucher-guessing throttles; it replaces the hand-written fixed-window `rate_limit_bucket`.
 */
export class Migration20261207220000_credentials extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "app_user" add column "session_version" integer not null default 1');
    this.addSql('create table "rate_limit" ("key" varchar(255) primary key, "points" integer not null default 0, "expire" bigint)');
    this.addSql('create index "rate_limit_expire_index" on "rate_limit" ("expire")');
    this.addSql('drop table if exists "rate_limit_bucket"');
  }

  override async down(): Promise<void> {
    this.addSql('create table "rate_limit_bucket" ("key" text primary key, "count" int not null, "window_start" timestamptz not null)');
    this.addSql('drop table if exists "rate_limit"');
    this.addSql('alter table "app_user" drop column "session_version"');
  }
}
