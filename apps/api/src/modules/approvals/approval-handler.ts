import type { GraphQLContext } from '../../graphql/context.js';

export const APPROVAL_SUBJECTS = ['AD_HOC_DISCOUNT', 'CAMPAIGN_EXTENSION', 'ONE_PER_CUSTOMER_EXCEPTION', 'BUDGET_INCREASE'] as const;
export type ApprovalSubjectName = (typeof APPROVAL_SUBJECTS)[number];

/**
 * The kind of record each subject's `subjectId` names. A request exists only through that record: when
 * the viewer may not see it, the request is invisible and undecidable (database/visibility.ts). A new
 * subject must say what it is about (the type checks that every subject is listed).
 */
export const APPROVAL_SUBJECT_KINDS = {
  AD_HOC_DISCOUNT: 'AdHocDiscount',
  CAMPAIGN_EXTENSION: 'Campaign',
  ONE_PER_CUSTOMER_EXCEPTION: 'Campaign',
  BUDGET_INCREASE: 'Campaign',
} as const satisfies Record<ApprovalSubjectName, string>;

/** The request as a handler sees it (plain data; the row is locked and already marked decided). */
export interface DecidedApprovalRequest {
  id: string;
  subject: ApprovalSubjectName;
  subjectId: string;
  payload: Record<string, unknown> | null;
  requestedById: string;
  decidedById: string;
  comment: string | null;
  approved: boolean;
}

/**
 * What a module plugs into the generic approvals mechanism (SPEC §7) for one subject. The handler runs
 * inside decideApproval's transaction, so applying the approval (the discount becomes approved, the
 * expiry moves, the budget grows…) commits or rolls back together with the decision.
 */
export interface ApprovalHandler {
  subject: ApprovalSubjectName;
  /** Apply an approved request. Throw a GraphQL error (e.g. CONFLICT) to refuse; nothing is then changed. */
  onApproved(ctx: GraphQLContext, request: DecidedApprovalRequest): Promise<void>;
  /** Optional: react to a rejection (e.g. the ad hoc discount becomes CANCELLED). */
  onRejected?(ctx: GraphQLContext, request: DecidedApprovalRequest): Promise<void>;
}

const handlers = new Map<ApprovalSubjectName, ApprovalHandler>();

/** Called once by the module registry with every module's handlers. */
export function registerApprovalHandlers(list: readonly ApprovalHandler[]): void {
  for (const handler of list) {
    if (handlers.has(handler.subject) && handlers.get(handler.subject) !== handler) {
      throw new Error(`Two approval handlers for ${handler.subject}`);
    }
    handlers.set(handler.subject, handler);
  }
}

export function approvalHandlerFor(subject: ApprovalSubjectName): ApprovalHandler | undefined {
  return handlers.get(subject);
}
