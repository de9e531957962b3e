// Demo data of the campaigns module (SPEC §11): the monthly-budget jazz-code campaign of seed 000
// (ACTIVE, 3,000 codes generated in a finished batch, some issued to customers through channels and
// redeemed this month and last month, so the dashboard and the variance report have data), and a
// draft stackable bonus-code campaign of seed 001. Finance collaborates with Marketing, so the finance
// manager sees the campaigns whose budgets they approve and reconcile.
import type { EntityManager } from '@mikro-orm/postgresql';
import { resolveCodePattern } from '@perkflow/domain';
import { DateTime } from 'luxon';
import type { DemoSeedPart } from '../../database/seed.js';
import { Group } from '../access/group.entity.js';
import { Unit } from '../access/unit.entity.js';
import { Customer } from '../catalogue/customer.entity.js';
import { ProductType } from '../catalogue/product-type.entity.js';
import { Campaign } from './campaign.entity.js';
import { CodeBatch, type IssueChannel } from './code.entity.js';
import { freshCodes } from './code-generation.js';
import { sql } from './sql.js';

export const JAZZ_CAMPAIGN = 'Jazz Code — monthly budget offer';
export const BONUS_CAMPAIGN = 'Bonus codes — stackable welcome pack';
const ZONE = 'Europe/Athens';
const JAZZ_CODES = 3000;

/** Inserts `count` fresh codes of the pattern into a finished batch (the unique index decides; collisions are redrawn). */
async function seedBatch(em: EntityManager, campaign: Campaign, count: number, prefix: string): Promise<string> {
  const pattern = resolveCodePattern({ prefix, length: 8 });
  if (!pattern.ok) throw new Error(pattern.explanation);
  const batch = em.create(CodeBatch, { campaign, requested: count, pattern: pattern.value } as never) as CodeBatch;
  await em.flush();
  let made = 0;
  while (made < count) {
    const rows = await sql<{ n: number }[]>(
      em,
      `with inserted as (
         insert into code (code, campaign_id, batch_id, created_at)
         select c, ?, ?, ? from unnest(string_to_array(?, ',')) as c on conflict (code) do nothing returning 1)
       select count(*)::int as n from inserted`,
      [campaign.id, batch.id, campaign.startsAt, freshCodes(pattern.value, count - made).join(',')],
    );
    made += rows[0].n;
  }
  await sql(em, `update code_batch set generated = ?, status = 'DONE', finished_at = now(), created_at = ? where id = ?`, [made, campaign.startsAt, batch.id]);
  return batch.id;
}

