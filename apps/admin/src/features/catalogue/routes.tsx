import type { AppRoute } from '../../app/routes';

/** Reference-data pages (products, customers, segments, subscriptions, jobs). */
export const catalogueRoutes: AppRoute[] = [];
