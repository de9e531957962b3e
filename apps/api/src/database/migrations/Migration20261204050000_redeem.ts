import { Migration } from '@mikro-orm/migrations';

/**
 * The redemption hot path in the database (SPEC §5, docs/campaigns.md "Redeem"): `perkflow_redeem` does a
 * whole redemption in one round trip (idempotency key, per-code / per-customer / total limits and the
 * period budget as conditional updates, the redemption row, the stored answer); `perkflow_rollback`
 * gives back exactly what a redemption took, once; `perkflow_budget_add` moves a period's budget by an
 * amount (a budget increase) keeping Σ allowance = budget.
 */
/** The first perkflow_redeem (formats its own explanations); Migration20261207230000_redeemfacts replaces it, and restores it on down. */
export const REDEEM_V1_SQL = `
create or replace function perkflow_redeem(
  p_key text, p_fingerprint text,
  p_code_id bigint, p_campaign_id bigint, p_customer_id bigint, p_unit_id bigint,
  p_order_amount numeric, p_discount numeric, p_currency text, p_test boolean,
  p_code_max int, p_customer_max int, p_total_max int,
  p_period text, p_budget numeric, p_slots int,
  p_actor_id bigint, p_api_key_id bigint,
  p_reason text, p_explanation text)
returns table (outcome text, redemption_id bigint, reason text, explanation text, fingerprint text, budget_remaining numeric, created_at timestamptz,
               customer_redemptions int, recent_redemptions int)
language plpgsql as $$
#variable_conflict use_column
declare
  v_code text;
  v_state text;
  v_count int;
  v_customer int;
  v_total int;
  v_slot smallint;
  v_id bigint;
  v_campaign record;
  v_reason text;
  v_explanation text;
  v_budget_used boolean := false;
  v_remaining numeric;
begin
  -- The idempotency key: the first request inserts it; a concurrent one with the same key waits here
  -- for the first to commit, then finds the key taken and replays the stored answer.
  insert into redemption_request (idempotency_key, fingerprint, explanation, created_at)
  values (p_key, p_fingerprint, '', now()) on conflict do nothing;
  if not found then
    return query select 'REPLAY'::text, r.redemption_id, r.reason, r.explanation, r.fingerprint, null::numeric, r.created_at, null::int, null::int
                   from redemption_request r where r.idempotency_key = p_key;
    return;
  end if;
  if p_reason is not null then
    update redemption_request set reason = p_reason, explanation = p_explanation where idempotency_key = p_key;
    return query select 'NEW'::text, null::bigint, p_reason, p_explanation, p_fingerprint, null::numeric, now(), null::int, null::int;
    return;
  end if;

  -- The campaign's state and dates, as committed now (a pause racing the check in the API wins).
  select state, starts_at, expires_at into v_campaign from campaign where id = p_campaign_id;
  if v_campaign.state = 'ENDED' or (not p_test and v_campaign.state <> 'ACTIVE') then
    v_reason := 'CAMPAIGN_NOT_ACTIVE'; v_explanation := format('The campaign is %s, not ACTIVE', v_campaign.state);
  elsif now() >= v_campaign.expires_at then
    v_reason := 'EXPIRED'; v_explanation := format('The code expired at %s; it is now %s', to_char(v_campaign.expires_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));
  elsif not p_test and now() < v_campaign.starts_at then
    v_reason := 'NOT_STARTED'; v_explanation := format('The campaign starts at %s; it is now %s', to_char(v_campaign.starts_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));
  end if;

  if v_reason is null and not p_test then
    -- Per-code limit (and the code's state), one conditional update.
    update code set redemptions_count = redemptions_count + 1
     where id = p_code_id and state = 'ACTIVE' and (p_code_max is null or redemptions_count < p_code_max)
    returning redemptions_count into v_count;
    if v_count is null then
      select c.code, c.state, c.redemptions_count into v_code, v_state, v_count from code c where c.id = p_code_id;
      if v_state = 'DISABLED' then
        v_reason := 'CODE_DISABLED'; v_explanation := format('Code %s is disabled', v_code);
      else
        v_reason := 'CODE_LIMIT_REACHED'; v_explanation := format('Code %s has been redeemed %s times of %s allowed', v_code, v_count, p_code_max);
      end if;
    end if;
    -- Per-customer limit.
    if v_reason is null then
      insert into customer_campaign_usage as u (campaign_id, customer_id, redemptions) values (p_campaign_id, p_customer_id, 1)
      on conflict (campaign_id, customer_id) do update set redemptions = u.redemptions + 1
       where p_customer_max is null or u.redemptions < p_customer_max
      returning u.redemptions into v_customer;
      if v_customer is null then
        update code set redemptions_count = redemptions_count - 1 where id = p_code_id;
        select u.redemptions into v_customer from customer_campaign_usage u where u.campaign_id = p_campaign_id and u.customer_id = p_customer_id;
        v_reason := 'CUSTOMER_LIMIT_REACHED';
        v_explanation := format('The customer has redeemed this campaign %s times; the limit is %s', v_customer, p_customer_max);
      end if;
    end if;
    -- Total limit (counted while the campaign has one).
    if v_reason is null and p_total_max is not null then
      insert into campaign_usage as u (campaign_id, redemptions, issued) values (p_campaign_id, 1, 0)
      on conflict (campaign_id) do update set redemptions = u.redemptions + 1 where u.redemptions < p_total_max
      returning u.redemptions into v_total;
      if v_total is null then
        update code set redemptions_count = redemptions_count - 1 where id = p_code_id;
        update customer_campaign_usage set redemptions = redemptions - 1 where campaign_id = p_campaign_id and customer_id = p_customer_id;
        select u.redemptions into v_total from campaign_usage u where u.campaign_id = p_campaign_id;
        v_reason := 'CAMPAIGN_LIMIT_REACHED';
        v_explanation := format('The campaign has been redeemed %s times; the limit is %s', v_total, p_total_max);
      end if;
    end if;
    -- The period budget: a hard ceiling (CHECK spent <= allowance on every slot).
    if v_reason is null and p_budget is not null and p_discount > 0 then
      v_slot := perkflow_budget_slot_take(p_campaign_id, p_period, p_budget, p_slots, p_discount);
      if v_slot is null then
        update code set redemptions_count = redemptions_count - 1 where id = p_code_id;
        update customer_campaign_usage set redemptions = redemptions - 1 where campaign_id = p_campaign_id and customer_id = p_customer_id;
        if p_total_max is not null then update campaign_usage set redemptions = redemptions - 1 where campaign_id = p_campaign_id; end if;
        select coalesce(sum(allowance - spent), 0) into v_remaining from campaign_budget_slot where campaign_id = p_campaign_id and period = p_period;
        v_reason := 'BUDGET_EXHAUSTED';
        v_explanation := format('The campaign budget has %s %s left this period (%s); this discount is %s %s',
                                trim(to_char(v_remaining, 'FM999999999999990.00')), p_currency, p_period, trim(to_char(p_discount, 'FM999999999999990.00')), p_currency);
      else
        v_budget_used := true;
      end if;
    end if;
  end if;

  if v_reason is not null then
    update redemption_request set reason = v_reason, explanation = v_explanation where idempotency_key = p_key;
    if p_budget is not null and v_remaining is null and not p_test then
      select sum(allowance - spent) into v_remaining from campaign_budget_slot where campaign_id = p_campaign_id and period = p_period;
    end if;
    return query select 'NEW'::text, null::bigint, v_reason, v_explanation, p_fingerprint, v_remaining, now(), null::int, null::int;
    return;
  end if;

  insert into redemption (created_at, campaign_id, code_id, customer_id, order_amount, discount, currency, unit_id, state, test,
                          budget_period, budget_slot, counted_total, actor_id, api_key_id)
  values (now(), p_campaign_id, p_code_id, p_customer_id, p_order_amount, p_discount, p_currency, p_unit_id, 'SUCCEEDED', p_test,
          case when v_budget_used then p_period end, v_slot, not p_test and p_total_max is not null, p_actor_id, p_api_key_id)
  returning id into v_id;
  update redemption_request set redemption_id = v_id, explanation = p_explanation where idempotency_key = p_key;
  if v_budget_used then
    select sum(allowance - spent) into v_remaining from campaign_budget_slot where campaign_id = p_campaign_id and period = p_period;
  end if;
  -- For the anomaly flags: the customer's redemptions of this campaign, and of any campaign in the last hour.
  return query select 'NEW'::text, v_id, null::text, p_explanation, p_fingerprint, v_remaining, now(), v_customer,
    (select count(*)::int from redemption x where x.customer_id = p_customer_id and x.created_at > now() - interval '1 hour' and x.state = 'SUCCEEDED' and not x.test);
end $$`;

