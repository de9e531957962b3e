import { Migration } from '@mikro-orm/migrations';

/** Experience vouchers (SPEC §6): terms, issuances (one per person), exception grants, write-offs, merchant days, opening hours. */
export class Migration20261204045000_vouchers extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "voucher_terms" ("campaign_id" bigint not null primary key references "campaign" ("id") on update cascade on delete cascade,
      "excluded_product_ids" text[] not null default '{}', "excluded_product_type_ids" text[] not null default '{}',
      "excluded_weekdays" text[] not null default '{}', "excluded_dates" text[] not null default '{}',
      "description" text null, "updated_at" timestamptz not null default now())`);
    this.addSql(`create table "voucher_issuance" ("id" bigserial primary key, "created_at" timestamptz not null default now(),
      "campaign_id" bigint not null references "campaign" ("id") on update cascade,
      "customer_id" bigint not null references "customer" ("id") on update cascade,
      "code_id" bigint not null references "code" ("id") on update cascade,
      "channel" text not null, "issued_at" timestamptz not null, "issued_by_id" bigint null references "app_user" ("id") on update cascade on delete set null,
      "grant_key" text not null)`);
    this.addSql(`alter table "voucher_issuance" add constraint "voucher_issuance_code_id_unique" unique ("code_id")`);
    this.addSql(`alter table "voucher_issuance" add constraint "voucher_issuance_one_per_grant" unique ("campaign_id", "customer_id", "grant_key")`);
    this.addSql(`create index "voucher_issuance_campaign_id_issued_at_index" on "voucher_issuance" ("campaign_id", "issued_at")`);
    this.addSql(`create table "voucher_exception_grant" ("id" bigserial primary key, "created_at" timestamptz not null default now(),
      "approval_id" bigint not null, "campaign_id" bigint not null references "campaign" ("id") on update cascade,
      "customer_id" bigint not null references "customer" ("id") on update cascade,
      "used_at" timestamptz null, "code_id" bigint null references "code" ("id") on update cascade on delete set null)`);
    this.addSql(`alter table "voucher_exception_grant" add constraint "voucher_exception_grant_approval_id_unique" unique ("approval_id")`);
    this.addSql(`create index "voucher_exception_grant_campaign_id_customer_id_index" on "voucher_exception_grant" ("campaign_id", "customer_id")`);
    this.addSql(`create table "write_off" ("id" bigserial primary key, "created_at" timestamptz not null default now(),
      "code_id" bigint not null references "code" ("id") on update cascade,
      "campaign_id" bigint not null references "campaign" ("id") on update cascade,
      "unit_id" bigint not null references "org_unit" ("id") on update cascade,
      "amount" numeric(19,4) not null, "currency" varchar(3) not null, "product_ids" text[] not null default '{}',
      "written_off_by_id" bigint not null references "app_user" ("id") on update cascade,
      "written_off_at" timestamptz not null, "merchant_date" date not null, "voucher_value" numeric(19,4) null, "idempotency_key" text null)`);
    this.addSql(`alter table "write_off" add constraint "write_off_idempotency" unique ("unit_id", "idempotency_key")`);
    this.addSql(`alter table "write_off" add constraint "write_off_amount_positive" check ("amount" > 0)`);
    this.addSql(`create index "write_off_unit_id_merchant_date_index" on "write_off" ("unit_id", "merchant_date")`);
    this.addSql(`create index "write_off_campaign_id_written_off_at_index" on "write_off" ("campaign_id", "written_off_at")`);
    this.addSql(`create index "write_off_code_id_index" on "write_off" ("code_id")`);
    this.addSql(`create table "merchant_day" ("unit_id" bigint not null references "org_unit" ("id") on update cascade, "date" date not null,
      "status" text not null default 'OPEN', "write_offs" int not null default 0, "amount" numeric(19,4) not null default 0,
      "confirmed_at" timestamptz null, "confirmed_by_id" bigint null, "audited_at" timestamptz null, "audited_by_id" bigint null, "audit_comment" text null,
      "settled_at" timestamptz null, "settled_by_id" bigint null,
      constraint "merchant_day_pkey" primary key ("unit_id", "date"))`);
    this.addSql(`alter table "merchant_day" add constraint "merchant_day_status_check" check ("status" in ('OPEN', 'CONFIRMED', 'AUDITED', 'SETTLED'))`);
    this.addSql(`alter table "merchant_day" add constraint "merchant_day_counters_non_negative" check ("write_offs" >= 0 and "amount" >= 0)`);
    this.addSql(`create table "store_opening_hours" ("unit_id" bigint not null primary key references "org_unit" ("id") on update cascade on delete cascade,
      "hours" jsonb not null, "updated_at" timestamptz not null default now())`);
  }

  override async down(): Promise<void> {
    for (const table of ['store_opening_hours', 'merchant_day', 'write_off', 'voucher_exception_grant', 'voucher_issuance', 'voucher_terms']) {
      this.addSql(`drop table if exists "${table}" cascade`);
    }
  }
}
