import type { JobDefinition } from '../../jobs/job-queue.js';
import type { PerkflowModule } from '../module.js';
import { Campaign } from './campaign.entity.js';
import { campaignsResolvers } from './campaigns.resolver.js';
import { Code, CodeBatch } from './code.entity.js';
import { budgetIncreaseHandler, campaignExtensionHandler } from './campaign-approvals.js';
import { CampaignApprovalsResolver } from './campaign-approvals.resolver.js';
import { CampaignReportResolver } from './campaign-report.resolver.js';
import { campaignReportRoutes } from './campaign-report.routes.js';
import { seedCampaignsDemo } from './campaigns.seed.js';
import { CodeBatchResolver } from './code-generation.resolver.js';
import { generateCodesJob, sweepCodeBatchesJob } from './code-generation.js';
import { codeCsvRoutes } from './code-csv.routes.js';
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
    CodeBatchResolver,
    CampaignApprovalsResolver,
    CampaignReportResolver,
  ],
  seed: seedCampaignsDemo,
  jobs: [
    budgetMonthResumeJob,
    generateCodesJob as JobDefinition<never>,
    sweepCodeBatchesJob as JobDefinition<never>,
  ],
  approvalHandlers: [
    campaignExtensionHandler,
    budgetIncreaseHandler,
  ],
  routes: [
    codeCsvRoutes,
    campaignReportRoutes,
  ],
};
