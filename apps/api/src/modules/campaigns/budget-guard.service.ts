import { Money, mustPauseForBudget, smallestDiscount } from '@perkflow/domain';
import { asSystem } from '../../database/visibility.js';
import type { GraphQLContext } from '../../graphql/context.js';
import type { JobDefinition } from '../../jobs/job-queue.js';
import { appendAuditEntries, recordAudit } from '../audit/audit-trail.js';
import { raiseReviewFlag } from './review-flags.service.js';
import { sql } from './sql.js';

type Em = GraphQLContext['em'];

/** The campaign terms the budget rule reads (a row of the redemption context). */
export interface BudgetTerms {
  campaign_id: string | null;
  discount_kind: 'PERCENTAGE' | 'AMOUNT';
  percentage: string | null;
  amount: string | null;
  max_discount: string | null;
  min_spend: string | null;
  currency: string;
  budget_pause_threshold: string | null;
}

/**
 * The budget ceiling's second half (SPEC §5): after a redemption (or a refusal for budget), when what
 * remains of the period cannot pay the smallest possible discount or is under the pause threshold, the
 * campaign pauses itself with reason BUDGET_EXHAUSTED, in the same transaction: a conditional update
 * (only the first of concurrent redemptions pauses), an audit entry, a review flag (the alert, once per
 * period) and a log line.
 */
function smallestOf(terms: BudgetTerms): string {
  return smallestDiscount({ discountKind: terms.discount_kind, percentage: terms.percentage, amount: terms.amount, maxDiscount: terms.max_discount, minSpend: terms.min_spend, currency: terms.currency });
}

/** The pure part of the rule: true when what remains calls for a pause. */
export function mayNeedPause(terms: BudgetTerms, remaining: string): boolean {
  return mustPauseForBudget(new Money(remaining), smallestOf(terms), terms.budget_pause_threshold);
}

export async function afterRedeemBudget(ctx: GraphQLContext, terms: BudgetTerms, periodKey: string, remaining: string): Promise<boolean> {
  const left = new Money(remaining);
  const smallest = smallestOf(terms);
  if (!mustPauseForBudget(left, smallest, terms.budget_pause_threshold)) return false;
  return pauseForBudget(ctx, terms.campaign_id!, periodKey, `${left.toFixed(2)} ${terms.currency} left of the ${periodKey} budget (smallest discount ${smallest}${terms.budget_pause_threshold != null ? `, pause threshold ${new Money(terms.budget_pause_threshold).toFixed(2)}` : ''})`);
}

export async function pauseForBudget(ctx: GraphQLContext, campaignId: string, periodKey: string, detail: string): Promise<boolean> {
  const paused = await sql<{ name: string }[]>(ctx.em,
    `update campaign set state = 'PAUSED', paused_reason = 'BUDGET_EXHAUSTED', paused_budget_period = ? where id = ? and state = 'ACTIVE' returning name`,
    [periodKey, campaignId]);
  if (!paused.length) return false;
  recordAudit(ctx, {
    action: 'pause',
    entityType: 'Campaign',
    entityId: campaignId,
    before: { state: 'ACTIVE' },
    after: { state: 'PAUSED', pausedReason: 'BUDGET_EXHAUSTED', pausedBudgetPeriod: periodKey, detail },
  });
  await raiseReviewFlag(ctx.em, {
    kind: 'BUDGET_EXHAUSTED',
    subjectType: 'Campaign',
    subjectId: campaignId,
    message: `Campaign "${paused[0].name}" paused itself: budget exhausted, ${detail}`,
    dedupeKey: `BUDGET_EXHAUSTED:${campaignId}:${periodKey}`,
  });
  ctx.logger.warn({ campaignId, periodKey, detail }, 'campaign paused: budget exhausted');
  return true;
}

/**
 * A MONTH budget starts fresh each month (in the campaign's time zone): a campaign the budget paused in
 * an earlier month becomes ACTIVE again (conditional update; audited).
 */
export async function resumeIfNewBudgetMonth(ctx: GraphQLContext, campaignId: string, periodKey: string | null): Promise<void> {
  if (!periodKey) return;
  const resumed = await sql<{ id: string; paused_budget_period: string }[]>(ctx.em,
    `update campaign k set state = 'ACTIVE', paused_reason = null, paused_budget_period = null
      where id = ? and state = 'PAUSED' and paused_reason = 'BUDGET_EXHAUSTED' and budget_period = 'MONTH' and paused_budget_period < ?
      returning id::text, ? as paused_budget_period`,
    [campaignId, periodKey, periodKey]);
  if (resumed.length) {
    recordAudit(ctx, { action: 'resume', entityType: 'Campaign', entityId: campaignId, before: { state: 'PAUSED', pausedReason: 'BUDGET_EXHAUSTED' }, after: { state: 'ACTIVE', budgetPeriod: periodKey } });
  }
}

