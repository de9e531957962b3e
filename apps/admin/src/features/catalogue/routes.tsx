import type { AppRoute } from '../../app/routes';
import { CustomersSection } from './CustomersPage';
import { ProductsPage } from './ProductsPage';
import { SegmentsPage } from './SegmentsPage';

/** Reference-data pages (products, customers with their subscriptions and jobs, segments). */
export const catalogueRoutes: AppRoute[] = [
  { path: '/products', label: 'Products', section: 'Reference data', can: ['read', 'Product'], element: <ProductsPage /> },
  { path: '/customers', label: 'Customers', section: 'Reference data', can: ['read', 'Customer'], element: <CustomersSection /> },
  { path: '/segments', label: 'Segments', section: 'Reference data', can: ['read', 'Segment'], element: <SegmentsPage /> },
];
