import { Route, Routes } from 'react-router';
import { DefinitionsPage } from './DefinitionsPage';
import { TargetDiscountsPage } from './TargetDiscountsPage';

/** /discounts (definitions), /discounts/subscriptions/:id and /discounts/jobs/:id (discounts and bill). */
export function DiscountsSection() {
  return (
    <Routes>
      <Route index element={<DefinitionsPage />} />
      <Route path="subscriptions/:id" element={<TargetDiscountsPage kind="SUBSCRIPTION" />} />
      <Route path="jobs/:id" element={<TargetDiscountsPage kind="JOB" />} />
    </Routes>
  );
}
