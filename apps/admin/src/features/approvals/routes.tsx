import { lazy } from 'react';
import type { AppRoute } from '../../app/routes';

const ApprovalsPage = lazy(() => import('./ApprovalsPage').then((m) => ({ default: m.ApprovalsPage })));

/** The approval inbox of supervisors (ad hoc discounts) and finance managers (campaign requests). */
export const approvalsRoutes: AppRoute[] = [
  { path: '/approvals', label: 'Approvals', section: 'Approvals', can: ['decide', 'ApprovalRequest'], element: <ApprovalsPage /> },
];
