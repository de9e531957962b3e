import { Migration } from '@mikro-orm/migrations';

export class Migration20261204044558_discounts extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table \"additive_discount_definition\" (\"id\" bigserial primary key, \"created_at\" timestamptz not null default now(), \"owned_by_group_id\" bigint not null, \"privacy_level_id\" bigint null, \"name\" varchar(255) not null, \"target\" text check (\"target\" in ('SUBSCRIPTION', 'JOB')) not null, \"application\" text check (\"application\" in ('AD_HOC', 'AUTO_APPLY')) not null, \"value_kind\" text check (\"value_kind\" in ('AMOUNT', 'AMOUNT_RANGE', 'PERCENTAGE', 'FREE_PERIOD')) not null, \"amount\" numeric(19,4) null, \"min_amount\" numeric(19,4) null, \"max_amount\" numeric(19,4) null, \"percentage\" numeric(9,4) null, \"free_period_days\" int null, \"currency\" text null, \"effective_date\" timestamptz not null, \"expiration_date\" timestamptz null, \"duration\" text check (\"duration\" in ('ONCE_OFF', 'FIXED_DATE', 'FLEXIBLE')) not null default 'ONCE_OFF', \"duration_until\" timestamptz null, \"max_applications\" int null, \"application_period_count\" int null, \"application_period_unit\" text null, \"approval_method\" text check (\"approval_method\" in ('AUTOMATIC', 'MANUAL')) not null, \"approval_unit_id\" bigint null, \"billing_frequencies\" text[] not null default '{}', \"product_ids\" text[] not null default '{}', \"product_type_ids\" text[] not null default '{}', \"included_segment_ids\" text[] not null default '{}', \"excluded_segment_ids\" text[] not null default '{}')");
    this.addSql("create index \"additive_discount_definition_target_application_index\" on \"additive_discount_definition\" (\"target\", \"application\")");
    this.addSql("create table \"bill\" (\"id\" bigserial primary key, \"created_at\" timestamptz not null default now(), \"number\" varchar(255) not null, \"subscription_id\" bigint null, \"job_id\" bigint null, \"customer_id\" bigint not null, \"currency\" text not null, \"period_start\" date null, \"period_end\" date null, \"lines\" jsonb not null, \"subtotal\" numeric(19,4) not null, \"discount_total\" numeric(19,4) not null, \"total\" numeric(19,4) not null, \"billed_by_id\" bigint not null)");
    this.addSql("alter table \"bill\" add constraint \"bill_number_unique\" unique (\"number\")");
    this.addSql("create index \"bill_customer_id_index\" on \"bill\" (\"customer_id\")");
    this.addSql("create table \"ad_hoc_discount\" (\"id\" bigserial primary key, \"created_at\" timestamptz not null default now(), \"number\" varchar(255) not null, \"definition_id\" bigint not null, \"subscription_id\" bigint null, \"job_id\" bigint null, \"customer_id\" bigint not null, \"state\" text check (\"state\" in ('PENDING_APPROVAL', 'APPROVED', 'CANCELLED')) not null, \"amount\" numeric(19,4) null, \"percentage\" numeric(9,4) null, \"free_period_days\" int null, \"currency\" text not null, \"applicable_product_ids\" text[] not null default '{}', \"approval_method\" text check (\"approval_method\" in ('AUTOMATIC', 'MANUAL')) not null, \"once_off\" boolean not null default false, \"provided_by_id\" bigint not null, \"provided_on\" timestamptz not null, \"approved_by_id\" bigint null, \"approved_on\" timestamptz null, \"cancelled_by_id\" bigint null, \"cancelled_on\" timestamptz null, \"decision_comment\" text null, \"effective_date\" timestamptz null, \"expiration_date\" timestamptz null, \"consumed_by_bill_id\" bigint null)");
    this.addSql("alter table \"ad_hoc_discount\" add constraint \"ad_hoc_discount_number_unique\" unique (\"number\")");
    this.addSql("create index \"ad_hoc_discount_subscription_id_index\" on \"ad_hoc_discount\" (\"subscription_id\")");
    this.addSql("create index \"ad_hoc_discount_job_id_index\" on \"ad_hoc_discount\" (\"job_id\")");
    this.addSql("create index \"ad_hoc_discount_state_index\" on \"ad_hoc_discount\" (\"state\")");
    this.addSql("create index \"ad_hoc_discount_definition_id_customer_id_provided_on_index\" on \"ad_hoc_discount\" (\"definition_id\", \"customer_id\", \"provided_on\")");
    this.addSql("alter table \"additive_discount_definition\" add constraint \"additive_discount_definition_owned_by_group_id_foreign\" foreign key (\"owned_by_group_id\") references \"org_group\" (\"id\") on update cascade");
    this.addSql("alter table \"additive_discount_definition\" add constraint \"additive_discount_definition_privacy_level_id_foreign\" foreign key (\"privacy_level_id\") references \"privacy_level\" (\"id\") on update cascade on delete set null");
    this.addSql("alter table \"additive_discount_definition\" add constraint \"additive_discount_definition_approval_unit_id_foreign\" foreign key (\"approval_unit_id\") references \"org_unit\" (\"id\") on update cascade on delete set null");
    this.addSql("alter table \"bill\" add constraint \"bill_subscription_id_foreign\" foreign key (\"subscription_id\") references \"subscription\" (\"id\") on update cascade on delete set null");
    this.addSql("alter table \"bill\" add constraint \"bill_job_id_foreign\" foreign key (\"job_id\") references \"job\" (\"id\") on update cascade on delete set null");
    this.addSql("alter table \"bill\" add constraint \"bill_customer_id_foreign\" foreign key (\"customer_id\") references \"customer\" (\"id\") on update cascade");
    this.addSql("alter table \"bill\" add constraint \"bill_billed_by_id_foreign\" foreign key (\"billed_by_id\") references \"app_user\" (\"id\") on update cascade");
    this.addSql("alter table \"ad_hoc_discount\" add constraint \"ad_hoc_discount_definition_id_foreign\" foreign key (\"definition_id\") references \"additive_discount_definition\" (\"id\") on update cascade");
    this.addSql("alter table \"ad_hoc_discount\" add constraint \"ad_hoc_discount_subscription_id_foreign\" foreign key (\"subscription_id\") references \"subscription\" (\"id\") on update cascade on delete set null");
    this.addSql("alter table \"ad_hoc_discount\" add constraint \"ad_hoc_discount_job_id_foreign\" foreign key (\"job_id\") references \"job\" (\"id\") on update cascade on delete set null");
    this.addSql("alter table \"ad_hoc_discount\" add constraint \"ad_hoc_discount_customer_id_foreign\" foreign key (\"customer_id\") references \"customer\" (\"id\") on update cascade");
    this.addSql("alter table \"ad_hoc_discount\" add constraint \"ad_hoc_discount_provided_by_id_foreign\" foreign key (\"provided_by_id\") references \"app_user\" (\"id\") on update cascade");
    this.addSql("alter table \"ad_hoc_discount\" add constraint \"ad_hoc_discount_approved_by_id_foreign\" foreign key (\"approved_by_id\") references \"app_user\" (\"id\") on update cascade on delete set null");
    this.addSql("alter table \"ad_hoc_discount\" add constraint \"ad_hoc_discount_cancelled_by_id_foreign\" foreign key (\"cancelled_by_id\") references \"app_user\" (\"id\") on update cascade on delete set null");
    // Hand-written: numbering sequences and the invariants the database itself keeps.
    this.addSql('create sequence "ad_hoc_discount_number_seq"');
    this.addSql('create sequence "bill_number_seq"');
    this.addSql('alter table "ad_hoc_discount" add constraint "ad_hoc_discount_one_target" check (("subscription_id" is null) <> ("job_id" is null))');
    this.addSql('alter table "bill" add constraint "bill_one_target" check (("subscription_id" is null) <> ("job_id" is null))');
    this.addSql('alter table "bill" add constraint "bill_net_not_negative" check ("total" >= 0 and "discount_total" >= 0 and "discount_total" <= "subtotal")');
    // A subscription is billed once per period, a job once.
    this.addSql('create unique index "bill_subscription_period_unique" on "bill" ("subscription_id", "period_start") where "subscription_id" is not null');
    this.addSql('create unique index "bill_job_unique" on "bill" ("job_id") where "job_id" is not null');
  }

  override async down(): Promise<void> {
    this.addSql("alter table \"ad_hoc_discount\" drop constraint \"ad_hoc_discount_definition_id_foreign\"");
    this.addSql("drop table if exists \"additive_discount_definition\" cascade");
    this.addSql("drop table if exists \"bill\" cascade");
    this.addSql("drop table if exists \"ad_hoc_discount\" cascade");
    this.addSql('drop sequence if exists "ad_hoc_discount_number_seq"');
    this.addSql('drop sequence if exists "bill_number_seq"');
  }
}
