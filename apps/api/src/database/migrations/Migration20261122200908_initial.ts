import { Migration } from '@mikro-orm/migrations';

export class Migration20261122200908_initial extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table \"app_setting\" (\"key\" varchar(255) not null, \"value\" text not null, constraint \"app_setting_pkey\" primary key (\"key\"))");
    this.addSql("create table \"audit_entry\" (\"id\" bigserial primary key, \"at\" timestamptz not null, \"actor_id\" bigint null, \"action\" varchar(255) not null, \"entity_type\" varchar(255) not null, \"entity_id\" varchar(255) not null, \"before\" jsonb null, \"after\" jsonb null, \"prev_hash\" varchar(64) not null, \"hash\" varchar(64) not null)");
    this.addSql("create index \"audit_entry_entity_type_entity_id_index\" on \"audit_entry\" (\"entity_type\", \"entity_id\")");
    this.addSql("create table \"org_group\" (\"id\" bigserial primary key, \"created_at\" timestamptz not null default now(), \"name\" varchar(255) not null)");
    this.addSql("alter table \"org_group\" add constraint \"org_group_name_unique\" unique (\"name\")");
    this.addSql("create table \"group_collaborator\" (\"group_id\" bigint not null, \"collaborator_id\" bigint not null, constraint \"group_collaborator_pkey\" primary key (\"group_id\", \"collaborator_id\"))");
    this.addSql("create table \"privacy_level\" (\"id\" bigserial primary key, \"created_at\" timestamptz not null default now(), \"name\" varchar(255) not null, \"rank\" int not null)");
    this.addSql("alter table \"privacy_level\" add constraint \"privacy_level_name_unique\" unique (\"name\")");
    this.addSql("create table \"privacy_level_assignment_rule\" (\"id\" bigserial primary key, \"created_at\" timestamptz not null default now(), \"position\" int not null, \"entity\" text not null, \"classification\" text null, \"owned_by_group_id\" bigint null, \"privacy_level_id\" bigint not null)");
    this.addSql("create table \"rate_limit_bucket\" (\"key\" text not null, \"count\" int not null, \"window_start\" timestamptz not null, constraint \"rate_limit_bucket_pkey\" primary key (\"key\"))");
    this.addSql("create table \"reward_scheme\" (\"id\" bigserial primary key, \"created_at\" timestamptz not null default now(), \"owned_by_group_id\" bigint not null, \"privacy_level_id\" bigint null, \"name\" varchar(255) not null, \"code\" text null, \"description\" text null, \"currency\" varchar(3) not null default 'EUR', \"timezone\" varchar(255) not null default 'UTC')");
    this.addSql("alter table \"reward_scheme\" add constraint \"reward_scheme_name_unique\" unique (\"name\")");
    this.addSql("alter table \"reward_scheme\" add constraint \"reward_scheme_code_unique\" unique (\"code\")");
    this.addSql("create table \"org_unit\" (\"id\" bigserial primary key, \"created_at\" timestamptz not null default now(), \"name\" varchar(255) not null, \"group_id\" bigint not null, \"timezone\" varchar(255) not null default 'UTC')");
    this.addSql("alter table \"org_unit\" add constraint \"org_unit_group_id_name_unique\" unique (\"group_id\", \"name\")");
    this.addSql("create table \"app_user\" (\"id\" bigserial primary key, \"created_at\" timestamptz not null default now(), \"email\" varchar(255) not null, \"name\" varchar(255) not null, \"password_hash\" varchar(255) not null, \"roles\" text[] not null, \"group_id\" bigint not null, \"unit_id\" bigint null, \"privacy_clearance_id\" bigint null, \"is_super_user\" boolean not null default false, \"active\" boolean not null default true)");
    this.addSql("alter table \"app_user\" add constraint \"app_user_email_unique\" unique (\"email\")");
    this.addSql("create table \"api_key\" (\"id\" bigserial primary key, \"created_at\" timestamptz not null default now(), \"name\" varchar(255) not null, \"user_id\" bigint not null, \"secret_hash\" varchar(255) not null, \"revoked_at\" timestamptz null, \"last_used_at\" timestamptz null)");
    this.addSql("alter table \"group_collaborator\" add constraint \"group_collaborator_group_id_foreign\" foreign key (\"group_id\") references \"org_group\" (\"id\") on update cascade on delete cascade");
    this.addSql("alter table \"group_collaborator\" add constraint \"group_collaborator_collaborator_id_foreign\" foreign key (\"collaborator_id\") references \"org_group\" (\"id\") on update cascade on delete cascade");
    this.addSql("alter table \"privacy_level_assignment_rule\" add constraint \"privacy_level_assignment_rule_owned_by_group_id_foreign\" foreign key (\"owned_by_group_id\") references \"org_group\" (\"id\") on update cascade on delete set null");
    this.addSql("alter table \"privacy_level_assignment_rule\" add constraint \"privacy_level_assignment_rule_privacy_level_id_foreign\" foreign key (\"privacy_level_id\") references \"privacy_level\" (\"id\") on update cascade");
    this.addSql("alter table \"reward_scheme\" add constraint \"reward_scheme_owned_by_group_id_foreign\" foreign key (\"owned_by_group_id\") references \"org_group\" (\"id\") on update cascade");
    this.addSql("alter table \"reward_scheme\" add constraint \"reward_scheme_privacy_level_id_foreign\" foreign key (\"privacy_level_id\") references \"privacy_level\" (\"id\") on update cascade on delete set null");
    this.addSql("alter table \"org_unit\" add constraint \"org_unit_group_id_foreign\" foreign key (\"group_id\") references \"org_group\" (\"id\") on update cascade");
    this.addSql("alter table \"app_user\" add constraint \"app_user_group_id_foreign\" foreign key (\"group_id\") references \"org_group\" (\"id\") on update cascade");
    this.addSql("alter table \"app_user\" add constraint \"app_user_unit_id_foreign\" foreign key (\"unit_id\") references \"org_unit\" (\"id\") on update cascade on delete set null");
    this.addSql("alter table \"app_user\" add constraint \"app_user_privacy_clearance_id_foreign\" foreign key (\"privacy_clearance_id\") references \"privacy_level\" (\"id\") on update cascade on delete set null");
    this.addSql("alter table \"api_key\" add constraint \"api_key_user_id_foreign\" foreign key (\"user_id\") references \"app_user\" (\"id\") on update cascade");
    // The audit trail is append-only (SPEC §9): the database itself refuses updates and deletes.
    this.addSql("create function audit_entry_append_only() returns trigger language plpgsql as $$ begin raise exception 'audit_entry is append-only'; end $$");
    this.addSql("create trigger audit_entry_append_only before update or delete on audit_entry for each row execute function audit_entry_append_only()");
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger if exists audit_entry_append_only on audit_entry');
    this.addSql('drop function if exists audit_entry_append_only()');
    this.addSql("alter table \"group_collaborator\" drop constraint \"group_collaborator_group_id_foreign\"");
    this.addSql("alter table \"group_collaborator\" drop constraint \"group_collaborator_collaborator_id_foreign\"");
    this.addSql("alter table \"privacy_level_assignment_rule\" drop constraint \"privacy_level_assignment_rule_owned_by_group_id_foreign\"");
    this.addSql("alter table \"reward_scheme\" drop constraint \"reward_scheme_owned_by_group_id_foreign\"");
    this.addSql("alter table \"org_unit\" drop constraint \"org_unit_group_id_foreign\"");
    this.addSql("alter table \"app_user\" drop constraint \"app_user_group_id_foreign\"");
    this.addSql("alter table \"privacy_level_assignment_rule\" drop constraint \"privacy_level_assignment_rule_privacy_level_id_foreign\"");
    this.addSql("alter table \"reward_scheme\" drop constraint \"reward_scheme_privacy_level_id_foreign\"");
    this.addSql("alter table \"app_user\" drop constraint \"app_user_privacy_clearance_id_foreign\"");
    this.addSql("alter table \"app_user\" drop constraint \"app_user_unit_id_foreign\"");
    this.addSql("alter table \"api_key\" drop constraint \"api_key_user_id_foreign\"");
    this.addSql("drop table if exists \"app_setting\" cascade");
    this.addSql("drop table if exists \"audit_entry\" cascade");
    this.addSql("drop table if exists \"org_group\" cascade");
    this.addSql("drop table if exists \"group_collaborator\" cascade");
    this.addSql("drop table if exists \"privacy_level\" cascade");
    this.addSql("drop table if exists \"privacy_level_assignment_rule\" cascade");
    this.addSql("drop table if exists \"rate_limit_bucket\" cascade");
    this.addSql("drop table if exists \"reward_scheme\" cascade");
    this.addSql("drop table if exists \"org_unit\" cascade");
    this.addSql("drop table if exists \"app_user\" cascade");
    this.addSql("drop table if exists \"api_key\" cascade");
  }
}
