import type { PerkflowModule } from '../module.js';
import { adHocDiscountApprovalHandler } from './ad-hoc-approval.js';
import { AdHocDiscount } from './ad-hoc-discount.entity.js';
import { AdHocDiscountOptionResolver, AdHocDiscountResolver } from './ad-hoc-discount.resolver.js';
import { Bill } from './bill.entity.js';
import { AppliedDiscountResolver, BillLineResolver, BillResolver } from './bill.resolver.js';
import { DiscountDefinitionResolver } from './discount-definition.resolver.js';
import { AdditiveDiscountDefinition } from './discount-definition.entity.js';
import { seedDiscountsDemo } from './discounts.seed.js';

export const discountsModule: PerkflowModule = {
  name: 'discounts',
  entities: [AdditiveDiscountDefinition, AdHocDiscount, Bill],
  resolvers: [DiscountDefinitionResolver, AdHocDiscountResolver, AdHocDiscountOptionResolver, BillResolver, BillLineResolver, AppliedDiscountResolver],
  approvalHandlers: [adHocDiscountApprovalHandler],
  seed: seedDiscountsDemo,
};
