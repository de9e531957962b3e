import type { PerkflowModule } from '../module.js';
import { onePerCustomerExceptionHandler } from './one-per-customer-exception.js';
import { settlementRoute } from './settlement.route.js';
import { voucherReportRoute } from './voucher-report.route.js';
import { registerVoucherIssuePolicy } from './voucher-issue.service.js';
import { seedVouchers } from './vouchers.seed.js';
import { MerchantDay, StoreOpeningHours, VoucherExceptionGrant, VoucherIssuance, VoucherTerms, WriteOff } from './voucher.entity.js';
import { vouchersResolvers } from './vouchers.resolver.js';

registerVoucherIssuePolicy();

export const vouchersModule: PerkflowModule = {
  name: 'vouchers',
  entities: [VoucherTerms, VoucherIssuance, VoucherExceptionGrant, WriteOff, MerchantDay, StoreOpeningHours],
  resolvers: vouchersResolvers,
  routes: [settlementRoute, voucherReportRoute],
  approvalHandlers: [onePerCustomerExceptionHandler],
  seed: seedVouchers,
};
