/**
 * The ad hoc discount's side of the generic approvals mechanism (SPEC §7): a manual discount opens a
 * request decided by a SUPERVISOR of the definition's approval unit; deciding it approves or cancels the
 * discount in the same transaction. approveAdHocDiscount / cancelAdHocDiscount decide that same request
 * (through decideApproval), so there is one decision path and a discount is decided exactly once.
 */
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { canApproveAdHocDiscount, formatMoney, Money, transitionAdHocDiscount } from '@perkflow/domain';
import { can, getReadable } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { conflict, forbidden } from '../../graphql/errors.js';
import { User } from '../access/user.entity.js';
import type { ApprovalHandler, DecidedApprovalRequest } from '../approvals/approval-handler.js';
import { ApprovalRequest } from '../approvals/approval-request.entity.js';
import { decideApproval, findPendingApproval, requestApproval } from '../approvals/approvals.service.js';
import { auditSnapshot, recordAudit } from '../audit/audit-trail.js';
import { Customer } from '../catalogue/customer.entity.js';
import { Product } from '../catalogue/product.entity.js';
import { AdHocDiscount } from './ad-hoc-discount.entity.js';
import { AdditiveDiscountDefinition } from './discount-definition.entity.js';

/** What the approval inbox shows about a discount (the request's payload). */
export async function approvalPayload(em: EntityManager, discount: AdHocDiscount, definition: AdditiveDiscountDefinition): Promise<Record<string, unknown>> {
  const customer = await em.findOneOrFail(Customer, { id: discount.customer.id });
  const products = discount.applicableProductIds.length ? await em.find(Product, { id: { $in: discount.applicableProductIds } }) : [];
  return {
    number: discount.number,
    definitionId: definition.id,
    definitionName: definition.name,
    valueKind: definition.valueKind,
    amount: discount.amount != null ? formatMoney(discount.amount, discount.currency) : null,
    percentage: discount.percentage != null ? new Money(discount.percentage).toString() : null,
    freePeriodDays: discount.freePeriodDays ?? null,
    currency: discount.currency,
    target: discount.subscription ? 'SUBSCRIPTION' : 'JOB',
    targetId: String(discount.subscription?.id ?? discount.job?.id),
    customerId: customer.id,
    customerName: customer.name,
    applicableProducts: products.map((p) => p.code),
  };
}

/** Opens the approval request of a manual discount, decided by a supervisor of the definition's approval unit. */
export async function openApprovalRequest(ctx: GraphQLContext, discount: AdHocDiscount, definition: AdditiveDiscountDefinition): Promise<void> {
  await requestApproval(ctx, {
    subject: 'AD_HOC_DISCOUNT',
    subjectId: discount.id,
    decidingUnitId: definition.approvalUnit ? String(definition.approvalUnit.id) : null,
    payload: await approvalPayload(ctx.em, discount, definition),
  });
}

/** After a pending discount changed, its pending request shows the new terms in the inbox. */
export async function refreshApprovalPayload(ctx: GraphQLContext, discount: AdHocDiscount): Promise<void> {
  const request = await findPendingApproval(ctx.em, 'AD_HOC_DISCOUNT', discount.id);
  if (!request) return;
  const definition = await ctx.em.findOneOrFail(AdditiveDiscountDefinition, { id: discount.definition.id });
  request.payload = await approvalPayload(ctx.em, discount, definition);
}

/** The id of the pending approval request deciding this discount, if any. */
export async function pendingApprovalRequestId(ctx: GraphQLContext, discountId: string): Promise<string | null> {
  return (await findPendingApproval(ctx.em, 'AD_HOC_DISCOUNT', discountId))?.id ?? null;
}

/**
 * approveAdHocDiscount / cancelAdHocDiscount: decides the discount's pending request. A discount that
 * is not pending (or was approved automatically) is CONFLICT; a supervisor of another unit, or the
 * submitter, is FORBIDDEN; nothing changes on refusal.
 */
export async function decideAdHocDiscount(ctx: GraphQLContext, id: string, approve: boolean, comment: string | null): Promise<AdHocDiscount> {
  const discount = await getReadable(ctx, AdHocDiscount, 'AdHocDiscount', id);
  if (discount.state !== 'PENDING_APPROVAL') {
    throw conflict(`Ad hoc discount ${discount.number} is ${discount.state}: only a pending discount can be ${approve ? 'approved' : 'cancelled'}`, { state: discount.state });
  }
  const request = await findPendingApproval(ctx.em, 'AD_HOC_DISCOUNT', discount.id);
  if (!request) throw conflict(`Ad hoc discount ${discount.number} has no pending approval request`);
  if (!can(ctx, 'decide', 'ApprovalRequest', request)) throw forbidden("Only a supervisor of the definition's approval unit may decide this discount");
  await decideApproval(ctx, request.id, approve, comment);
  return ctx.em.findOneOrFail(AdHocDiscount, { id: discount.id });
}

/** Loads and locks the discount a decided request is about, and checks the decision against it. */
async function decidedDiscount(ctx: GraphQLContext, request: DecidedApprovalRequest): Promise<AdHocDiscount | null> {
  const discount = await ctx.em.findOne(AdHocDiscount, { id: request.subjectId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  // Discounts are never deleted; a request about one that does not exist (made outside this module)
  // is decided without effect.
  if (!discount) return null;
  // The unit the request was routed to (the definition's approval unit when the discount was submitted).
  const routed = await ctx.em.findOneOrFail(ApprovalRequest, { id: request.id });
  const decider = await ctx.em.findOneOrFail(User, { id: request.decidedById });
  if (!decider.isSuperUser) {
    const allowed = canApproveAdHocDiscount({
      state: discount.state,
      submitterId: String(discount.providedBy.id),
      approverId: decider.id,
      approvalUnitId: routed.decidingUnit ? String(routed.decidingUnit.id) : null,
      approverMemberships: decider.unit ? decider.roles.map((role) => ({ unitId: String(decider.unit!.id), role })) : [],
    });
    if (!allowed.ok) {
      if (allowed.reason === 'NOT_PENDING') throw conflict(allowed.explanation, { state: discount.state });
      throw forbidden(allowed.explanation);
    }
  }
  return discount;
}

async function applyDecision(ctx: GraphQLContext, request: DecidedApprovalRequest): Promise<void> {
  const discount = await decidedDiscount(ctx, request);
  if (!discount) return;
  const next = transitionAdHocDiscount(discount.state, request.approved ? 'APPROVE' : 'CANCEL');
  if (!next.ok) throw conflict(next.explanation, { state: discount.state });
  const before = auditSnapshot(discount);
  const now = new Date();
  const by = ctx.em.getReference(User, request.decidedById);
  discount.state = next.value;
  discount.decisionComment = request.comment;
  if (request.approved) {
    discount.approvedBy = by as never;
    discount.approvedOn = now;
  } else {
    discount.cancelledBy = by as never;
    discount.cancelledOn = now;
  }
  await ctx.em.flush();
  recordAudit(ctx, { action: request.approved ? 'approve' : 'cancel', entityType: 'AdHocDiscount', entityId: discount.id, before, after: auditSnapshot(discount) });
}

/** Registered in the discounts module: deciding an AD_HOC_DISCOUNT request approves or cancels the discount. */
export const adHocDiscountApprovalHandler: ApprovalHandler = {
  subject: 'AD_HOC_DISCOUNT',
  onApproved: applyDecision,
  onRejected: applyDecision,
};
