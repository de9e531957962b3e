import type { PerkflowModule } from '../module.js';
import { ApprovalRequest } from './approval-request.entity.js';
import { ApprovalRequestResolver } from './approvals.resolver.js';

/** The generic approvals mechanism (SPEC §7); subject modules plug in with `approvalHandlers`. */
export const approvalsModule: PerkflowModule = { name: 'approvals', entities: [ApprovalRequest], resolvers: [ApprovalRequestResolver] };
