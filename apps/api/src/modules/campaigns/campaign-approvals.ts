// Campaign changes that a FINANCE_MANAGER approves (SPEC §5, §7): CAMPAIGN_EXTENSION moves the hard
// expiry later, BUDGET_INCREASE grows the budget per period. A manager opens the request with the
// generic approvals mechanism; the handlers below apply an approved one inside decideApproval's
// transaction (re-checked against the campaign row, locked), so the decision and the change commit
// together or not at all. A rejection changes nothing on the campaign.
import { budgetWindow, checkBudgetIncrease, checkExtension, formatMoney, MAX_CHANGE_REASON, showInZone, type BudgetPeriod, type CampaignState } from '@perkflow/domain';
import { assertCan } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { AppError, badInput, conflict, notFound } from '../../graphql/errors.js';
import type { ApprovalHandler, ApprovalSubjectName, DecidedApprovalRequest } from '../approvals/approval-handler.js';
import { findPendingApproval, requestApproval } from '../approvals/approvals.service.js';
import type { ApprovalRequestType } from '../approvals/approvals.types.js';
import { recordAudit } from '../audit/audit-trail.js';
import { addToPeriodBudget, resumeAfterBudgetIncrease } from './budget-guard.service.js';
import { getCampaign } from './campaign.service.js';
import { sql } from './sql.js';

type Em = GraphQLContext['em'];

interface LockedCampaign {
  id: string;
  name: string;
  state: CampaignState;
  currency: string;
  timezone: string;
  starts_at: Date;
  expires_at: Date;
  budget_period: BudgetPeriod | null;
  budget_amount: string | null;
}

/** The campaign row, locked until the transaction ends (serialises requests and decisions on it). */
async function lockCampaign(em: Em, id: string): Promise<LockedCampaign> {
  const [row] = await sql<LockedCampaign[]>(
    em,
    'select id::text, name, state, currency, timezone, starts_at, expires_at, budget_period, budget_amount::text from campaign where id = ? for update',
    [id],
  );
  if (!row) throw notFound('Campaign', id);
  return { ...row, starts_at: new Date(row.starts_at), expires_at: new Date(row.expires_at) };
}

function checkReason(reason: string | null | undefined): string | null {
  const text = reason?.trim() || null;
  if (text && text.length > MAX_CHANGE_REASON) throw badInput('reason', `must be at most ${MAX_CHANGE_REASON} characters`);
  return text;
}

/** Loads the campaign the viewer may change, locks it, and refuses a second pending request of the subject. */
async function prepareRequest(ctx: GraphQLContext, campaignId: string, subject: ApprovalSubjectName): Promise<LockedCampaign> {
  const campaign = await getCampaign(ctx, campaignId);
  assertCan(ctx, 'update', 'Campaign', campaign);
  const locked = await lockCampaign(ctx.em, campaign.id);
  const pending = await findPendingApproval(ctx.em, subject, campaign.id);
  if (pending) throw conflict(`A ${subject} request (${pending.id}) for campaign ${campaign.id} is already pending; wait for its decision`, { requestId: pending.id });
  return locked;
}

/** Maps a refusal of the domain check: a state that forbids the change is CONFLICT, bad input BAD_USER_INPUT. */
function refusal(result: { reason: string; explanation: string; field?: string }): AppError {
  if (result.reason === 'CAMPAIGN_ENDED') return conflict(result.explanation, { reason: result.reason });
  return badInput(result.field ?? 'input', result.explanation, { reason: result.reason });
}

/** Opens a CAMPAIGN_EXTENSION request: the new expiry must be later than the current one and in the future. */
export async function requestCampaignExtension(ctx: GraphQLContext, campaignId: string, newExpiresAt: Date, reason?: string | null): Promise<ApprovalRequestType> {
  const text = checkReason(reason);
  const campaign = await prepareRequest(ctx, campaignId, 'CAMPAIGN_EXTENSION');
  const checked = checkExtension({ state: campaign.state, expiresAt: campaign.expires_at, newExpiresAt, timezone: campaign.timezone, now: new Date() });
  if (!checked.ok) throw refusal(checked);
  return requestApproval(ctx, {
    subject: 'CAMPAIGN_EXTENSION',
    subjectId: campaign.id,
    payload: {
      campaignName: campaign.name,
      timezone: campaign.timezone,
      currentExpiresAt: campaign.expires_at.toISOString(),
      currentExpiresAtLocal: showInZone(campaign.expires_at, campaign.timezone),
      newExpiresAt: checked.value.toISOString(),
      newExpiresAtLocal: showInZone(checked.value, campaign.timezone),
      reason: text,
    },
  });
}

