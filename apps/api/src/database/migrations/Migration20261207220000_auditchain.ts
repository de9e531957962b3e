import { Migration } from '@mikro-orm/migrations';

const GENESIS = '0'.repeat(64);

/**
 * The audit chain without a global write lock (modules/audit/audit-chainer.ts, docs/ARCHITECTURE.md "Audit trail"):
 * - a writer inserts its entries "pending" (`hash`, `prev_hash`, `chain_seq` null) in its own transaction;
 * - one chainer at a time links pending entries: it sets `chain_seq` (the position in the chain), `prev_hash`
 *   and `hash`, once. The append-only trigger allows exactly that transition and nothing else; an insert
 *   that arrives already chained is refused;
 * - `audit_checkpoint` (one row) anchors the chain's end: position, entry and hash of the head, signed by the
 *   chainer (HMAC), so deleting the newest entries is detected;
 * - a redemption writes its own "redeem" entry in its own transaction (trigger on `redemption`), with `at` =
 *   the redemption's time, instead of being chained later by a job (`redemption.audited` goes away);
 *   redemptions not audited yet get their entry now, pending.
 * Existing entries were chained in id order under the old lock: their position is their rank by id.
 */
export class Migration20261207220000_auditchain extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "audit_entry" alter column "prev_hash" drop not null, alter column "hash" drop not null, add column "chain_seq" bigint null');
    this.addSql('alter table "audit_entry" disable trigger "audit_entry_append_only"');
    this.addSql('update "audit_entry" e set "chain_seq" = s.n from (select id, row_number() over (order by id) as n from "audit_entry") s where s.id = e.id');
    this.addSql('alter table "audit_entry" enable trigger "audit_entry_append_only"');
    this.addSql('create unique index "audit_entry_chain_seq_unique" on "audit_entry" ("chain_seq")');
    this.addSql('create index "audit_entry_pending_index" on "audit_entry" ("id") where "hash" is null');
    this.addSql(`create or replace function audit_entry_append_only() returns trigger language plpgsql as $$
begin
  -- The one update allowed: the chainer links a pending entry, once, without touching what it records.
  if tg_op = 'UPDATE' and old.hash is null and old.chain_seq is null and new.hash is not null and new.prev_hash is not null
     and new.chain_seq is not null and new.id = old.id and new.at = old.at and new.actor_id is not distinct from old.actor_id
     and new.action = old.action and new.entity_type = old.entity_type and new.entity_id = old.entity_id
     and new.before is not distinct from old.before and new.after is not distinct from old.after then
    return new;
  end if;
  raise exception 'audit_entry is append-only';
end $$`);
    this.addSql(`create function audit_entry_pending_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_entry: a new entry is pending (hash, prev_hash and chain_seq are set by the chainer)';
end $$`);
    this.addSql(`create trigger audit_entry_pending_only before insert on "audit_entry" for each row
      when (new.hash is not null or new.prev_hash is not null or new.chain_seq is not null) execute function audit_entry_pending_only()`);

    this.addSql(`create table "audit_checkpoint" (
      "id" smallint primary key default 1 check ("id" = 1),
      "chain_seq" bigint not null,
      "entry_id" bigint null,
      "head_hash" varchar(64) not null,
      "chained_at" timestamptz not null,
      "mac" varchar(64) null)`);
    // Unsigned until the first chainer pass signs it (the key is created then, in app_setting).
    this.addSql(`insert into "audit_checkpoint" ("chain_seq", "entry_id", "head_hash", "chained_at", "mac")
      select coalesce(max(chain_seq), 0), (select id from audit_entry order by chain_seq desc nulls last limit 1),
             coalesce((select hash from audit_entry order by chain_seq desc nulls last limit 1), '${GENESIS}'), now(), null
        from audit_entry`);

    // One definition of a redemption's audit entry, for the trigger and for the backfill below.
    this.addSql(`create function redemption_audit_after(r redemption, code text) returns jsonb language sql stable as $$
  select jsonb_build_object(
    'code', code, 'campaign', r.campaign_id::text, 'customer', r.customer_id::text, 'orderAmount', r.order_amount::text,
    'discount', r.discount::text, 'currency', r.currency, 'unit', r.unit_id::text, 'test', r.test,
    'budgetPeriod', r.budget_period, 'apiKey', r.api_key_id::text,
    'redeemedAt', to_char(r.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
$$`);
    this.addSql(`create function redemption_audit_entry() returns trigger language plpgsql as $$
begin
  insert into audit_entry (at, actor_id, action, entity_type, entity_id, before, after)
  select date_trunc('milliseconds', new.created_at), new.actor_id, 'redeem', 'Redemption', new.id::text, 'null'::jsonb,
         redemption_audit_after(new, c.code)
    from code c where c.id = new.code_id;
  return null;
end $$`);
    this.addSql('create trigger redemption_audit_entry after insert on "redemption" for each row execute function redemption_audit_entry()');
    // Redemptions the old job had not chained yet: their entry now, pending, at their own time.
    this.addSql(`insert into audit_entry (at, actor_id, action, entity_type, entity_id, before, after)
      select date_trunc('milliseconds', r.created_at), r.actor_id, 'redeem', 'Redemption', r.id::text, 'null'::jsonb, redemption_audit_after(r, c.code)
        from redemption r join code c on c.id = r.code_id where not r.audited order by r.id`);
    this.addSql('drop index if exists "redemption_unaudited_index"');
    this.addSql('alter table "redemption" drop column "audited"');
    // The old redemption-audit job's schedule (its queue has no worker any more).
    this.addSql(`do $$ begin
      if to_regclass('pgboss.schedule') is not null then delete from pgboss.schedule where name = 'campaigns.audit-redemptions'; end if;
    end $$`);
  }

  override async down(): Promise<void> {
    this.addSql('alter table "redemption" add column "audited" boolean not null default true');
    this.addSql('drop trigger if exists redemption_audit_entry on "redemption"');
    this.addSql('drop function if exists redemption_audit_entry()');
    this.addSql('drop function if exists redemption_audit_after(redemption, text)');
    this.addSql('drop table if exists "audit_checkpoint"');
    this.addSql('drop trigger if exists audit_entry_pending_only on "audit_entry"');
    this.addSql('drop function if exists audit_entry_pending_only()');
    this.addSql('drop index if exists "audit_entry_pending_index"');
    this.addSql('drop index if exists "audit_entry_chain_seq_unique"');
    this.addSql(`create or replace function audit_entry_append_only() returns trigger language plpgsql as $$ begin raise exception 'audit_entry is append-only'; end $$`);
    this.addSql('alter table "audit_entry" drop column "chain_seq"');
  }
}