export const seedCampaignsDemo: DemoSeedPart = async (em: EntityManager) => {
  if (await em.findOne(Campaign, { name: JAZZ_CAMPAIGN })) return;
  const marketing = await em.findOneOrFail(Group, { name: 'Marketing' }, { populate: ['collaboratingGroups'] });
  // Finance reconciles the campaign budgets (SOP of seed 000: month-end variance against the approved
  // ledger), so it sees what Marketing owns; its role still only reads.
  const finance = await em.findOne(Group, { name: 'Finance' });
  if (finance) marketing.collaboratingGroups.add(finance);
  // Head Office (the super user's group) also runs campaigns; Finance decides their extensions and budget
  // increases, so it sees them too (SPEC §1: a decider must see what it decides).
  const headOffice = await em.findOne(Group, { name: 'Head Office' }, { populate: ['collaboratingGroups'] });
  if (headOffice && finance) headOffice.collaboratingGroups.add(finance);
  const packages = await em.findOne(ProductType, { name: 'Subscription Packages' });
  const units = await em.find(Unit, { name: { $in: ['Store Central', 'Store Harbour'] } }, { orderBy: { name: 'asc' } });
  const now = DateTime.now().setZone(ZONE);
  const lastMonth = now.startOf('month').minus({ months: 1 });

  const jazz = em.create(Campaign, {
    name: JAZZ_CAMPAIGN,
    kind: 'DISCOUNT_CODE',
    state: 'ACTIVE',
    discountKind: 'AMOUNT',
    amount: '10',
    currency: 'EUR',
    startsAt: lastMonth.toJSDate(),
    // hard expiry: the end of next month in Athens, compared in UTC
    expiresAt: now.startOf('month').plus({ months: 2 }).toJSDate(),
    timezone: ZONE,
    budgetPeriod: 'MONTH',
    budgetAmount: '5000',
    maxRedemptionsPerCode: 1,
    maxRedemptionsPerCustomer: 1,
    minSpend: '20',
    stacking: 'EXCLUSIVE',
    maxIssued: JAZZ_CODES,
    productTypeIds: packages ? [packages.id] : [],
    allowedUnitIds: [],
    ownedByGroup: marketing,
    activatedAt: lastMonth.toJSDate(),
  } as never) as Campaign;
  await em.flush();
  await seedBatch(em, jazz, JAZZ_CODES, 'JAZZ');

  // Codes issued to demo customers through channels, last month and this month.
  const customers = await em.find(Customer, {}, { orderBy: { id: 'asc' }, limit: 40 });
  const channels: IssueChannel[] = ['EMAIL', 'APP', 'WEBSITE', 'EMAIL', 'SOCIAL'];
  const codes = await sql<{ id: string }[]>(em, 'select id::text from code where campaign_id = ? order by id limit ?', [jazz.id, customers.length]);
  const daysThisMonth = Math.max(1, now.day);
  const issuedAt: DateTime[] = [];
  for (let i = 0; i < codes.length; i += 1) {
    const thisMonth = i % 3 !== 0;
    const planned = thisMonth ? now.startOf('month').plus({ days: i % daysThisMonth, hours: 9 + (i % 8) }) : lastMonth.plus({ days: (i * 2) % 27, hours: 10 });
    issuedAt.push(DateTime.min(planned, now.minus({ hours: 3 })));
    await sql(em, 'update code set customer_id = ?, issued_at = ?, channel = ? where id = ?', [customers[i].id, issuedAt[i].toJSDate(), channels[i % channels.length], codes[i].id]);
  }
  await sql(em, 'insert into campaign_usage (campaign_id, redemptions, issued) values (?, 0, ?) on conflict (campaign_id) do update set issued = excluded.issued', [jazz.id, codes.length]);

  // Two in three issued codes redeemed a few hours later at a store or online, consuming the month's
  // budget through the redemption path's slot function (so budget, report and burn-down agree); one rolled back.
  for (let i = 0; i < codes.length; i += 1) {
    if (i % 3 === 2) continue;
    const at = DateTime.min(issuedAt[i].plus({ hours: 1 + (i % 30) }), now.minus({ minutes: 5 }));
    const period = at.setZone(ZONE).toFormat('yyyy-MM');
    const unit = i % 4 === 3 ? null : (units[i % units.length]?.id ?? null);
    const rolledBack = i === 4;
    let slot: number | null = null;
    if (!rolledBack) {
      const [taken] = await sql<{ slot: number | null }[]>(em, 'select perkflow_budget_slot_take(?, ?, ?, ?, ?) as slot', [jazz.id, period, jazz.budgetAmount, jazz.budgetSlots, jazz.amount]);
      slot = taken.slot;
      if (slot == null) continue;
      await sql(em, 'update code set redemptions_count = redemptions_count + 1 where id = ?', [codes[i].id]);
      await sql(em, `insert into customer_campaign_usage (campaign_id, customer_id, redemptions) values (?, ?, 1)
                       on conflict (campaign_id, customer_id) do update set redemptions = customer_campaign_usage.redemptions + 1`, [jazz.id, customers[i].id]);
    }
    await sql(
      em,
      `insert into redemption (created_at, campaign_id, code_id, customer_id, order_amount, discount, currency, unit_id, state, test, budget_period, budget_slot, rolled_back_at, rollback_reason)
       values (?, ?, ?, ?, ?, ?, 'EUR', ?, ?, false, ?, ?, ?, ?)`,
      [at.toJSDate(), jazz.id, codes[i].id, customers[i].id, i % 2 ? '49.90' : '29.90', jazz.amount, unit, rolledBack ? 'ROLLED_BACK' : 'SUCCEEDED', slot == null ? null : period, slot,
        rolledBack ? at.plus({ hours: 1 }).toJSDate() : null, rolledBack ? 'order cancelled' : null],
    );
  }

  const bonus = em.create(Campaign, {
    name: BONUS_CAMPAIGN,
    kind: 'DISCOUNT_CODE',
    state: 'DRAFT',
    discountKind: 'PERCENTAGE',
    percentage: '5',
    maxDiscount: '25',
    currency: 'EUR',
    startsAt: now.startOf('month').plus({ months: 1 }).toJSDate(),
    expiresAt: now.startOf('month').plus({ months: 4 }).toJSDate(),
    timezone: ZONE,
    budgetPeriod: 'TOTAL',
    budgetAmount: '2000',
    maxRedemptionsPerCode: 1,
    maxRedemptionsPerCustomer: 3,
    stacking: 'STACKABLE',
    stackingGroup: 'welcome',
    maxCodesPerOrder: 2,
    ownedByGroup: marketing,
  } as never) as Campaign;
  await em.flush();
  await seedBatch(em, bonus, 200, 'BONUS');
};
seedCampaignsDemo.partName = 'campaigns';
