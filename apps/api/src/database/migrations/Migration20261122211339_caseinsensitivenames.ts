import { Migration } from '@mikro-orm/migrations';

export class Migration20261122211339_caseinsensitivenames extends Migration {
  override async up(): Promise<void> {
    this.addSql("create unique index \"org_group_ci_unique\" on \"org_group\" (lower(\"name\"))");
    this.addSql("create unique index \"privacy_level_ci_unique\" on \"privacy_level\" (lower(\"name\"))");
    this.addSql("create unique index \"product_family_ci_unique\" on \"product_family\" (lower(\"name\"))");
    this.addSql("create unique index \"product_type_ci_unique\" on \"product_type\" (lower(\"name\"))");
    this.addSql("create unique index \"product_ci_unique\" on \"product\" (lower(\"code\"))");
    this.addSql("create unique index \"reward_scheme_ci_unique\" on \"reward_scheme\" (lower(\"name\"))");
    this.addSql("create unique index \"segment_ci_unique\" on \"segment\" (lower(\"name\"))");
    this.addSql("create unique index \"org_unit_ci_unique\" on \"org_unit\" (\"group_id\", lower(\"name\"))");
  }

  override async down(): Promise<void> {
    this.addSql("drop index if exists \"org_group_ci_unique\"");
    this.addSql("drop index if exists \"org_unit_ci_unique\"");
    this.addSql("drop index if exists \"privacy_level_ci_unique\"");
    this.addSql("drop index if exists \"product_ci_unique\"");
    this.addSql("drop index if exists \"product_family_ci_unique\"");
    this.addSql("drop index if exists \"product_type_ci_unique\"");
    this.addSql("drop index if exists \"reward_scheme_ci_unique\"");
    this.addSql("drop index if exists \"segment_ci_unique\"");
  }
}
