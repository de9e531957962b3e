import { lazy } from 'react';
import type { AppRoute } from '../../app/routes';

const DiscountsSection = lazy(() => import('./DiscountsSection').then((m) => ({ default: m.DiscountsSection })));

/** Additive discounts: definitions, and per subscription or job its ad hoc discounts and bill. */
export const discountsRoutes: AppRoute[] = [
  { path: '/discounts', label: 'Discounts', section: 'Additive discounts', can: ['read', 'AdditiveDiscountDefinition'], element: <DiscountsSection /> },
];
