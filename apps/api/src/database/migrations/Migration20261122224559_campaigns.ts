import { Migration } from '@mikro-orm/migrations';

export class Migration20261122224559_campaigns extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table \"campaign_budget_slot\" (\"campaign_id\" bigint not null, \"period\" text not null, \"slot\" smallint not null, \"allowance\" numeric(19,4) not null, \"spent\" numeric(19,4) not null default 0, constraint \"campaign_budget_slot_pkey\" primary key (\"campaign_id\", \"period\", \"slot\"))");
    this.addSql("create table \"campaign_usage\" (\"campaign_id\" bigint not null primary key, \"redemptions\" int not null default 0, \"issued\" int not null default 0)");
    this.addSql("create table \"customer_campaign_usage\" (\"campaign_id\" bigint not null, \"customer_id\" bigint not null, \"redemptions\" int not null default 0, constraint \"customer_campaign_usage_pkey\" primary key (\"campaign_id\", \"customer_id\"))");
    this.addSql("create table \"campaign\" (\"id\" bigserial primary key, \"created_at\" timestamptz not null default now(), \"owned_by_group_id\" bigint not null, \"privacy_level_id\" bigint null, \"name\" varchar(255) not null, \"kind\" text check (\"kind\" in ('DISCOUNT_CODE', 'EXPERIENCE_VOUCHER')) not null, \"state\" text check (\"state\" in ('DRAFT', 'ACTIVE', 'PAUSED', 'ENDED')) not null default 'DRAFT', \"paused_reason\" text null, \"paused_budget_period\" text null, \"discount_kind\" text check (\"discount_kind\" in ('PERCENTAGE', 'AMOUNT')) not null, \"percentage\" numeric(9,4) null, \"amount\" numeric(19,4) null, \"max_discount\" numeric(19,4) null, \"currency\" varchar(3) not null, \"starts_at\" timestamptz not null, \"expires_at\" timestamptz not null, \"timezone\" varchar(255) not null default 'UTC', \"budget_period\" text check (\"budget_period\" in ('MONTH', 'TOTAL')) null, \"budget_amount\" numeric(19,4) null, \"budget_pause_threshold\" numeric(19,4) null, \"max_redemptions_per_code\" int null, \"max_redemptions_per_customer\" int null, \"max_redemptions\" int null, \"min_spend\" numeric(19,4) null, \"stacking\" text check (\"stacking\" in ('EXCLUSIVE', 'STACKABLE')) not null default 'EXCLUSIVE', \"stacking_group\" text null, \"max_codes_per_order\" int null, \"max_issued\" int null, \"one_per_customer\" boolean not null default false, \"voucher_kind\" text check (\"voucher_kind\" in ('PRODUCT', 'SERVICE', 'PACKAGE')) null, \"voucher_form\" text check (\"voucher_form\" in ('PAPER', 'ELECTRONIC')) null, \"included_segment_ids\" text[] not null default '{}', \"excluded_segment_ids\" text[] not null default '{}', \"product_ids\" text[] not null default '{}', \"product_type_ids\" text[] not null default '{}', \"allowed_unit_ids\" text[] not null default '{}', \"activated_at\" timestamptz null, \"ended_at\" timestamptz null)");
    this.addSql("create index \"campaign_state_index\" on \"campaign\" (\"state\")");
    this.addSql("create table \"code_batch\" (\"id\" bigserial primary key, \"created_at\" timestamptz not null default now(), \"campaign_id\" bigint not null, \"requested\" int not null, \"generated\" int not null default 0, \"status\" text check (\"status\" in ('PENDING', 'RUNNING', 'DONE', 'FAILED')) not null default 'PENDING', \"pattern\" jsonb not null, \"error\" text null, \"finished_at\" timestamptz null)");
    this.addSql("create table \"code\" (\"id\" bigserial primary key, \"created_at\" timestamptz not null default now(), \"code\" text not null, \"campaign_id\" bigint not null, \"state\" text check (\"state\" in ('ACTIVE', 'DISABLED')) not null default 'ACTIVE', \"customer_id\" bigint null, \"max_redemptions\" int null, \"redemptions_count\" int not null default 0, \"issued_at\" timestamptz null, \"channel\" text check (\"channel\" in ('WEBSITE', 'SOCIAL', 'EMAIL', 'APP', 'EVENT', 'PARTNER', 'STORE', 'API')) null, \"batch_id\" bigint null, \"disabled_at\" timestamptz null)");
    this.addSql("alter table \"code\" add constraint \"code_code_unique\" unique (\"code\")");
    this.addSql("create index \"code_customer_id_index\" on \"code\" (\"customer_id\")");
    this.addSql("create index \"code_campaign_id_id_index\" on \"code\" (\"campaign_id\", \"id\")");
    this.addSql("create table \"redemption_request\" (\"idempotency_key\" text not null, \"redemption_id\" bigint null, \"reason\" text null, \"explanation\" text not null default '', \"created_at\" timestamptz not null default now(), constraint \"redemption_request_pkey\" primary key (\"idempotency_key\"))");
    this.addSql("create table \"redemption\" (\"id\" bigserial primary key, \"created_at\" timestamptz not null default now(), \"campaign_id\" bigint not null, \"code_id\" bigint not null, \"customer_id\" bigint not null, \"order_amount\" numeric(19,4) not null, \"discount\" numeric(19,4) not null, \"currency\" varchar(3) not null, \"unit_id\" bigint null, \"state\" text check (\"state\" in ('SUCCEEDED', 'ROLLED_BACK')) not null default 'SUCCEEDED', \"test\" boolean not null default false, \"budget_period\" text null, \"budget_slot\" smallint null, \"counted_total\" boolean not null default false, \"rolled_back_at\" timestamptz null, \"rollback_reason\" text null)");
    this.addSql("create index \"redemption_customer_id_campaign_id_index\" on \"redemption\" (\"customer_id\", \"campaign_id\")");
    this.addSql("create index \"redemption_code_id_index\" on \"redemption\" (\"code_id\")");
    this.addSql("create index \"redemption_campaign_id_created_at_index\" on \"redemption\" (\"campaign_id\", \"created_at\")");
    this.addSql("create table \"review_flag\" (\"id\" bigserial primary key, \"created_at\" timestamptz not null default now(), \"kind\" varchar(255) not null, \"subject_type\" varchar(255) not null, \"subject_id\" varchar(255) not null, \"message\" text not null, \"dedupe_key\" text null, \"resolved_at\" timestamptz null, \"resolved_by_id\" bigint null, \"resolve_comment\" text null)");
    this.addSql("alter table \"review_flag\" add constraint \"review_flag_dedupe_key_unique\" unique (\"dedupe_key\")");
    this.addSql("create index \"review_flag_resolved_at_created_at_index\" on \"review_flag\" (\"resolved_at\", \"created_at\")");
    this.addSql("alter table \"campaign\" add constraint \"campaign_owned_by_group_id_foreign\" foreign key (\"owned_by_group_id\") references \"org_group\" (\"id\") on update cascade");
    this.addSql("alter table \"campaign\" add constraint \"campaign_privacy_level_id_foreign\" foreign key (\"privacy_level_id\") references \"privacy_level\" (\"id\") on update cascade on delete set null");
    this.addSql("alter table \"code_batch\" add constraint \"code_batch_campaign_id_foreign\" foreign key (\"campaign_id\") references \"campaign\" (\"id\") on update cascade");
    this.addSql("alter table \"code\" add constraint \"code_campaign_id_foreign\" foreign key (\"campaign_id\") references \"campaign\" (\"id\") on update cascade");
    this.addSql("alter table \"code\" add constraint \"code_customer_id_foreign\" foreign key (\"customer_id\") references \"customer\" (\"id\") on update cascade on delete set null");
    this.addSql("alter table \"redemption\" add constraint \"redemption_code_id_foreign\" foreign key (\"code_id\") references \"code\" (\"id\") on update cascade");
    this.addSql("alter table \"redemption\" add constraint \"redemption_customer_id_foreign\" foreign key (\"customer_id\") references \"customer\" (\"id\") on update cascade");
    this.addSql("alter table \"redemption\" add constraint \"redemption_unit_id_foreign\" foreign key (\"unit_id\") references \"org_unit\" (\"id\") on update cascade on delete set null");
    this.addSql("alter table \"review_flag\" add constraint \"review_flag_resolved_by_id_foreign\" foreign key (\"resolved_by_id\") references \"app_user\" (\"id\") on update cascade on delete set null");
    this.addSql("alter table \"campaign_budget_slot\" add constraint \"campaign_budget_slot_within_allowance\" check (\"spent\" >= 0 and \"spent\" <= \"allowance\")");
    this.addSql("alter table \"code\" add constraint \"code_redemptions_count_non_negative\" check (\"redemptions_count\" >= 0)");
    this.addSql("alter table \"customer_campaign_usage\" add constraint \"customer_campaign_usage_non_negative\" check (\"redemptions\" >= 0)");
    this.addSql("alter table \"campaign_usage\" add constraint \"campaign_usage_non_negative\" check (\"redemptions\" >= 0 and \"issued\" >= 0)");
    this.addSql("create index \"code_campaign_pool_index\" on \"code\" (\"campaign_id\", \"id\") where \"customer_id\" is null and \"issued_at\" is null");
  }

  override async down(): Promise<void> {
    this.addSql("alter table \"code_batch\" drop constraint \"code_batch_campaign_id_foreign\"");
    this.addSql("alter table \"code\" drop constraint \"code_campaign_id_foreign\"");
    this.addSql("alter table \"redemption\" drop constraint \"redemption_code_id_foreign\"");
    this.addSql("drop table if exists \"campaign_budget_slot\" cascade");
    this.addSql("drop table if exists \"campaign_usage\" cascade");
    this.addSql("drop table if exists \"customer_campaign_usage\" cascade");
    this.addSql("drop table if exists \"campaign\" cascade");
    this.addSql("drop table if exists \"code_batch\" cascade");
    this.addSql("drop table if exists \"code\" cascade");
    this.addSql("drop table if exists \"redemption_request\" cascade");
    this.addSql("drop table if exists \"redemption\" cascade");
    this.addSql("drop table if exists \"review_flag\" cascade");
  }
}
