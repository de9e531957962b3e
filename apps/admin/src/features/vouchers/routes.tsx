import { lazy } from 'react';
import type { AppRoute } from '../../app/routes';

const MerchantPage = lazy(() => import('./MerchantPage').then((m) => ({ default: m.MerchantPage })));
const DaysPage = lazy(() => import('./DaysPage').then((m) => ({ default: m.DaysPage })));
const VoucherStatsPage = lazy(() => import('./VoucherStatsPage').then((m) => ({ default: m.VoucherStatsPage })));

/** Experience vouchers: the merchant's write-off screen and days, head office's audit, finance's settlement, statistics. */
export const vouchersRoutes: AppRoute[] = [
  { path: '/vouchers/write-off', label: 'Write off voucher', section: 'Vouchers', can: ['writeOff', 'Code'], element: <MerchantPage /> },
  { path: '/vouchers/days', label: 'Store days', section: 'Vouchers', can: ['confirm', 'MerchantDay'], element: <DaysPage mode="merchant" /> },
  { path: '/vouchers/audit', label: 'Day audit', section: 'Vouchers', can: ['audit', 'MerchantDay'], element: <DaysPage mode="audit" /> },
  { path: '/vouchers/settlement', label: 'Settlement', section: 'Vouchers', can: ['settle', 'MerchantDay'], element: <DaysPage mode="settle" /> },
  { path: '/vouchers/statistics', label: 'Voucher statistics', section: 'Vouchers', can: ['read', 'Report'], element: <VoucherStatsPage /> },
];
