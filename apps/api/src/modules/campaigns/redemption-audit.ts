import type { EntityManager } from '@mikro-orm/postgresql';
import { asSystem } from '../../database/visibility.js';
import type { JobDefinition } from '../../jobs/job-queue.js';
import { appendAuditEntries, type PendingAuditEntry } from '../audit/audit-trail.js';
import { sql } from './sql.js';

/**
 * The "redeem" entries of the audit trail (SPEC §9) are appended in batches, off the redemption hot path:
 * the audit chain is serialised by one lock, which every redemption would otherwise queue for. Each
 * redemption row already records who (actor, API key), when and what, append-only; `audited` turns true
 * once its entry is chained. A rollback chains the redemption's own entry first, so the order holds.
 */
interface UnauditedRow {
  id: string;
  actor_id: string | null;
  code: string;
  campaign_id: string;
  customer_id: string;
  order_amount: string;
  discount: string;
  currency: string;
  unit_id: string | null;
  test: boolean;
  budget_period: string | null;
  api_key_id: string | null;
  created_at: Date;
}

const BATCH = 2000;

function entryOf(r: UnauditedRow): PendingAuditEntry {
  return {
    action: 'redeem',
    entityType: 'Redemption',
    entityId: String(r.id),
    before: null,
    after: {
      code: r.code, campaign: String(r.campaign_id), customer: String(r.customer_id), orderAmount: r.order_amount, discount: r.discount, currency: r.currency,
      unit: r.unit_id == null ? null : String(r.unit_id), test: r.test, budgetPeriod: r.budget_period, apiKey: r.api_key_id == null ? null : String(r.api_key_id),
      redeemedAt: new Date(r.created_at).toISOString(),
    },
  };
}

/**
 * Chains the entries of unaudited redemptions (all, or the given one) in the caller's transaction; returns
 * how many. Rows another transaction is chaining are skipped, unless `wait` (a reader that must see them).
 */
export async function auditRedemptions(tx: EntityManager, onlyId?: string, wait = false): Promise<number> {
  const rows = await sql<UnauditedRow[]>(tx,
    `select r.id::text, r.actor_id::text, c.code, r.campaign_id::text, r.customer_id::text, r.order_amount::text, r.discount::text, r.currency,
            r.unit_id::text, r.test, r.budget_period, r.api_key_id::text, r.created_at
       from redemption r join code c on c.id = r.code_id
      where not r.audited ${onlyId ? 'and r.id = ?' : ''}
      order by r.id limit ${BATCH} for update of r${wait ? '' : ' skip locked'}`,
    onlyId ? [onlyId] : []);
  let start = 0;
  for (let i = 1; i <= rows.length; i += 1) {
    if (i === rows.length || rows[i].actor_id !== rows[start].actor_id) {
      await appendAuditEntries(tx, rows[start].actor_id, rows.slice(start, i).map(entryOf));
      start = i;
    }
  }
  if (rows.length) await sql(tx, `update redemption set audited = true where id in (select jsonb_array_elements_text(?::jsonb)::bigint)`, [JSON.stringify(rows.map((r) => r.id))]);
  return rows.length;
}

/** Every unaudited redemption, in batches of BATCH (one transaction each); returns how many. */
async function chainAll(em: EntityManager, wait: boolean): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await em.fork().transactional((tx) => auditRedemptions(tx, undefined, wait));
    total += n;
    if (n < BATCH) return total;
  }
}

/** The deferred-audit flusher (module registry): before the audit trail is read, wait for and chain every pending entry. */
export const flushRedemptionAudit = (em: EntityManager): Promise<number> => chainAll(em, true);

export const redemptionAuditJob: JobDefinition<never> = {
  queue: 'campaigns.audit-redemptions',
  schedule: { cron: '* * * * *' },
  expireInSeconds: 300,
  async handle(_data, { orm, logger }) {
    const total = await chainAll(asSystem(orm.em.fork(), 'job: redemption audit'), false);
    if (total) logger.info({ redemptions: total }, 'redemptions chained into the audit trail');
  },
};
