import type { Action, SubjectName } from '@perkflow/authz';
import { lazy, type ReactElement } from 'react';
import { approvalsRoutes } from '../features/approvals/routes';
import { catalogueRoutes } from '../features/catalogue/routes';
import { reportsRoutes } from '../features/reports/routes';
import { vouchersRoutes } from '../features/vouchers/routes';
import { discountsRoutes } from '../features/discounts/routes';

// Pages load on first visit (one chunk per feature), so signing in downloads only the shell.
const AuditLogPage = lazy(() => import('../features/audit/AuditLogPage').then((m) => ({ default: m.AuditLogPage })));
const ApiKeysPage = lazy(() => import('../features/access/ApiKeysPage').then((m) => ({ default: m.ApiKeysPage })));
const GroupsPage = lazy(() => import('../features/access/GroupsPage').then((m) => ({ default: m.GroupsPage })));
const PrivacyPage = lazy(() => import('../features/access/PrivacyPage').then((m) => ({ default: m.PrivacyPage })));
const UnitsPage = lazy(() => import('../features/access/UnitsPage').then((m) => ({ default: m.UnitsPage })));
const UsersPage = lazy(() => import('../features/access/UsersPage').then((m) => ({ default: m.UsersPage })));

export interface AppRoute {
  path: string;
  label: string;
  section: string;
  /** Shown and reachable only when the ability allows this. */
  can: [Action, SubjectName];
  element: ReactElement;
}

/** Every page of the app; navigation and route guards follow the viewer's abilities. */
export const routes: AppRoute[] = [
  ...catalogueRoutes,
  ...vouchersRoutes,
  ...discountsRoutes,
  ...approvalsRoutes,
  { path: '/groups', label: 'Groups', section: 'Organisation', can: ['create', 'Group'], element: <GroupsPage /> },
  { path: '/units', label: 'Units', section: 'Organisation', can: ['create', 'Unit'], element: <UnitsPage /> },
  { path: '/users', label: 'Users', section: 'Organisation', can: ['read', 'User'], element: <UsersPage /> },
  { path: '/privacy', label: 'Privacy levels', section: 'Organisation', can: ['read', 'PrivacyLevelAssignmentRule'], element: <PrivacyPage /> },
  { path: '/api-keys', label: 'API keys', section: 'Organisation', can: ['read', 'ApiKey'], element: <ApiKeysPage /> },
  { path: '/audit', label: 'Audit log', section: 'Audit', can: ['read', 'AuditEntry'], element: <AuditLogPage /> },
  ...reportsRoutes,
];