/** Opens a BUDGET_INCREASE request: the campaign has a budget and the new amount per period is larger. */
export async function requestBudgetIncrease(ctx: GraphQLContext, campaignId: string, newAmount: string, reason?: string | null): Promise<ApprovalRequestType> {
  const text = checkReason(reason);
  const campaign = await prepareRequest(ctx, campaignId, 'BUDGET_INCREASE');
  const checked = checkBudgetIncrease({ state: campaign.state, currency: campaign.currency, currentAmount: campaign.budget_amount, newAmount });
  if (!checked.ok) throw refusal(checked);
  return requestApproval(ctx, {
    subject: 'BUDGET_INCREASE',
    subjectId: campaign.id,
    payload: {
      campaignName: campaign.name,
      currency: campaign.currency,
      period: campaign.budget_period,
      currentAmount: formatMoney(campaign.budget_amount!, campaign.currency),
      newAmount: checked.value.newAmount,
      increase: checked.value.increase,
      reason: text,
    },
  });
}

function payloadValue(request: DecidedApprovalRequest, key: string): string {
  const value = request.payload?.[key];
  if (typeof value !== 'string') throw conflict(`Approval request ${request.id} has no ${key} in its payload`);
  return value;
}

/** Approving an extension moves the expiry, re-checked on the locked campaign. */
export const campaignExtensionHandler: ApprovalHandler = {
  subject: 'CAMPAIGN_EXTENSION',
  async onApproved(ctx, request) {
    const campaign = await lockCampaign(ctx.em, request.subjectId);
    const newExpiresAt = new Date(payloadValue(request, 'newExpiresAt'));
    const checked = checkExtension({ state: campaign.state, expiresAt: campaign.expires_at, newExpiresAt, timezone: campaign.timezone, now: new Date() });
    if (!checked.ok) throw conflict(`The extension can no longer apply: ${checked.explanation}`, { reason: checked.reason });
    await sql(ctx.em, 'update campaign set expires_at = ? where id = ?', [checked.value, campaign.id]);
    recordAudit(ctx, {
      action: 'extend',
      entityType: 'Campaign',
      entityId: campaign.id,
      before: { expiresAt: campaign.expires_at.toISOString() },
      after: { expiresAt: checked.value.toISOString(), expiresAtLocal: showInZone(checked.value, campaign.timezone), approvalRequest: request.id, approvedBy: request.decidedById },
    });
  },
};

/**
 * Approving a budget increase sets the campaign's budget per period (later periods start from it) and
 * adds the increase to the current period's budget slots when they exist (addToPeriodBudget, the
 * redemption path's own function: it locks the period's slots, so Σ allowance = budget keeps holding).
 * A campaign the budget paused in this period becomes ACTIVE again when the increase un-exhausts it.
 */
export const budgetIncreaseHandler: ApprovalHandler = {
  subject: 'BUDGET_INCREASE',
  async onApproved(ctx, request) {
    const campaign = await lockCampaign(ctx.em, request.subjectId);
    const checked = checkBudgetIncrease({ state: campaign.state, currency: campaign.currency, currentAmount: campaign.budget_amount, newAmount: payloadValue(request, 'newAmount') });
    if (!checked.ok) throw conflict(`The budget increase can no longer apply: ${checked.explanation}`, { reason: checked.reason });
    await sql(ctx.em, 'update campaign set budget_amount = ? where id = ?', [checked.value.newAmount, campaign.id]);
    const window = budgetWindow(campaign.budget_period!, new Date(), campaign.timezone, { startsAt: campaign.starts_at, expiresAt: campaign.expires_at });
    // the current period's slots, when they exist (later periods are split from the new amount)
    if (window.ok) await addToPeriodBudget(ctx.em, campaign.id, window.value.key, checked.value.increase);
    recordAudit(ctx, {
      action: 'increaseBudget',
      entityType: 'Campaign',
      entityId: campaign.id,
      before: { budgetAmount: campaign.budget_amount },
      after: { budgetAmount: checked.value.newAmount, increase: checked.value.increase, period: window.ok ? window.value.key : null, approvalRequest: request.id, approvedBy: request.decidedById },
    });
    // A campaign the budget paused resumes once the increase leaves enough for another redemption.
    if (window.ok && campaign.state === 'PAUSED') await resumeAfterBudgetIncrease(ctx, campaign.id, window.value.key);
  },
};
