import { Migration } from '@mikro-orm/migrations';
import { REDEEM_V1_SQL } from './Migration20261204050000_redeem.js';

const V1_ARGS = 'text, text, bigint, bigint, bigint, bigint, numeric, numeric, text, boolean, int, int, int, text, numeric, int, bigint, bigint, text, text';
const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/**
 * One copy of the redemption rule (docs/campaigns.md "Where the rule lives", issue 14):
 * - `perkflow_redeem` returns a reason code and the facts it checked (`facts` jsonb: counts, limits, budget
 *   remaining, the period key, amounts, instants), never explanation text: the API builds the text with the
 *   domain's `explainRedemptionRefusal`, so validateCode and redeemCode read the same whichever side decided.
 *   `redemption_request.facts` keeps them for replays.
 * - One clock: `p_now` is the request's instant (the same one the domain decided with); null → `now()`
 *   (for callers of the 20-argument form, e.g. the pgbench script).
 * - The checks it re-makes on committed rows run in the domain's order (checkRedemption): state → started →
 *   expired → code disabled → min spend → code limit → customer limit → total limit → budget.
 * - `perkflow_budget_period_key` is the SQL twin of the domain's `budgetPeriodKey` (test/redemption-parity.test.ts).
 * The return type changes, so the function is dropped and created (one migration transaction).
 */
