import type { Action, SubjectName } from '@perkflow/authz';
import type { ReactElement } from 'react';
import { AuditLogPage } from '../features/audit/AuditLogPage';
import { ApiKeysPage } from '../features/access/ApiKeysPage';
import { GroupsPage } from '../features/access/GroupsPage';
import { PrivacyPage } from '../features/access/PrivacyPage';
import { UnitsPage } from '../features/access/UnitsPage';
import { UsersPage } from '../features/access/UsersPage';
import { catalogueRoutes } from '../features/catalogue/routes';

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
  { path: '/groups', label: 'Groups', section: 'Organisation', can: ['create', 'Group'], element: <GroupsPage /> },
  { path: '/units', label: 'Units', section: 'Organisation', can: ['create', 'Unit'], element: <UnitsPage /> },
  { path: '/users', label: 'Users', section: 'Organisation', can: ['read', 'User'], element: <UsersPage /> },
  { path: '/privacy', label: 'Privacy levels', section: 'Organisation', can: ['read', 'PrivacyLevelAssignmentRule'], element: <PrivacyPage /> },
  { path: '/api-keys', label: 'API keys', section: 'Organisation', can: ['read', 'ApiKey'], element: <ApiKeysPage /> },
  { path: '/audit', label: 'Audit log', section: 'Audit', can: ['read', 'AuditEntry'], element: <AuditLogPage /> },
];
