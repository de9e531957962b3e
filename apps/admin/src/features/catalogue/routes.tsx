import { lazy } from 'react';
import type { AppRoute } from '../../app/routes';

const CustomersSection = lazy(() => import('./CustomersPage').then((m) => ({ default: m.CustomersSection })));
const ProductsPage = lazy(() => import('./ProductsPage').then((m) => ({ default: m.ProductsPage })));
const SegmentsPage = lazy(() => import('./SegmentsPage').then((m) => ({ default: m.SegmentsPage })));

/** Reference-data pages (products, customers with their subscriptions and jobs, segments). */
export const catalogueRoutes: AppRoute[] = [
  { path: '/products', label: 'Products', section: 'Reference data', can: ['read', 'Product'], element: <ProductsPage /> },
  { path: '/customers', label: 'Customers', section: 'Reference data', can: ['read', 'Customer'], element: <CustomersSection /> },
  { path: '/segments', label: 'Segments', section: 'Reference data', can: ['read', 'Segment'], element: <SegmentsPage /> },
];
