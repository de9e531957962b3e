import { lazy } from 'react';
import type { AppRoute } from '../../app/routes';

const RewardsReportPage = lazy(() => import('./RewardsReportPage').then((m) => ({ default: m.RewardsReportPage })));

/** Cross-module reports (SPEC §8). */
export const reportsRoutes: AppRoute[] = [
  { path: '/reports/rewards', label: 'Rewards report', section: 'Reports', can: ['read', 'Report'], element: <RewardsReportPage /> },
];
