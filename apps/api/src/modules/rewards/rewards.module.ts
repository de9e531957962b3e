/** The rewards module's entities and resolvers, for the module registry (modules/index.ts). */
import { RewardOfferCategory, RewardOfferTemplate, RewardOfferType, RewardsDefinition } from './reward-config.entity.js';
import { RewardOffer } from './reward-offer.entity.js';
import { RewardSchemeResolver } from './reward-scheme.resolver.js';
import { rewardResolvers } from './rewards.resolver.js';
import { AwardTransaction, CustomerEvent, RewardRun, RewardsParticipant, SpendAllocation, SpendTransaction } from './wallet.entity.js';

export const rewardsEntities = [RewardOfferCategory, RewardOfferType, RewardsDefinition, RewardOfferTemplate, RewardOffer, RewardsParticipant, CustomerEvent, AwardTransaction, SpendTransaction, SpendAllocation, RewardRun];

export const rewardsResolvers = [RewardSchemeResolver, ...rewardResolvers] as const;
