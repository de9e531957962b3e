/**
 * The module registry. Each module exports a PerkflowModule from its `<name>.module.ts` (entities,
 * resolvers, demo seed, jobs, HTTP routes); a new module adds ONE line to the list below, in
 * dependency order (demo seeds run in this order).
 */
import type { DemoSeedPart } from '../database/seed.js';
import type { HttpRouteDefinition } from '../http/server.js';
import type { JobDefinition } from '../jobs/job-queue.js';
import { accessModule } from './access/access.module.js';
import { registerApprovalHandlers } from './approvals/approval-handler.js';
import { approvalsModule } from './approvals/approvals.module.js';
import { auditModule } from './audit/audit.module.js';
import { campaignsModule } from './campaigns/campaigns.module.js';
import { catalogueModule } from './catalogue/catalogue.module.js';
import { discountsModule } from './discounts/discounts.module.js';
import type { PerkflowModule } from './module.js';
import { reportsModule } from './reports/reports.module.js';
import { rewardsModule } from './rewards/rewards.module.js';
import { vouchersModule } from './vouchers/vouchers.module.js';

export const modules: PerkflowModule[] = [
  accessModule,
  auditModule,
  approvalsModule,
  catalogueModule,
  rewardsModule,
  campaignsModule,
  reportsModule,
  vouchersModule,
  discountsModule,
];

export const entities = modules.flatMap((m) => m.entities);

// type-graphql wants a non-empty tuple type.
export const resolvers = modules.flatMap((m) => m.resolvers) as unknown as readonly [Function, ...Function[]]; // eslint-disable-line @typescript-eslint/no-unsafe-function-type

export const demoSeedParts: DemoSeedPart[] = modules.flatMap((m) => (m.seed ? [m.seed] : []));

export const jobDefinitions: JobDefinition<never>[] = modules.flatMap((m) => m.jobs ?? []);

export const httpRoutes: HttpRouteDefinition[] = modules.flatMap((m) => m.routes ?? []);

registerApprovalHandlers(modules.flatMap((m) => m.approvalHandlers ?? []));
