import type { DemoSeedPart } from '../database/seed.js';
import type { HttpRouteDefinition } from '../http/server.js';
import type { JobDefinition } from '../jobs/job-queue.js';
import type { ApprovalHandler } from './approvals/approval-handler.js';

/**
 * What a module contributes to the application. Each module exports one of these from its
 * `<name>.module.ts`, and modules/index.ts lists it on a line of its own.
 */
export interface PerkflowModule {
  name: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers: readonly Function[];
  /** Demo data, run once per database in module order (see database/seed.ts). */
  seed?: DemoSeedPart;
  /** Background jobs (pg-boss queues, optional schedules): see jobs/job-queue.ts. */
  jobs?: JobDefinition<never>[];
  /** Plain HTTP routes mounted under /api (CSV exports and the like): see http/server.ts. */
  routes?: HttpRouteDefinition[];
  /** What happens when an approval request of a subject this module owns is decided (SPEC §7). */
  approvalHandlers?: ApprovalHandler[];
}
