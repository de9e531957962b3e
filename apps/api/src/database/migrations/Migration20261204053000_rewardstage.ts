import { Migration } from '@mikro-orm/migrations';

/**
 * Set-based reward runs, second step (docs/rewards.md):
 * - runs record the event-id ranges they have evaluated (`reward_run_batch`) instead of marking every event
 *   (a million UPDATEs cost more than the evaluation); an event is processed once a committed batch covers it;
 * - no foreign key from awards to the offer: a run holds FOR KEY SHARE on each offer while it inserts its
 *   awards, and deleting an offer locks it FOR UPDATE before checking it has none (the same guarantee, once
 *   per offer and batch instead of a trigger per award);
 * - `reward_run_stage`, the working table: a batch's events joined once with their participants, schemes,
 *   units and (when an offer needs them) customers, read by every offer's INSERT … SELECT. UNLOGGED: derived
 *   data, rebuilt at the start of each batch (and emptied by crash recovery).
 */
export class Migration20261204053000_rewardstage extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "award_transaction" drop constraint if exists "award_transaction_offer_id_foreign"');
    this.addSql('create index "award_transaction_offer_id_index" on "award_transaction" ("offer_id")');
    this.addSql(`create table "reward_run_batch" ("id" bigserial primary key, "created_at" timestamptz not null default now(),
      "run_id" bigint not null, "after_event_id" bigint not null, "up_to_event_id" bigint not null, "events" int not null default 0,
      constraint "reward_run_batch_up_to_unique" unique ("up_to_event_id"))`);
    this.addSql('create index "reward_run_batch_run_id_index" on "reward_run_batch" ("run_id")');
    // Events evaluated by runs before this migration count as covered, up to the first one left unprocessed.
    this.addSql(`insert into "reward_run_batch" ("run_id", "after_event_id", "up_to_event_id", "events")
      select 0, 0, w.up_to, w.up_to from (select coalesce((select min("id") - 1 from "customer_event" where "processed_at" is null), (select max("id") from "customer_event")) as up_to) w
       where w.up_to > 0`);
    this.addSql('drop index if exists "customer_event_unprocessed_idx"');
    this.addSql(`create unlogged table "reward_run_stage" (
      "event_id" bigint not null, "participant_id" bigint not null, "scheme_id" bigint not null, "customer_id" bigint not null,
      "performed_at" timestamptz not null, "amount" numeric(19,4) null, "currency" text null, "unit_id" bigint null, "unit_group_id" bigint null,
      "local_date" date not null, "local_md" int not null,
      "birthday_prev" int null, "birthday_this" int null, "birthday_next" int null, "name_day_prev" int null, "name_day_this" int null, "name_day_next" int null,
      "active_areas" text[] null, "active_cities" text[] null, "active_districts" text[] null)`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "reward_run_stage"');
    this.addSql('create index "customer_event_unprocessed_idx" on "customer_event" ("id") where "processed_at" is null');
    this.addSql('drop table if exists "reward_run_batch"');
    this.addSql('drop index if exists "award_transaction_offer_id_index"');
    this.addSql('alter table "award_transaction" add constraint "award_transaction_offer_id_foreign" foreign key ("offer_id") references "reward_offer" ("id") on update cascade on delete restrict');
  }
}
