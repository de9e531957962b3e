import { lazy } from 'react';
import type { AppRoute } from '../../app/routes';

const MerchantPage = lazy(() => import('./MerchantPage').then((m) => ({ default: m.MerchantPage })));
const DaysPage = lazy(() => import('./DaysPage').then((m) => ({ default: m.DaysPage })));
const VoucherSettingsPage = lazy(() => import('./VoucherSettingsPage').then((m) => ({ default: m.VoucherSettingsPage })));
const IssueVoucherPage = lazy(() => import('./IssueVoucherPage').then((m) => ({ default: m.IssueVoucherPage })));
const VoucherStatsPage = lazy(() => import('./VoucherStatsPage').then((m) => ({ default: m.VoucherStatsPage })));

/** Experience vouchers: the merchant's write-off screen and days, head office's audit, finance's settlement, statistics. */
export const vouchersRoutes: AppRoute[] = [
  { path: '/vouchers/issue', label: 'Issue voucher', section: 'Vouchers', can: ['issue', 'Code'], element: <IssueVoucherPage /> },
  { path: '/vouchers/write-off', label: 'Write off voucher', section: 'Vouchers', can: ['writeOff', 'Code'], element: <MerchantPage /> },
  { path: '/vouchers/days', label: 'Store days', section: 'Vouchers', can: ['confirm', 'MerchantDay'], element: <DaysPage mode="merchant" /> },
  { path: '/vouchers/audit', label: 'Day audit', section: 'Vouchers', can: ['audit', 'MerchantDay'], element: <DaysPage mode="audit" /> },
  { path: '/vouchers/settlement', label: 'Settlement', section: 'Vouchers', can: ['settle', 'MerchantDay'], element: <DaysPage mode="settle" /> },
  { path: '/vouchers/settings', label: 'Voucher settings', section: 'Vouchers', can: ['update', 'Campaign'], element: <VoucherSettingsPage /> },
  { path: '/vouchers/store-hours', label: 'Store hours', section: 'Vouchers', can: ['update', 'Unit'], element: <VoucherSettingsPage /> },
  { path: '/vouchers/statistics', label: 'Voucher statistics', section: 'Vouchers', can: ['read', 'Report'], element: <VoucherStatsPage /> },
];
