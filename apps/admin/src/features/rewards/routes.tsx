import { lazy } from 'react';
import type { AppRoute } from '../../app/routes';

const RewardOffersSection = lazy(() => import('./OffersPage').then((m) => ({ default: m.RewardOffersSection })));
const RewardConfigPage = lazy(() => import('./RewardConfigPage').then((m) => ({ default: m.RewardConfigPage })));
const RewardRunsPage = lazy(() => import('./RewardRunsPage').then((m) => ({ default: m.RewardRunsPage })));
const WalletPage = lazy(() => import('./WalletPage').then((m) => ({ default: m.WalletPage })));

/** Rewards (SPEC §4): offers and their editor, configuration, reward runs and participant wallets. */
export const rewardsRoutes: AppRoute[] = [
  { path: '/reward-offers', label: 'Reward offers', section: 'Rewards', can: ['read', 'RewardOffer'], element: <RewardOffersSection /> },
  { path: '/reward-setup', label: 'Schemes, types & templates', section: 'Rewards', can: ['read', 'RewardOfferType'], element: <RewardConfigPage /> },
  { path: '/reward-runs', label: 'Reward runs', section: 'Rewards', can: ['read', 'RewardRun'], element: <RewardRunsPage /> },
  { path: '/wallets', label: 'Wallets', section: 'Rewards', can: ['read', 'Wallet'], element: <WalletPage /> },
];
