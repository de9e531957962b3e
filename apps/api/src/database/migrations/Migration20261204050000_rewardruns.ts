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
    // The hot insert path of reward runs (millions of awards) skips the per-row foreign-key triggers to the
    // event and the participant: both ids come from the same statement's join, and neither table deletes rows.
    // The offer key stays (an offer with awards cannot be deleted).
    this.addSql('alter table "award_transaction" drop constraint if exists "award_transaction_event_id_foreign"');
    this.addSql('alter table "award_transaction" drop constraint if exists "award_transaction_participant_id_foreign"');
  }

  override async down(): Promise<void> {
    this.addSql('alter table "award_transaction" add constraint "award_transaction_participant_id_foreign" foreign key ("participant_id") references "reward_participant" ("id") on update cascade');
    this.addSql('alter table "award_transaction" add constraint "award_transaction_event_id_foreign" foreign key ("event_id") references "customer_event" ("id") on update cascade on delete set null');
    this.addSql('drop index if exists "reward_run_one_active"');
    this.addSql('alter table "reward_run" drop column "heartbeat_at", drop column "max_event_id", drop column "batches", drop column "claimed_at"');
    this.addSql(`update "reward_run" set "state" = 'FAILED' where "state" not in ('RUNNING', 'FINISHED', 'FAILED')`);
    this.addSql('alter table "reward_run" drop constraint if exists "reward_run_state_check"');
    this.addSql(`alter table "reward_run" add constraint "reward_run_state_check" check ("state" in ('RUNNING', 'FINISHED', 'FAILED'))`);
  }
}
