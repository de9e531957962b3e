import { lazy } from 'react';
import type { AppRoute } from '../../app/routes';

const CampaignsSection = lazy(() => import('./CampaignsPage').then((m) => ({ default: m.CampaignsSection })));

/** Promo code campaigns: list, wizard, detail with codes, dashboard and finance requests. */
export const campaignsRoutes: AppRoute[] = [{ path: '/campaigns', label: 'Campaigns', section: 'Promotions', can: ['read', 'Campaign'], element: <CampaignsSection /> }];
