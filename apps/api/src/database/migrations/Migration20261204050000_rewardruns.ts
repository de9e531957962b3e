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
    // ... and to the offer: a run holds FOR KEY SHARE on each offer while it inserts its awards, and deleting
    // an offer locks it FOR UPDATE before checking it has none (the same guarantee, once per offer and batch).
    this.addSql('alter table "award_transaction" drop constraint if exists "award_transaction_offer_id_foreign"');
    this.addSql('create index "award_transaction_offer_id_index" on "award_transaction" ("offer_id")');
    // Runs record the event-id ranges they have evaluated instead of marking every event (a million
    // UPDATEs cost more than the evaluation): an event is processed once a committed batch covers its id.
    this.addSql(`create table "reward_run_batch" ("id" bigserial primary key, "created_at" timestamptz not null default now(),
      "run_id" bigint not null, "after_event_id" bigint not null, "up_to_event_id" bigint not null, "events" int not null default 0,
      constraint "reward_run_batch_up_to_unique" unique ("up_to_event_id"))`);
    this.addSql('create index "reward_run_batch_run_id_index" on "reward_run_batch" ("run_id")');
    // Events evaluated by runs before this migration count as covered, up to the first one left unprocessed.
    this.addSql(`insert into "reward_run_batch" ("run_id", "after_event_id", "up_to_event_id", "events")
      select 0, 0, w.up_to, w.up_to from (select coalesce((select min("id") - 1 from "customer_event" where "processed_at" is null), (select max("id") from "customer_event")) as up_to) w
       where w.up_to > 0`);
    this.addSql('drop index if exists "customer_event_unprocessed_idx"');
  }

  override async down(): Promise<void> {
    this.addSql('create index "customer_event_unprocessed_idx" on "customer_event" ("id") where "processed_at" is null');
    this.addSql('drop table if exists "reward_run_batch"');
    this.addSql('drop index if exists "award_transaction_offer_id_index"');
    this.addSql('alter table "award_transaction" add constraint "award_transaction_offer_id_foreign" foreign key ("offer_id") references "reward_offer" ("id") on update cascade on delete restrict');
    this.addSql('alter table "award_transaction" add constraint "award_transaction_participant_id_foreign" foreign key ("participant_id") references "reward_participant" ("id") on update cascade');
    this.addSql('alter table "award_transaction" add constraint "award_transaction_event_id_foreign" foreign key ("event_id") references "customer_event" ("id") on update cascade on delete set null');
    this.addSql('drop index if exists "reward_run_one_active"');
    this.addSql('alter table "reward_run" drop column "heartbeat_at", drop column "max_event_id", drop column "batches", drop column "claimed_at"');
    this.addSql(`update "reward_run" set "state" = 'FAILED' where "state" not in ('RUNNING', 'FINISHED', 'FAILED')`);
    this.addSql('alter table "reward_run" drop constraint if exists "reward_run_state_check"');
    this.addSql(`alter table "reward_run" add constraint "reward_run_state_check" check ("state" in ('RUNNING', 'FINISHED', 'FAILED'))`);
  }
}
