/**
 * The module registry: each module contributes its entities, resolvers and (optionally) its part of
 * the demo data. A new module adds one entry to each list below.
 */
import { ApiKey } from './access/api-key.entity.js';
import { AppSetting } from './access/app-setting.entity.js';
import { accessResolvers } from './access/access.resolver.js';
import { Group } from './access/group.entity.js';
import { PrivacyLevelAssignmentRule } from './access/privacy-level-assignment-rule.entity.js';
import { PrivacyLevel } from './access/privacy-level.entity.js';
import { Unit } from './access/unit.entity.js';
import { User } from './access/user.entity.js';
import { AuditEntry } from './audit/audit-entry.entity.js';
import { auditResolvers } from './audit/audit.resolver.js';
import { catalogueResolvers } from './catalogue/catalogue.resolver.js';
import { seedCatalogueDemo } from './catalogue/catalogue.seed.js';
import { Customer } from './catalogue/customer.entity.js';
import { Job, JobLine } from './catalogue/job.entity.js';
import { ProductFamily } from './catalogue/product-family.entity.js';
import { ProductType } from './catalogue/product-type.entity.js';
import { Product } from './catalogue/product.entity.js';
import { Segment } from './catalogue/segment.entity.js';
import { Subscription, SubscriptionService } from './catalogue/subscription.entity.js';
import { RewardScheme } from './rewards/reward-scheme.entity.js';
import { rewardsEntities, rewardsResolvers } from './rewards/rewards.module.js';
import { RateLimitBucket } from '../database/rate-limit-bucket.entity.js';
import { seedAccessDemo } from './access/access.seed.js';
import { seedRewardsDemo } from './rewards/rewards.seed.js';
import type { DemoSeedPart } from '../database/seed.js';
import { Campaign } from './campaigns/campaign.entity.js';
import { Code, CodeBatch } from './campaigns/code.entity.js';
import { CampaignBudgetSlot, CampaignUsage, CustomerCampaignUsage, Redemption, RedemptionRequest } from './campaigns/redemption.entity.js';
import { ReviewFlag } from './campaigns/review-flag.entity.js';
import { campaignsResolvers } from './campaigns/campaigns.resolver.js';
import type { JobDefinition } from '../jobs/job-queue.js';
import type { HttpRouteDefinition } from '../http/server.js';

export const entities = [Group, Unit, PrivacyLevel, PrivacyLevelAssignmentRule, User, ApiKey, AppSetting, AuditEntry, RateLimitBucket, RewardScheme,
  ProductType, ProductFamily, Product, Customer, Segment, Subscription, SubscriptionService, Job, JobLine,
  ...rewardsEntities,
  Campaign, Code, CodeBatch, Redemption, RedemptionRequest, CampaignBudgetSlot, CustomerCampaignUsage, CampaignUsage, ReviewFlag];

export const resolvers = [...accessResolvers, ...auditResolvers, ...rewardsResolvers, ...catalogueResolvers, ...campaignsResolvers] as const;

/** Demo data parts, in dependency order; each runs once per database (see database/seed.ts). */
export const demoSeedParts: DemoSeedPart[] = [seedAccessDemo, seedCatalogueDemo, seedRewardsDemo];

/** Background jobs (pg-boss queues, optional schedules): see jobs/job-queue.ts. */
export const jobDefinitions: JobDefinition<never>[] = [];

/** Plain HTTP routes mounted under /api (CSV exports and the like): see http/server.ts. */
export const httpRoutes: HttpRouteDefinition[] = [];
