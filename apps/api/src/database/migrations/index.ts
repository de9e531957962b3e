import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261204053000_redemptionaudit } from './Migration20261204053000_redemptionaudit.js';
import { Migration20261204053500_codecollation } from './Migration20261204053500_codecollation.js';
import { Migration20261204044558_discounts } from './Migration20261204044558_discounts.js';
import { Migration20261204044145_approvals } from './Migration20261204044145_approvals.js';
import { Migration20261204050000_redeem } from './Migration20261204050000_redeem.js';
import { Migration20261207230000_redeemfacts } from './Migration20261207230000_redeemfacts.js';
import { Migration20261122224508_rewards } from './Migration20261122224508_rewards.js';
import { Migration20261204050000_rewardruns } from './Migration20261204050000_rewardruns.js';
import { Migration20261207220000_resilience } from './Migration20261207220000_resilience.js';
import { Migration20261204053000_rewardstage } from './Migration20261204053000_rewardstage.js';
import { Migration20261122224559_campaigns } from './Migration20261122224559_campaigns.js';
import { Migration20261122211339_caseinsensitivenames } from './Migration20261122211339_caseinsensitivenames.js';
import { Migration20261122204802_catalogue } from './Migration20261122204802_catalogue.js';
import { Migration20261122200908_initial } from './Migration20261122200908_initial.js';
import { Migration20261204045000_vouchers } from './Migration20261204045000_vouchers.js';
import { Migration20261207220000_credentials } from './Migration20261207220000_credentials.js';
import { Migration20261207220000_auditchain } from './Migration20261207220000_auditchain.js';

/** Every migration, in order. New ones are created with `pnpm --filter @perkflow/api migration:create` and listed here. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261122200908_initial', class: Migration20261122200908_initial },
  { name: 'Migration20261122204802_catalogue', class: Migration20261122204802_catalogue },
  { name: 'Migration20261122211339_caseinsensitivenames', class: Migration20261122211339_caseinsensitivenames },
  { name: 'Migration20261122224508_rewards', class: Migration20261122224508_rewards },
  { name: 'Migration20261122224559_campaigns', class: Migration20261122224559_campaigns },
  { name: 'Migration20261204045000_vouchers', class: Migration20261204045000_vouchers },
  { name: 'Migration20261204044558_discounts', class: Migration20261204044558_discounts },
  { name: 'Migration20261204044145_approvals', class: Migration20261204044145_approvals },
  { name: 'Migration20261204050000_redeem', class: Migration20261204050000_redeem },
  { name: 'Migration20261204050000_rewardruns', class: Migration20261204050000_rewardruns },
  { name: 'Migration20261204053000_redemptionaudit', class: Migration20261204053000_redemptionaudit },
  { name: 'Migration20261204053500_codecollation', class: Migration20261204053500_codecollation },
  { name: 'Migration20261204053000_rewardstage', class: Migration20261204053000_rewardstage },
  { name: 'Migration20261207220000_credentials', class: Migration20261207220000_credentials },
  { name: 'Migration20261207220000_auditchain', class: Migration20261207220000_auditchain },
  { name: 'Migration20261207220000_resilience', class: Migration20261207220000_resilience },
  { name: 'Migration20261207230000_redeemfacts', class: Migration20261207230000_redeemfacts },
];
