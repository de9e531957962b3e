import { Migration } from '@mikro-orm/migrations';

export class Migration20261204044145_approvals extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table \"approval_request\" (\"id\" bigserial primary key, \"created_at\" timestamptz not null default now(), \"subject\" text not null, \"subject_id\" bigint not null, \"state\" text not null default 'PENDING', \"requested_by_id\" bigint not null, \"requested_at\" timestamptz not null default now(), \"deciding_role\" text not null, \"deciding_unit_id\" bigint null, \"payload\" jsonb null, \"decided_by_id\" bigint null, \"decided_at\" timestamptz null, \"comment\" text null)");
    this.addSql("create index \"approval_request_subject_subject_id_index\" on \"approval_request\" (\"subject\", \"subject_id\")");
    this.addSql("create index \"approval_request_state_subject_index\" on \"approval_request\" (\"state\", \"subject\")");
    this.addSql("alter table \"approval_request\" add constraint \"approval_request_requested_by_id_foreign\" foreign key (\"requested_by_id\") references \"app_user\" (\"id\") on update cascade");
    this.addSql("alter table \"approval_request\" add constraint \"approval_request_deciding_unit_id_foreign\" foreign key (\"deciding_unit_id\") references \"org_unit\" (\"id\") on update cascade on delete set null");
    this.addSql("alter table \"approval_request\" add constraint \"approval_request_decided_by_id_foreign\" foreign key (\"decided_by_id\") references \"app_user\" (\"id\") on update cascade on delete set null");
  }

  override async down(): Promise<void> {
    this.addSql("drop table if exists \"approval_request\" cascade");
  }
}
