import { LockMode, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { checkApprovalRouting, decideApprovalRequest } from '@perkflow/domain';
import { can, accessFilter } from '../../graphql/access.js';
import { requireViewer, type GraphQLContext } from '../../graphql/context.js';
import { badInput, conflict, forbidden, notFound } from '../../graphql/errors.js';
import { Unit } from '../access/unit.entity.js';
import { User } from '../access/user.entity.js';
import { auditSnapshot, recordAudit } from '../audit/audit-trail.js';
import { approvalHandlerFor, type ApprovalSubjectName, type DecidedApprovalRequest } from './approval-handler.js';
import { ApprovalRequest } from './approval-request.entity.js';
import { ApprovalStateEnum, ApprovalSubjectEnum, type ApprovalRequestType } from './approvals.types.js';

const MAX_COMMENT = 2000;
const LIST_LIMIT = 200;

function isId(id: string): boolean {
  return /^\d{1,18}$/.test(id);
}

/** True when the viewer may decide this pending request (right role and unit, not their own request). */
function viewerMayDecide(ctx: GraphQLContext, request: ApprovalRequest): boolean {
  return (
    request.state === 'PENDING' &&
    ctx.viewer !== null &&
    request.requestedBy.id !== ctx.viewer.id &&
    can(ctx, 'decide', 'ApprovalRequest', request)
  );
}

function viewerMayRead(ctx: GraphQLContext, request: ApprovalRequest): boolean {
  return (
    (ctx.viewer !== null && request.requestedBy.id === ctx.viewer.id) ||
    can(ctx, 'read', 'ApprovalRequest', request) ||
    can(ctx, 'decide', 'ApprovalRequest', request)
  );
}

export function toApprovalRequestType(ctx: GraphQLContext, request: ApprovalRequest): ApprovalRequestType {
  return {
    id: request.id,
    subject: request.subject as ApprovalSubjectEnum,
    subjectId: String(request.subjectId),
    state: request.state as ApprovalStateEnum,
    requestedAt: request.requestedAt,
    decidedAt: request.decidedAt ?? null,
    comment: request.comment ?? null,
    payload: request.payload ?? null,
    decidingRole: request.decidingRole,
    decidingUnitId: request.decidingUnit?.id ?? null,
    canDecide: viewerMayDecide(ctx, request),
    requestedById: request.requestedBy.id,
    decidedById: request.decidedBy?.id ?? null,
  };
}

/**
 * Opens a request for a decision, in the caller's transaction (SPEC §7). The requester is the viewer;
 * an AD_HOC_DISCOUNT request is decided by a SUPERVISOR of `decidingUnitId`, the other subjects by a
 * FINANCE_MANAGER. Audited.
 */
export async function requestApproval(
  ctx: GraphQLContext,
  input: { subject: ApprovalSubjectName; subjectId: string; payload?: Record<string, unknown> | null; decidingUnitId?: string | null },
): Promise<ApprovalRequestType> {
  const viewer = requireViewer(ctx);
  const routing = checkApprovalRouting(input.subject, input.decidingUnitId);
  if (!routing.ok) throw badInput(routing.field ?? 'decidingUnitId', routing.explanation);
  const request = ctx.em.create(ApprovalRequest, {
    subject: input.subject,
    subjectId: input.subjectId,
    requestedBy: ctx.em.getReference(User, viewer.id, { wrapped: true }),
    decidingRole: routing.value === 'SUPERVISOR_OF_UNIT' ? 'SUPERVISOR' : 'FINANCE_MANAGER',
    decidingUnit: input.decidingUnitId ? ctx.em.getReference(Unit, input.decidingUnitId, { wrapped: true }) : null,
    payload: input.payload ?? null,
  });
  await ctx.em.flush();
  recordAudit(ctx, { action: 'approval.request', entityType: 'ApprovalRequest', entityId: request.id, after: auditSnapshot(request) });
  return toApprovalRequestType(ctx, request);
}

/** The pending request about this subject, if any (optionally also matching payload keys). */
export async function findPendingApproval(
  em: EntityManager,
  subject: ApprovalSubjectName,
  subjectId: string,
  payloadMatch?: Record<string, unknown>,
): Promise<ApprovalRequest | null> {
  const where: FilterQuery<ApprovalRequest> = { subject, subjectId, state: 'PENDING' };
  if (payloadMatch) (where as Record<string, unknown>).payload = { $contains: payloadMatch };
  return em.findOne(ApprovalRequest, where, { orderBy: { id: 'desc' } });
}

/**
 * Decides a request once (SPEC §7): the row is locked, the decision checked (role and unit by the
 * ability, never the requester, only a pending one), recorded, and the subject's handler applies it in
 * the same transaction.
 */
export async function decideApproval(ctx: GraphQLContext, id: string, approve: boolean, comment?: string | null): Promise<ApprovalRequestType> {
  const viewer = requireViewer(ctx);
  if (!isId(id)) throw badInput('id', 'is not a valid id');
  if (comment != null && comment.length > MAX_COMMENT) throw badInput('comment', `must be at most ${MAX_COMMENT} characters`);
  const request = await ctx.em.findOne(ApprovalRequest, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  if (!request || !viewerMayRead(ctx, request)) throw notFound('ApprovalRequest', id);
  if (!can(ctx, 'decide', 'ApprovalRequest', request)) {
    throw forbidden(
      request.decidingRole === 'SUPERVISOR' ? 'Only a supervisor of the approval unit may decide this request' : 'Only a finance manager may decide this request',
    );
  }
  const decision = decideApprovalRequest({ state: request.state, requestedById: request.requestedBy.id }, viewer.id, approve);
  if (!decision.ok) {
    if (decision.reason === 'OWN_REQUEST') throw forbidden(decision.explanation);
    throw conflict(decision.explanation, { state: request.state });
  }
  const before = auditSnapshot(request);
  request.state = decision.value;
  request.decidedBy = ctx.em.getReference(User, viewer.id, { wrapped: true });
  request.decidedAt = new Date();
  request.comment = comment?.trim() || null;
  await ctx.em.flush();
  const decided: DecidedApprovalRequest = {
    id: request.id,
    subject: request.subject,
    subjectId: String(request.subjectId),
    payload: request.payload ?? null,
    requestedById: request.requestedBy.id,
    decidedById: viewer.id,
    comment: request.comment ?? null,
    approved: approve,
  };
  const handler = approvalHandlerFor(request.subject);
  if (approve) await handler?.onApproved(ctx, decided);
  else await handler?.onRejected?.(ctx, decided);
  recordAudit(ctx, { action: approve ? 'approval.approve' : 'approval.reject', entityType: 'ApprovalRequest', entityId: request.id, before, after: auditSnapshot(request) });
  return toApprovalRequestType(ctx, request);
}

/**
 * By default the requests the viewer may decide (their inbox: right role and unit, not their own);
 * with `mine`, the requests the viewer asked for. Oldest first, at most 200.
 */
export async function listApprovalRequests(
  ctx: GraphQLContext,
  options: { state?: string | null; subject?: string | null; mine?: boolean | null },
): Promise<ApprovalRequestType[]> {
  const viewer = requireViewer(ctx);
  const where: Record<string, unknown>[] = [];
  if (options.mine) where.push({ requestedBy: viewer.id });
  else where.push(accessFilter<ApprovalRequest>(ctx, 'decide', 'ApprovalRequest') as Record<string, unknown>, { requestedBy: { $ne: viewer.id } });
  if (options.state) where.push({ state: options.state });
  if (options.subject) where.push({ subject: options.subject });
  const rows = await ctx.em.find(ApprovalRequest, { $and: where } as FilterQuery<ApprovalRequest>, {
    orderBy: { requestedAt: 'asc', id: 'asc' },
    limit: LIST_LIMIT,
  });
  return rows.map((row) => toApprovalRequestType(ctx, row));
}

export async function getApprovalRequest(ctx: GraphQLContext, id: string): Promise<ApprovalRequestType | null> {
  if (!isId(id)) return null;
  const request = await ctx.em.findOne(ApprovalRequest, { id });
  return request && viewerMayRead(ctx, request) ? toApprovalRequestType(ctx, request) : null;
}
