/** The rewards module's entities and resolvers, for the module registry (modules/index.ts). */
import type { JobDefinition } from '../../jobs/job-queue.js';
import type { PerkflowModule } from '../module.js';
import { RewardOfferCategory, RewardOfferTemplate, RewardOfferType, RewardsDefinition } from './reward-config.entity.js';
import { RewardOffer } from './reward-offer.entity.js';
import { RewardScheme } from './reward-scheme.entity.js';
import { RewardSchemeResolver } from './reward-scheme.resolver.js';
import { rewardRunJob, sweepRewardRunsJob } from './reward-run.js';
import { rewardResolvers } from './rewards.resolver.js';
import { seedRewardsDemo } from './rewards.seed.js';
import { AwardTransaction, CustomerEvent, RewardRun, RewardRunBatch, RewardsParticipant, SpendAllocation, SpendTransaction } from './wallet.entity.js';

export const rewardsModule: PerkflowModule = {
  name: 'rewards',
  entities: [RewardScheme, RewardOfferCategory, RewardOfferType, RewardsDefinition, RewardOfferTemplate, RewardOffer, RewardsParticipant, CustomerEvent, AwardTransaction, SpendTransaction, SpendAllocation, RewardRun, RewardRunBatch],
  resolvers: [RewardSchemeResolver, ...rewardResolvers],
  seed: seedRewardsDemo,
  jobs: [rewardRunJob as JobDefinition<never>, sweepRewardRunsJob as JobDefinition<never>],
};
