import { Migration } from '@mikro-orm/migrations';

export class Migration20261122224508_rewards extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table \"reward_offer_category\" (\"id\" bigserial primary key, \"created_at\" timestamptz not null default now(), \"name\" varchar(255) not null)");
    this.addSql("create unique index \"reward_offer_category_ci_unique\" on \"reward_offer_category\" (lower(\"name\"))");
    this.addSql("create table \"reward_offer_template\" (\"id\" bigserial primary key, \"created_at\" timestamptz not null default now(), \"owned_by_group_id\" bigint not null, \"privacy_level_id\" bigint null, \"name\" varchar(255) not null, \"classification\" text check (\"classification\" in ('UTILISE_FREE_CAPACITY', 'INCREASE_REVENUE_TRANSACTION_BASED', 'INCREASE_REVENUE_PRODUCT_BASED', 'REWARD_LOYALTY_TRANSACTION_AMOUNT_BASED', 'REWARD_LOYALTY_TRANSACTION_NUMBER_BASED', 'REWARD_SIGN_UPS', 'REWARD_REFERRALS', 'REWARD_BEHAVIOR', 'REWARD_ON_BIRTHDAY', 'REWARD_SUBSCRIPTION_MATURITY', 'REWARD_PERSONAL_DATA_COMPLETENESS', 'REWARD_ACHIEVEMENTS', 'JUST_MONEY')) not null, \"award\" jsonb null, \"spend_conditions\" jsonb null)");
    this.addSql("create unique index \"reward_offer_template_ci_unique\" on \"reward_offer_template\" (lower(\"name\"))");
    this.addSql("create table \"reward_offer_type\" (\"id\" bigserial primary key, \"created_at\" timestamptz not null default now(), \"name\" varchar(255) not null, \"classification\" text check (\"classification\" in ('UTILISE_FREE_CAPACITY', 'INCREASE_REVENUE_TRANSACTION_BASED', 'INCREASE_REVENUE_PRODUCT_BASED', 'REWARD_LOYALTY_TRANSACTION_AMOUNT_BASED', 'REWARD_LOYALTY_TRANSACTION_NUMBER_BASED', 'REWARD_SIGN_UPS', 'REWARD_REFERRALS', 'REWARD_BEHAVIOR', 'REWARD_ON_BIRTHDAY', 'REWARD_SUBSCRIPTION_MATURITY', 'REWARD_PERSONAL_DATA_COMPLETENESS', 'REWARD_ACHIEVEMENTS', 'JUST_MONEY')) not null, \"allowed_category_ids\" text[] not null default '{}')");
    this.addSql("create unique index \"reward_offer_type_ci_unique\" on \"reward_offer_type\" (lower(\"name\"))");
    this.addSql("create table \"reward_run\" (\"id\" bigserial primary key, \"created_at\" timestamptz not null default now(), \"started_at\" timestamptz not null default now(), \"finished_at\" timestamptz null, \"state\" text check (\"state\" in ('RUNNING', 'FINISHED', 'FAILED')) not null default 'RUNNING', \"trigger\" varchar(255) not null default 'MANUAL', \"events_processed\" int not null default 0, \"awards_created\" int not null default 0, \"total_awarded\" numeric(19,4) not null default 0, \"error\" text null)");
    this.addSql("create table \"reward_offer\" (\"id\" bigserial primary key, \"created_at\" timestamptz not null default now(), \"owned_by_group_id\" bigint not null, \"privacy_level_id\" bigint null, \"number\" varchar(255) not null, \"name\" varchar(255) not null, \"alternative_code\" text null, \"description\" text null, \"scheme_id\" bigint not null, \"type_id\" bigint not null, \"classification\" text check (\"classification\" in ('UTILISE_FREE_CAPACITY', 'INCREASE_REVENUE_TRANSACTION_BASED', 'INCREASE_REVENUE_PRODUCT_BASED', 'REWARD_LOYALTY_TRANSACTION_AMOUNT_BASED', 'REWARD_LOYALTY_TRANSACTION_NUMBER_BASED', 'REWARD_SIGN_UPS', 'REWARD_REFERRALS', 'REWARD_BEHAVIOR', 'REWARD_ON_BIRTHDAY', 'REWARD_SUBSCRIPTION_MATURITY', 'REWARD_PERSONAL_DATA_COMPLETENESS', 'REWARD_ACHIEVEMENTS', 'JUST_MONEY')) not null, \"category_id\" bigint null, \"template_id\" bigint null, \"life_cycle_state\" text check (\"life_cycle_state\" in ('NOT_EFFECTIVE', 'EFFECTIVE')) not null default 'NOT_EFFECTIVE', \"latest_effective_date\" timestamptz null, \"evaluation_method\" text check (\"evaluation_method\" in ('BATCH', 'IMMEDIATE')) not null default 'BATCH', \"award\" jsonb not null, \"apply_if_best_award\" boolean not null default false, \"validity\" jsonb not null, \"award_validity\" jsonb not null, \"award_conditions\" jsonb not null, \"spend_conditions\" jsonb not null, \"updated_at\" timestamptz not null default now())");
    this.addSql("alter table \"reward_offer\" add constraint \"reward_offer_number_unique\" unique (\"number\")");
    this.addSql("create index \"reward_offer_life_cycle_state_evaluation_method_index\" on \"reward_offer\" (\"life_cycle_state\", \"evaluation_method\")");
    this.addSql("create unique index \"reward_offer_code_ci_unique\" on \"reward_offer\" (lower(\"alternative_code\"))");
    this.addSql("create unique index \"reward_offer_name_ci_unique\" on \"reward_offer\" (lower(\"name\"))");
    this.addSql("create table \"rewards_definition\" (\"id\" bigserial primary key, \"created_at\" timestamptz not null default now(), \"allowed_offer_type_ids\" text[] null)");
    this.addSql("create table \"reward_participant\" (\"id\" bigserial primary key, \"created_at\" timestamptz not null default now(), \"scheme_id\" bigint not null, \"customer_id\" bigint not null, \"joined_at\" timestamptz not null default now())");
    this.addSql("create index \"reward_participant_customer_id_index\" on \"reward_participant\" (\"customer_id\")");
    this.addSql("alter table \"reward_participant\" add constraint \"reward_participant_scheme_id_customer_id_unique\" unique (\"scheme_id\", \"customer_id\")");
    this.addSql("create table \"spend_transaction\" (\"id\" bigserial primary key, \"created_at\" timestamptz not null default now(), \"participant_id\" bigint not null, \"amount\" numeric(19,4) not null, \"unit_id\" bigint null, \"product_ids\" text[] not null default '{}', \"performed_at\" timestamptz not null, \"idempotency_key\" text null)");
    this.addSql("create index \"spend_transaction_participant_id_performed_at_index\" on \"spend_transaction\" (\"participant_id\", \"performed_at\")");
    this.addSql("alter table \"spend_transaction\" add constraint \"spend_transaction_participant_id_idempotency_key_unique\" unique (\"participant_id\", \"idempotency_key\")");
    this.addSql("create table \"customer_event\" (\"id\" bigserial primary key, \"created_at\" timestamptz not null default now(), \"customer_id\" bigint not null, \"kind\" text check (\"kind\" in ('PURCHASE', 'REFERRAL', 'SIGN_UP', 'ACHIEVEMENT', 'BIRTHDAY', 'PERSONAL_DATA_COMPLETED', 'SUBSCRIPTION_MATURITY', 'BEHAVIOR', 'OTHER')) not null, \"performed_at\" timestamptz not null, \"amount\" numeric(19,4) null, \"currency\" text null, \"product_ids\" text[] not null default '{}', \"unit_id\" bigint null, \"process_immediately\" boolean not null default false, \"idempotency_key\" text null, \"processed_at\" timestamptz null, \"processed_by_run\" bigint null)");
    this.addSql("alter table \"customer_event\" add constraint \"customer_event_idempotency_key_unique\" unique (\"idempotency_key\")");
    this.addSql("create index \"customer_event_unprocessed_idx\" on \"customer_event\" (\"id\") where \"processed_at\" is null");
    this.addSql("create index \"customer_event_customer_id_id_index\" on \"customer_event\" (\"customer_id\", \"id\")");
    this.addSql("create table \"award_transaction\" (\"id\" bigserial primary key, \"created_at\" timestamptz not null default now(), \"participant_id\" bigint not null, \"offer_id\" bigint not null, \"event_id\" bigint null, \"amount\" numeric(19,4) not null, \"remaining\" numeric(19,4) not null, \"expires_at\" timestamptz null, \"only_one\" boolean not null default false, \"run\" bigint null)");
    this.addSql("create index \"award_transaction_participant_id_created_at_index\" on \"award_transaction\" (\"participant_id\", \"created_at\")");
    this.addSql("create unique index \"award_transaction_only_one\" on \"award_transaction\" (\"offer_id\", \"participant_id\") where \"only_one\"");
    this.addSql("alter table \"award_transaction\" add constraint \"award_transaction_offer_id_event_id_unique\" unique (\"offer_id\", \"event_id\")");
    this.addSql("create table \"spend_allocation\" (\"id\" bigserial primary key, \"created_at\" timestamptz not null default now(), \"spend_id\" bigint not null, \"award_id\" bigint not null, \"amount\" numeric(19,4) not null)");
    this.addSql("create index \"spend_allocation_award_id_index\" on \"spend_allocation\" (\"award_id\")");
    this.addSql("alter table \"reward_offer_template\" add constraint \"reward_offer_template_owned_by_group_id_foreign\" foreign key (\"owned_by_group_id\") references \"org_group\" (\"id\") on update cascade");
    this.addSql("alter table \"reward_offer_template\" add constraint \"reward_offer_template_privacy_level_id_foreign\" foreign key (\"privacy_level_id\") references \"privacy_level\" (\"id\") on update cascade on delete set null");
    this.addSql("alter table \"reward_offer\" add constraint \"reward_offer_owned_by_group_id_foreign\" foreign key (\"owned_by_group_id\") references \"org_group\" (\"id\") on update cascade");
    this.addSql("alter table \"reward_offer\" add constraint \"reward_offer_privacy_level_id_foreign\" foreign key (\"privacy_level_id\") references \"privacy_level\" (\"id\") on update cascade on delete set null");
    this.addSql("alter table \"reward_offer\" add constraint \"reward_offer_scheme_id_foreign\" foreign key (\"scheme_id\") references \"reward_scheme\" (\"id\") on update cascade");
    this.addSql("alter table \"reward_offer\" add constraint \"reward_offer_type_id_foreign\" foreign key (\"type_id\") references \"reward_offer_type\" (\"id\") on update cascade");
    this.addSql("alter table \"reward_offer\" add constraint \"reward_offer_category_id_foreign\" foreign key (\"category_id\") references \"reward_offer_category\" (\"id\") on update cascade on delete set null");
    this.addSql("alter table \"reward_offer\" add constraint \"reward_offer_template_id_foreign\" foreign key (\"template_id\") references \"reward_offer_template\" (\"id\") on update cascade on delete set null");
    this.addSql("alter table \"reward_participant\" add constraint \"reward_participant_scheme_id_foreign\" foreign key (\"scheme_id\") references \"reward_scheme\" (\"id\") on update cascade");
    this.addSql("alter table \"reward_participant\" add constraint \"reward_participant_customer_id_foreign\" foreign key (\"customer_id\") references \"customer\" (\"id\") on update cascade");
    this.addSql("alter table \"spend_transaction\" add constraint \"spend_transaction_participant_id_foreign\" foreign key (\"participant_id\") references \"reward_participant\" (\"id\") on update cascade");
    this.addSql("alter table \"spend_transaction\" add constraint \"spend_transaction_unit_id_foreign\" foreign key (\"unit_id\") references \"org_unit\" (\"id\") on update cascade on delete set null");
    this.addSql("alter table \"customer_event\" add constraint \"customer_event_customer_id_foreign\" foreign key (\"customer_id\") references \"customer\" (\"id\") on update cascade");
    this.addSql("alter table \"customer_event\" add constraint \"customer_event_unit_id_foreign\" foreign key (\"unit_id\") references \"org_unit\" (\"id\") on update cascade on delete set null");
    this.addSql("alter table \"award_transaction\" add constraint \"award_transaction_participant_id_foreign\" foreign key (\"participant_id\") references \"reward_participant\" (\"id\") on update cascade");
    this.addSql("alter table \"award_transaction\" add constraint \"award_transaction_offer_id_foreign\" foreign key (\"offer_id\") references \"reward_offer\" (\"id\") on update cascade on delete restrict");
    this.addSql("alter table \"award_transaction\" add constraint \"award_transaction_event_id_foreign\" foreign key (\"event_id\") references \"customer_event\" (\"id\") on update cascade on delete set null");
    this.addSql("alter table \"spend_allocation\" add constraint \"spend_allocation_spend_id_foreign\" foreign key (\"spend_id\") references \"spend_transaction\" (\"id\") on update cascade");
    this.addSql("alter table \"spend_allocation\" add constraint \"spend_allocation_award_id_foreign\" foreign key (\"award_id\") references \"award_transaction\" (\"id\") on update cascade");
    // Hand-written: the offer number sequence and the money invariants the database itself keeps.
    this.addSql('create sequence "reward_offer_number_seq"');
    this.addSql('alter table "award_transaction" add constraint "award_transaction_amounts_check" check ("amount" > 0 and "remaining" >= 0 and "remaining" <= "amount")');
    this.addSql('alter table "spend_transaction" add constraint "spend_transaction_amount_check" check ("amount" > 0)');
    this.addSql('alter table "spend_allocation" add constraint "spend_allocation_amount_check" check ("amount" > 0)');
    this.addSql('create index "spend_allocation_spend_id_index" on "spend_allocation" ("spend_id")');
  }

  override async down(): Promise<void> {
    this.addSql("alter table \"reward_offer\" drop constraint \"reward_offer_category_id_foreign\"");
    this.addSql("alter table \"reward_offer\" drop constraint \"reward_offer_template_id_foreign\"");
    this.addSql("alter table \"reward_offer\" drop constraint \"reward_offer_type_id_foreign\"");
    this.addSql("alter table \"award_transaction\" drop constraint \"award_transaction_offer_id_foreign\"");
    this.addSql("alter table \"spend_transaction\" drop constraint \"spend_transaction_participant_id_foreign\"");
    this.addSql("alter table \"award_transaction\" drop constraint \"award_transaction_participant_id_foreign\"");
    this.addSql("alter table \"spend_allocation\" drop constraint \"spend_allocation_spend_id_foreign\"");
    this.addSql("alter table \"award_transaction\" drop constraint \"award_transaction_event_id_foreign\"");
    this.addSql("alter table \"spend_allocation\" drop constraint \"spend_allocation_award_id_foreign\"");
    this.addSql("drop table if exists \"reward_offer_category\" cascade");
    this.addSql("drop table if exists \"reward_offer_template\" cascade");
    this.addSql("drop table if exists \"reward_offer_type\" cascade");
    this.addSql("drop table if exists \"reward_run\" cascade");
    this.addSql("drop table if exists \"reward_offer\" cascade");
    this.addSql("drop table if exists \"rewards_definition\" cascade");
    this.addSql("drop table if exists \"reward_participant\" cascade");
    this.addSql("drop table if exists \"spend_transaction\" cascade");
    this.addSql("drop table if exists \"customer_event\" cascade");
    this.addSql("drop table if exists \"award_transaction\" cascade");
    this.addSql("drop table if exists \"spend_allocation\" cascade");
    this.addSql('drop sequence if exists "reward_offer_number_seq"');
  }
}
