import type { PerkflowModule } from '../module.js';
import { Campaign } from './campaign.entity.js';
import { campaignsResolvers } from './campaigns.resolver.js';
import { Code, CodeBatch } from './code.entity.js';
import { CampaignBudgetSlot, CampaignUsage, CustomerCampaignUsage, Redemption, RedemptionRequest } from './redemption.entity.js';
import { ReviewFlag } from './review-flag.entity.js';
import { redemptionResolvers } from './redemption.resolver.js';
import { budgetMonthResumeJob } from './budget-guard.service.js';

export const campaignsModule: PerkflowModule = {
  name: 'campaigns',
  entities: [Campaign, Code, CodeBatch, Redemption, RedemptionRequest, CampaignBudgetSlot, CustomerCampaignUsage, CampaignUsage, ReviewFlag],
  resolvers: [
    ...campaignsResolvers,
    ...redemptionResolvers,
  ],
  jobs: [
    budgetMonthResumeJob,
  ],
};