export class Migration20261207230000_redeemfacts extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "redemption_request" add column "facts" jsonb null');
    this.addSql(`
create or replace function perkflow_budget_period_key(p_period text, p_zone text, p_at timestamptz)
returns text language sql stable as $$
  select case when p_period = 'MONTH' then to_char(p_at at time zone p_zone, 'YYYY-MM') when p_period = 'TOTAL' then 'TOTAL' end
$$`);
    this.addSql(`drop function if exists perkflow_redeem(${V1_ARGS})`);
    this.addSql(`
create function perkflow_redeem(
  p_key text, p_fingerprint text,
  p_code_id bigint, p_campaign_id bigint, p_customer_id bigint, p_unit_id bigint,
  p_order_amount numeric, p_discount numeric, p_currency text, p_test boolean,
  p_code_max int, p_customer_max int, p_total_max int,
  p_period text, p_budget numeric, p_slots int,
  p_actor_id bigint, p_api_key_id bigint,
  p_reason text, p_explanation text,
  p_now timestamptz default null)
returns table (outcome text, redemption_id bigint, reason text, explanation text, fingerprint text, budget_remaining numeric, created_at timestamptz,
               customer_redemptions int, recent_redemptions int, facts jsonb)
language plpgsql as $$
#variable_conflict use_column
declare
  v_now timestamptz := coalesce(p_now, now());
  v_code text;
  v_state text;
  v_count int;
  v_customer int;
  v_total int;
  v_slot smallint;
  v_id bigint;
  v_campaign record;
  v_reason text;
  v_facts jsonb;
  v_budget_used boolean := false;
  v_remaining numeric;
begin
  -- The idempotency key: the first request inserts it; a concurrent one with the same key waits here
  -- for the first to commit, then finds the key taken and replays the stored answer.
  insert into redemption_request (idempotency_key, fingerprint, explanation, created_at)
  values (p_key, p_fingerprint, '', v_now) on conflict do nothing;
  if not found then
    return query select 'REPLAY'::text, r.redemption_id, r.reason, r.explanation, r.fingerprint, null::numeric, r.created_at, null::int, null::int, r.facts
                   from redemption_request r where r.idempotency_key = p_key;
    return;
  end if;
  -- Decided (and explained) by the domain before the call.
  if p_reason is not null then
    update redemption_request set reason = p_reason, explanation = p_explanation where idempotency_key = p_key;
    return query select 'NEW'::text, null::bigint, p_reason, p_explanation, p_fingerprint, null::numeric, v_now, null::int, null::int, null::jsonb;
    return;
  end if;

  -- The campaign's state and dates, as committed now (a pause racing the check in the API wins).
  select state, starts_at, expires_at, min_spend into v_campaign from campaign where id = p_campaign_id;
  if v_campaign.state = 'ENDED' or (not p_test and v_campaign.state <> 'ACTIVE') then
    v_reason := 'CAMPAIGN_NOT_ACTIVE'; v_facts := jsonb_build_object('state', v_campaign.state);
  elsif not p_test and v_now < v_campaign.starts_at then
    v_reason := 'NOT_STARTED';
    v_facts := jsonb_build_object('startsAt', to_char(v_campaign.starts_at at time zone 'UTC', ${ISO}), 'now', to_char(v_now at time zone 'UTC', ${ISO}));
  elsif v_now >= v_campaign.expires_at then
    v_reason := 'EXPIRED';
    v_facts := jsonb_build_object('expiresAt', to_char(v_campaign.expires_at at time zone 'UTC', ${ISO}), 'now', to_char(v_now at time zone 'UTC', ${ISO}));
  end if;

  if v_reason is null and not p_test then
    -- Min spend (refusal path only reads the code: a disabled code is refused first, as in the domain).
    if v_campaign.min_spend is not null and p_order_amount < v_campaign.min_spend then
      select c.code, c.state into v_code, v_state from code c where c.id = p_code_id;
      if v_state = 'DISABLED' then
        v_reason := 'CODE_DISABLED'; v_facts := jsonb_build_object('code', v_code);
      else
        v_reason := 'MIN_SPEND_NOT_MET';
        v_facts := jsonb_build_object('minSpend', v_campaign.min_spend::text, 'orderAmount', p_order_amount::text, 'currency', p_currency);
      end if;
    end if;
  end if;

  if v_reason is null and not p_test then
    -- Per-code limit (and the code's state), one conditional update.
    update code set redemptions_count = redemptions_count + 1
     where id = p_code_id and state = 'ACTIVE' and (p_code_max is null or redemptions_count < p_code_max)
    returning redemptions_count into v_count;
    if v_count is null then
      select c.code, c.state, c.redemptions_count into v_code, v_state, v_count from code c where c.id = p_code_id;
      if v_state = 'DISABLED' then
        v_reason := 'CODE_DISABLED'; v_facts := jsonb_build_object('code', v_code);
      else
        v_reason := 'CODE_LIMIT_REACHED'; v_facts := jsonb_build_object('code', v_code, 'redemptions', v_count, 'limit', p_code_max);
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
        v_reason := 'CUSTOMER_LIMIT_REACHED'; v_facts := jsonb_build_object('redemptions', v_customer, 'limit', p_customer_max);
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
        v_reason := 'CAMPAIGN_LIMIT_REACHED'; v_facts := jsonb_build_object('redemptions', v_total, 'limit', p_total_max);
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
        v_facts := jsonb_build_object('remaining', v_remaining::text, 'discount', p_discount::text, 'currency', p_currency, 'period', p_period);
      else
        v_budget_used := true;
      end if;
    end if;
  end if;

  if v_reason is not null then
    update redemption_request set reason = v_reason, facts = v_facts where idempotency_key = p_key;
    if p_budget is not null and v_remaining is null and not p_test then
      select sum(allowance - spent) into v_remaining from campaign_budget_slot where campaign_id = p_campaign_id and period = p_period;
    end if;
    return query select 'NEW'::text, null::bigint, v_reason, null::text, p_fingerprint, v_remaining, v_now, null::int, null::int, v_facts;
    return;
  end if;

  insert into redemption (created_at, campaign_id, code_id, customer_id, order_amount, discount, currency, unit_id, state, test,
                          budget_period, budget_slot, counted_total, actor_id, api_key_id)
  values (v_now, p_campaign_id, p_code_id, p_customer_id, p_order_amount, p_discount, p_currency, p_unit_id, 'SUCCEEDED', p_test,
          case when v_budget_used then p_period end, v_slot, not p_test and p_total_max is not null, p_actor_id, p_api_key_id)
  returning id into v_id;
  update redemption_request set redemption_id = v_id, explanation = p_explanation where idempotency_key = p_key;
  if v_budget_used then
    select sum(allowance - spent) into v_remaining from campaign_budget_slot where campaign_id = p_campaign_id and period = p_period;
  end if;
  -- For the anomaly flags: the customer's redemptions of this campaign, and of any campaign in the last hour.
  return query select 'NEW'::text, v_id, null::text, p_explanation, p_fingerprint, v_remaining, v_now, v_customer,
    (select count(*)::int from redemption x where x.customer_id = p_customer_id and x.created_at > v_now - interval '1 hour' and x.state = 'SUCCEEDED' and not x.test),
    null::jsonb;
end $$`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function if exists perkflow_redeem(${V1_ARGS}, timestamptz)`);
    this.addSql(REDEEM_V1_SQL);
    this.addSql('drop function if exists perkflow_budget_period_key(text, text, timestamptz)');
    this.addSql('alter table "redemption_request" drop column "facts"');
  }
}