export class Migration20261204050000_redeem extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "campaign" add column "budget_slots" smallint not null default 16');
    this.addSql('alter table "campaign" add constraint "campaign_budget_slots_range" check ("budget_slots" between 1 and 256)');
    this.addSql('alter table "redemption" add column "actor_id" bigint null, add column "api_key_id" bigint null');
    this.addSql('alter table "redemption_request" add column "fingerprint" text null');
    this.addSql('create index "redemption_state_campaign_index" on "redemption" ("campaign_id", "state", "test")');
    this.addSql('create index "review_flag_subject_index" on "review_flag" ("subject_type", "subject_id")');
    this.addSql('create index "redemption_customer_created_index" on "redemption" ("customer_id", "created_at")');
    // rate-limiter-flexible's RateLimiterPostgres table (failed redemption attempts per customer and API client)
    this.addSql('create table "redeem_failure_limit" ("key" varchar(255) primary key, "points" integer not null default 0, "expire" bigint)');

    this.addSql(`
create or replace function perkflow_budget_slot_take(p_campaign_id bigint, p_period text, p_budget numeric, p_slots int, p_amount numeric)
returns smallint language plpgsql as $$
declare
  v_pick smallint;
  v_slot smallint;
  v_free numeric;
  v_need numeric;
  v_take numeric;
  r record;
begin
  -- Lazily split the period's budget over the slots (slot 0 takes the rounding remainder).
  if not exists (select 1 from campaign_budget_slot where campaign_id = p_campaign_id and period = p_period) then
    insert into campaign_budget_slot (campaign_id, period, slot, allowance, spent)
    select p_campaign_id, p_period, s,
           trunc(p_budget / p_slots, 4) + case when s = 0 then p_budget - trunc(p_budget / p_slots, 4) * p_slots else 0 end, 0
    from generate_series(0, p_slots - 1) s
    on conflict do nothing;
  end if;
  -- 1. a random slot that can pay (concurrent redemptions mostly lock different rows)
  v_pick := floor(random() * p_slots)::smallint;
  update campaign_budget_slot set spent = spent + p_amount
   where campaign_id = p_campaign_id and period = p_period and slot = v_pick and spent + p_amount <= allowance
  returning slot into v_slot;
  if v_slot is not null then return v_slot; end if;
  -- 2. any unlocked slot that can pay
  update campaign_budget_slot b set spent = b.spent + p_amount
   where (b.campaign_id, b.period, b.slot) = (
           select campaign_id, period, slot from campaign_budget_slot
            where campaign_id = p_campaign_id and period = p_period and allowance - spent >= p_amount
            order by allowance - spent desc limit 1 for update skip locked)
     and b.spent + p_amount <= b.allowance
  returning b.slot into v_slot;
  if v_slot is not null then return v_slot; end if;
  -- 3. rebalance: lock every slot of the period (in slot order: no deadlock), move allowance to one slot
  perform 1 from campaign_budget_slot where campaign_id = p_campaign_id and period = p_period order by slot for update;
  select sum(allowance - spent) into v_free from campaign_budget_slot where campaign_id = p_campaign_id and period = p_period;
  if coalesce(v_free, 0) < p_amount then return null; end if;
  select slot, allowance - spent into v_slot, v_free from campaign_budget_slot
   where campaign_id = p_campaign_id and period = p_period order by allowance - spent desc, slot limit 1;
  v_need := p_amount - v_free;
  for r in select slot, allowance - spent as free from campaign_budget_slot
            where campaign_id = p_campaign_id and period = p_period and slot <> v_slot and allowance > spent
            order by allowance - spent desc, slot loop
    exit when v_need <= 0;
    v_take := least(v_need, r.free);
    update campaign_budget_slot set allowance = allowance - v_take where campaign_id = p_campaign_id and period = p_period and slot = r.slot;
    update campaign_budget_slot set allowance = allowance + v_take where campaign_id = p_campaign_id and period = p_period and slot = v_slot;
    v_need := v_need - v_take;
  end loop;
  update campaign_budget_slot set spent = spent + p_amount where campaign_id = p_campaign_id and period = p_period and slot = v_slot;
  return v_slot;
end $$`);

    this.addSql(REDEEM_V1_SQL);

    this.addSql(`
create or replace function perkflow_rollback(p_redemption_id bigint, p_reason text)
returns boolean language plpgsql as $$
declare
  r record;
begin
  update redemption set state = 'ROLLED_BACK', rolled_back_at = now(), rollback_reason = p_reason
   where id = p_redemption_id and state = 'SUCCEEDED'
  returning * into r;
  if r.id is null then return false; end if;
  if not r.test then
    update code set redemptions_count = redemptions_count - 1 where id = r.code_id;
    update customer_campaign_usage set redemptions = redemptions - 1 where campaign_id = r.campaign_id and customer_id = r.customer_id;
    if r.counted_total then update campaign_usage set redemptions = redemptions - 1 where campaign_id = r.campaign_id; end if;
    if r.budget_slot is not null then
      update campaign_budget_slot set spent = spent - r.discount
       where campaign_id = r.campaign_id and period = r.budget_period and slot = r.budget_slot;
    end if;
  end if;
  return true;
end $$`);

    this.addSql(`
create or replace function perkflow_budget_add(p_campaign_id bigint, p_period text, p_amount numeric)
returns void language plpgsql as $$
declare
  v_slot smallint;
  v_take numeric;
  v_need numeric;
  r record;
begin
  perform 1 from campaign_budget_slot where campaign_id = p_campaign_id and period = p_period order by slot for update;
  if p_amount >= 0 then
    update campaign_budget_slot set allowance = allowance + p_amount
     where campaign_id = p_campaign_id and period = p_period and slot = (select min(slot) from campaign_budget_slot where campaign_id = p_campaign_id and period = p_period);
    return;
  end if;
  v_need := -p_amount;
  for r in select slot, allowance - spent as free from campaign_budget_slot where campaign_id = p_campaign_id and period = p_period order by slot loop
    exit when v_need <= 0;
    v_take := least(v_need, r.free);
    update campaign_budget_slot set allowance = allowance - v_take where campaign_id = p_campaign_id and period = p_period and slot = r.slot;
    v_need := v_need - v_take;
  end loop;
  if v_need > 0 then raise exception 'the budget cannot shrink below what is spent' using errcode = 'check_violation'; end if;
end $$`);
  }

  override async down(): Promise<void> {
    this.addSql('drop function if exists perkflow_budget_add(bigint, text, numeric)');
    this.addSql('drop function if exists perkflow_rollback(bigint, text)');
    this.addSql('drop function if exists perkflow_redeem(text, text, bigint, bigint, bigint, bigint, numeric, numeric, text, boolean, int, int, int, text, numeric, int, bigint, bigint, text, text)');
    this.addSql('drop function if exists perkflow_budget_slot_take(bigint, text, numeric, int, numeric)');
    this.addSql('drop table if exists "redeem_failure_limit"');
    this.addSql('drop index if exists "redemption_customer_created_index"');
    this.addSql('drop index if exists "review_flag_subject_index"');
    this.addSql('drop index if exists "redemption_state_campaign_index"');
    this.addSql('alter table "redemption_request" drop column "fingerprint"');
    this.addSql('alter table "redemption" drop column "actor_id", drop column "api_key_id"');
    this.addSql('alter table "campaign" drop constraint "campaign_budget_slots_range"');
    this.addSql('alter table "campaign" drop column "budget_slots"');
  }
}
