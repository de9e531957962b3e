import { Migration } from '@mikro-orm/migrations';

export class Migration20261122204802_catalogue extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table \"customer\" (\"id\" bigserial primary key, \"created_at\" timestamptz not null default now(), \"name\" varchar(255) not null, \"email\" text null, \"birthday\" date null, \"name_day\" date null, \"signed_up_at\" timestamptz not null, \"region\" text null, \"addresses\" jsonb not null default '[]', \"blacklisted\" boolean not null default false, \"blacklist_reason\" text null)");
    this.addSql("create index \"customer_name_id_index\" on \"customer\" (\"name\", \"id\")");
    this.addSql("create table \"job\" (\"id\" bigserial primary key, \"created_at\" timestamptz not null default now(), \"customer_id\" bigint not null, \"order_date\" date not null, \"expected_completion_date\" date not null, \"actual_completion_date\" date null, \"currency\" text not null)");
    this.addSql("create index \"job_customer_id_index\" on \"job\" (\"customer_id\")");
    this.addSql("create table \"product_family\" (\"id\" bigserial primary key, \"created_at\" timestamptz not null default now(), \"name\" varchar(255) not null)");
    this.addSql("alter table \"product_family\" add constraint \"product_family_name_unique\" unique (\"name\")");
    this.addSql("create table \"product_type\" (\"id\" bigserial primary key, \"created_at\" timestamptz not null default now(), \"name\" varchar(255) not null)");
    this.addSql("alter table \"product_type\" add constraint \"product_type_name_unique\" unique (\"name\")");
    this.addSql("create table \"product\" (\"id\" bigserial primary key, \"created_at\" timestamptz not null default now(), \"code\" varchar(255) not null, \"name\" varchar(255) not null, \"type_id\" bigint not null, \"family_id\" bigint null, \"price\" numeric(19,4) null, \"currency\" text null)");
    this.addSql("alter table \"product\" add constraint \"product_code_unique\" unique (\"code\")");
    this.addSql("create table \"job_line\" (\"id\" bigserial primary key, \"created_at\" timestamptz not null default now(), \"job_id\" bigint not null, \"product_id\" bigint not null, \"price\" numeric(19,4) not null)");
    this.addSql("create index \"job_line_job_id_index\" on \"job_line\" (\"job_id\")");
    this.addSql("create table \"segment\" (\"id\" bigserial primary key, \"created_at\" timestamptz not null default now(), \"name\" varchar(255) not null, \"entity\" text check (\"entity\" in ('CUSTOMER', 'SUBSCRIPTION', 'JOB')) not null, \"rule\" jsonb null, \"member_ids\" text[] not null default '{}')");
    this.addSql("alter table \"segment\" add constraint \"segment_name_unique\" unique (\"name\")");
    this.addSql("create table \"subscription\" (\"id\" bigserial primary key, \"created_at\" timestamptz not null default now(), \"customer_id\" bigint not null, \"billing_frequency\" text check (\"billing_frequency\" in ('MONTHLY', 'QUARTERLY', 'ANNUALLY')) not null, \"effective_date\" date not null, \"currency\" text not null)");
    this.addSql("create index \"subscription_customer_id_index\" on \"subscription\" (\"customer_id\")");
    this.addSql("create table \"subscription_service\" (\"id\" bigserial primary key, \"created_at\" timestamptz not null default now(), \"subscription_id\" bigint not null, \"product_id\" bigint not null, \"price\" numeric(19,4) not null, \"is_main\" boolean not null)");
    this.addSql("create index \"subscription_service_subscription_id_index\" on \"subscription_service\" (\"subscription_id\")");
    this.addSql("alter table \"job\" add constraint \"job_customer_id_foreign\" foreign key (\"customer_id\") references \"customer\" (\"id\") on update cascade");
    this.addSql("alter table \"product\" add constraint \"product_type_id_foreign\" foreign key (\"type_id\") references \"product_type\" (\"id\") on update cascade");
    this.addSql("alter table \"product\" add constraint \"product_family_id_foreign\" foreign key (\"family_id\") references \"product_family\" (\"id\") on update cascade on delete set null");
    this.addSql("alter table \"job_line\" add constraint \"job_line_job_id_foreign\" foreign key (\"job_id\") references \"job\" (\"id\") on update cascade on delete cascade");
    this.addSql("alter table \"job_line\" add constraint \"job_line_product_id_foreign\" foreign key (\"product_id\") references \"product\" (\"id\") on update cascade");
    this.addSql("alter table \"subscription\" add constraint \"subscription_customer_id_foreign\" foreign key (\"customer_id\") references \"customer\" (\"id\") on update cascade");
    this.addSql("alter table \"subscription_service\" add constraint \"subscription_service_subscription_id_foreign\" foreign key (\"subscription_id\") references \"subscription\" (\"id\") on update cascade on delete cascade");
    this.addSql("alter table \"subscription_service\" add constraint \"subscription_service_product_id_foreign\" foreign key (\"product_id\") references \"product\" (\"id\") on update cascade");
  }

  override async down(): Promise<void> {
    this.addSql("alter table \"job\" drop constraint \"job_customer_id_foreign\"");
    this.addSql("alter table \"subscription\" drop constraint \"subscription_customer_id_foreign\"");
    this.addSql("alter table \"job_line\" drop constraint \"job_line_job_id_foreign\"");
    this.addSql("alter table \"product\" drop constraint \"product_family_id_foreign\"");
    this.addSql("alter table \"product\" drop constraint \"product_type_id_foreign\"");
    this.addSql("alter table \"job_line\" drop constraint \"job_line_product_id_foreign\"");
    this.addSql("alter table \"subscription_service\" drop constraint \"subscription_service_product_id_foreign\"");
    this.addSql("alter table \"subscription_service\" drop constraint \"subscription_service_subscription_id_foreign\"");
    this.addSql("drop table if exists \"customer\" cascade");
    this.addSql("drop table if exists \"job\" cascade");
    this.addSql("drop table if exists \"product_family\" cascade");
    this.addSql("drop table if exists \"product_type\" cascade");
    this.addSql("drop table if exists \"product\" cascade");
    this.addSql("drop table if exists \"job_line\" cascade");
    this.addSql("drop table if exists \"segment\" cascade");
    this.addSql("drop table if exists \"subscription\" cascade");
    this.addSql("drop table if exists \"subscription_service\" cascade");
  }
}
