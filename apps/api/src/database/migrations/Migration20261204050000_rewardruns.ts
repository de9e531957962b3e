import { Migration } from '@mikro-orm/migrations';

/**
 * Reward runs on pg-boss: a run is QUEUED until a worker claims it, RUNNING while a process holds its
 * lease (a transaction-level advisory lock), and ABANDONED when the process running it died (the next
 * run finishes the work). At most one run is active (QUEUED or RUNNING) at a time.
 */
export class Migration20261204050000_rewardruns extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "reward_run" drop constraint if exists "reward_run_state_check"');
    this.addSql(`alter table "reward_run" add constraint "reward_run_state_check" check ("state" in ('QUEUED', 'RUNNING', 'FINISHED', 'FAILED', 'ABANDONED'))`);
    this.addSql('alter table "reward_run" add column "heartbeat_at" timestamptz null, add column "max_event_id" bigint null, add column "batches" int not null default 0, add column "claimed_at" timestamptz null');
    this.addSql(`create unique index "reward_run_one_active" on "reward_run" ((true)) where "state" in ('QUEUED', 'RUNNING')`);
    this.addSql('create index "award_transaction_run_index" on "award_transaction" ("run") where "run" is not null');
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists "award_transaction_run_index"');
    this.addSql('drop index if exists "reward_run_one_active"');
    this.addSql('alter table "reward_run" drop column "heartbeat_at", drop column "max_event_id", drop column "batches", drop column "claimed_at"');
    this.addSql(`update "reward_run" set "state" = 'FAILED' where "state" not in ('RUNNING', 'FINISHED', 'FAILED')`);
    this.addSql('alter table "reward_run" drop constraint if exists "reward_run_state_check"');
    this.addSql(`alter table "reward_run" add constraint "reward_run_state_check" check ("state" in ('RUNNING', 'FINISHED', 'FAILED'))`);
  }
}
