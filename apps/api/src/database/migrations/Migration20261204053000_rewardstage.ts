import { Migration } from '@mikro-orm/migrations';

/**
 * The working table of set-based reward runs: a batch's events joined once with their participants,
 * schemes, units and (when an offer needs them) customers, read by every offer's INSERT … SELECT. UNLOGGED:
 * it is derived data, rebuilt at the start of each batch (and emptied by crash recovery).
 */
export class Migration20261204053000_rewardstage extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create unlogged table "reward_run_stage" (
      "event_id" bigint not null, "participant_id" bigint not null, "scheme_id" bigint not null, "customer_id" bigint not null,
      "performed_at" timestamptz not null, "amount" numeric(19,4) null, "currency" text null, "unit_id" bigint null, "unit_group_id" bigint null,
      "local_date" date not null, "birthday" date null, "name_day" date null, "addresses" jsonb null)`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "reward_run_stage"');
  }
}