/**
 * After an approved budget increase: a campaign the budget paused in the current period becomes ACTIVE
 * again when what the period now has left would no longer pause it (conditional update; audited).
 */
export async function resumeAfterBudgetIncrease(ctx: GraphQLContext, campaignId: string, periodKey: string): Promise<boolean> {
  const [row] = await sql<(BudgetTerms & { free: string | null; budget_amount: string })[]>(ctx.em,
    `select k.id::text as campaign_id, k.discount_kind, k.percentage::text, k.amount::text, k.max_discount::text, k.min_spend::text, k.currency,
            k.budget_pause_threshold::text, k.budget_amount::text,
            (select sum(s.allowance - s.spent)::text from campaign_budget_slot s where s.campaign_id = k.id and s.period = ?) as free
       from campaign k where k.id = ? and k.state = 'PAUSED' and k.paused_reason = 'BUDGET_EXHAUSTED'`,
    [periodKey, campaignId]);
  // No slots yet for the period: nothing of it is spent.
  if (!row || mayNeedPause(row, row.free ?? row.budget_amount)) return false;
  const resumed = await sql<{ id: string }[]>(ctx.em,
    `update campaign set state = 'ACTIVE', paused_reason = null, paused_budget_period = null where id = ? and state = 'PAUSED' and paused_reason = 'BUDGET_EXHAUSTED' returning id::text`,
    [campaignId]);
  if (!resumed.length) return false;
  recordAudit(ctx, { action: 'resume', entityType: 'Campaign', entityId: campaignId, before: { state: 'PAUSED', pausedReason: 'BUDGET_EXHAUSTED' }, after: { state: 'ACTIVE', budgetPeriod: periodKey, budgetLeft: row.free ?? row.budget_amount } });
  return true;
}

/**
 * The same for every campaign at once, every 15 minutes (pg-boss schedule, once across processes), so a
 * campaign the budget paused last month shows ACTIVE on the dashboard before anyone redeems. Audited.
 */
export async function resumeFreshBudgetMonths(em: Em): Promise<string[]> {
  return em.transactional(async (tx) => {
    const rows = await sql<{ id: string; period: string; paused: string }[]>(tx,
      `with due as (
         select id, paused_budget_period as paused, perkflow_budget_period_key(budget_period, timezone, now()) as period from campaign
          where state = 'PAUSED' and paused_reason = 'BUDGET_EXHAUSTED' and budget_period = 'MONTH'
            and paused_budget_period < perkflow_budget_period_key(budget_period, timezone, now()) for update)
       update campaign k set state = 'ACTIVE', paused_reason = null, paused_budget_period = null from due where k.id = due.id
       returning k.id::text, due.period, due.paused`);
    await appendAuditEntries(tx, null, rows.map((r) => ({
      action: 'resume',
      entityType: 'Campaign',
      entityId: r.id,
      before: { state: 'PAUSED', pausedReason: 'BUDGET_EXHAUSTED', pausedBudgetPeriod: r.paused },
      after: { state: 'ACTIVE', budgetPeriod: r.period },
    })));
    return rows.map((r) => r.id);
  });
}

export const budgetMonthResumeJob: JobDefinition<never> = {
  queue: 'campaigns.budget-month-resume',
  schedule: { cron: '*/15 * * * *' },
  async handle(_data, { orm, logger }) {
    const resumed = await resumeFreshBudgetMonths(asSystem(orm.em.fork(), 'job: budget months'));
    if (resumed.length) logger.info({ campaigns: resumed }, 'campaigns resumed: a new budget month began');
  },
};

/**
 * Moves the budget of one period by `delta` (a budget increase, or a decrease down to what is spent),
 * keeping Σ allowance of the slots = the period's budget. For the BUDGET_INCREASE approval handler.
 */
export async function addToPeriodBudget(em: Em, campaignId: string, periodKey: string, delta: string): Promise<void> {
  await sql(em, 'select perkflow_budget_add(?, ?, ?)', [campaignId, periodKey, delta]);
}
