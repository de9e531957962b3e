import type { EntityManager } from '@mikro-orm/postgresql';
import { DEFAULT_AWARD_VALIDITY, emptyAwardConditions, emptySpendConditions, type AwardRule, type OfferClassification } from '@perkflow/domain';
import type { DemoSeedPart } from '../../database/seed.js';
import { Group } from '../access/group.entity.js';
import { Unit } from '../access/unit.entity.js';
import { Customer } from '../catalogue/customer.entity.js';
import { Product } from '../catalogue/product.entity.js';
import { RewardOfferCategory, RewardOfferTemplate, RewardOfferType, RewardsDefinition } from './reward-config.entity.js';
import { loadEffectiveOffers, runNodeBatch, sqlOf } from './reward-engine.js';
import { RewardOffer } from './reward-offer.entity.js';
import { RewardScheme } from './reward-scheme.entity.js';

const DAY = 86_400_000;

/**
 * The demo rewards programme (SPEC §11): the ZX Loyalty Club scheme, offer types of several
 * classifications with categories, a template, a Just Money offer and a transaction-based offer (and a
 * birthday offer), a dozen enrolled customers with purchases over the last weeks, and a finished reward
 * run, so wallets have balances; one customer has already spent part of theirs.
 */
export const seedRewardsDemo: DemoSeedPart = async (em: EntityManager) => {
  const marketing = await em.findOneOrFail(Group, { name: 'Marketing' });
  const scheme =
    (await em.findOne(RewardScheme, { name: 'ZX Loyalty Club' })) ??
    em.create(RewardScheme, {
      name: 'ZX Loyalty Club',
      code: 'ZXLC',
      description: 'Company ZX loyalty programme: customers earn money back on purchases',
      currency: 'EUR',
      timezone: 'Europe/Athens',
      ownedByGroup: marketing,
    });
  if (await em.findOne(RewardOffer, { name: 'Welcome fiver' })) return;
  const everyday = em.create(RewardOfferCategory, { name: 'Everyday rewards' });
  const celebrations = em.create(RewardOfferCategory, { name: 'Celebrations' });
  await em.flush();
  const type = (name: string, classification: OfferClassification, categories: RewardOfferCategory[]) =>
    em.create(RewardOfferType, { name, classification, allowedCategoryIds: categories.map((c) => String(c.id)) });
  const justMoney = type('Just Money', 'JUST_MONEY', [everyday, celebrations]);
  const spendAndEarn = type('Spend and earn', 'INCREASE_REVENUE_TRANSACTION_BASED', [everyday]);
  const birthday = type('Birthday treat', 'REWARD_ON_BIRTHDAY', [celebrations]);
  type('Sign-up bonus', 'REWARD_SIGN_UPS', [everyday]);
  await em.flush();
  em.create(RewardsDefinition, { allowedOfferTypeIds: null });
  const centralStore = await em.findOne(Unit, { name: 'Store Central' });
  const weekdayTemplate = em.create(RewardOfferTemplate, {
    name: 'Weekday fiver',
    classification: 'JUST_MONEY',
    award: amount('5.00'),
    spendConditions: { ...emptySpendConditions(), days: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'], hourRanges: [{ from: '09:00', to: '21:00' }] },
    ownedByGroup: marketing,
  });
  const effectiveSince = new Date(Date.now() - 60 * DAY);
  const numbers = await sqlOf(em).all<{ n: string }>(`select nextval('reward_offer_number_seq')::text as n from generate_series(1, 4)`);
  const number = () => `RO-${numbers.shift()!.n.padStart(6, '0')}`;
  type OfferSeed = { name: string; type: RewardOfferType; award: AwardRule; category?: RewardOfferCategory; template?: RewardOfferTemplate } & Record<string, unknown>;
  const offer = (fields: OfferSeed) =>
    em.create(RewardOffer, {
      number: number(),
      scheme,
      classification: fields.type.classification,
      lifeCycleState: 'EFFECTIVE',
      latestEffectiveDate: effectiveSince,
      validity: { kind: 'FROM_LATEST_EFFECTIVE_DATE' },
      awardValidity: DEFAULT_AWARD_VALIDITY,
      awardConditions: emptyAwardConditions(),
      spendConditions: emptySpendConditions(),
      ownedByGroup: marketing,
      ...fields,
    } as never);
  offer({
    name: 'Welcome fiver',
    alternativeCode: 'WELCOME5',
    description: 'Five euros on the first purchase after joining (Just Money, only one per participant)',
    type: justMoney,
    category: everyday,
    template: weekdayTemplate,
    award: amount('5.00'),
    awardConditions: emptyAwardConditions('ONLY_ONE'),
    spendConditions: weekdayTemplate.spendConditions!,
  });
  offer({
    name: 'Two percent back',
    alternativeCode: 'BACK2',
    description: '2% of every purchase, spendable for three months',
    type: spendAndEarn,
    category: everyday,
    award: { kind: 'PERCENTAGE', percentage: '2', considerOfferTypeIds: [], considerSchemeIds: [] },
    awardValidity: { kind: 'AFTER_AWARD', after: { count: 3, unit: 'MONTH' } },
    spendConditions: centralStore ? { ...emptySpendConditions(), allowedUnitIds: [String(centralStore.id)] } : emptySpendConditions(),
  });
  offer({
    name: 'Birthday week',
    alternativeCode: 'BDAY10',
    description: 'Ten euros for a purchase in the week around the birthday',
    type: birthday,
    category: celebrations,
    award: amount('10.00'),
    validity: { kind: 'BIRTHDAY_PERIOD', daysBefore: 3, daysAfter: 3 },
    awardValidity: { kind: 'AFTER_AWARD', after: { count: 1, unit: 'MONTH' } },
  });
  offer({
    name: 'Holiday season bonus',
    alternativeCode: 'XMAS1',
    description: 'One euro per purchase from 20 December to 6 January (not effective yet)',
    type: justMoney,
    category: celebrations,
    award: amount('1.00'),
    validity: { kind: 'RECURRING_PERIOD', fromDay: 20, fromMonth: 12, toDay: 6, toMonth: 1 },
    lifeCycleState: 'NOT_EFFECTIVE',
    latestEffectiveDate: null,
  });
  await em.flush();

  const customers = await em.find(Customer, {}, { orderBy: { id: 'asc' }, limit: 12 });
  const products = await em.find(Product, {}, { orderBy: { id: 'asc' } });
  const units = await em.find(Unit, { name: { $in: ['Store Central', 'Store Harbour'] } }, { orderBy: { id: 'asc' } });
  const sql = sqlOf(em);
  for (const customer of customers) {
    await sql.all('insert into reward_participant (scheme_id, customer_id, joined_at) values (?::bigint, ?::bigint, ?) on conflict do nothing', [scheme.id, customer.id, new Date(Date.now() - 50 * DAY)]);
  }
  // three to five purchases each over the last six weeks, at the two stores
  let n = 0;
  for (const [i, customer] of customers.entries()) {
    for (let k = 0; k < 3 + (i % 3); k += 1) {
      n += 1;
      const product = products[n % Math.max(1, products.length)];
      await sql.all(
        `insert into customer_event (customer_id, kind, performed_at, amount, currency, product_ids, unit_id, idempotency_key)
         values (?::bigint, 'PURCHASE', ?, ?::numeric, 'EUR', string_to_array(?, ','), ?::bigint, ?)`,
        [customer.id, new Date(Date.now() - (42 - ((i * 5 + k * 11) % 40)) * DAY), (19.9 + ((n * 37) % 120)).toFixed(2), product ? String(product.id) : '', units[n % Math.max(1, units.length)]?.id ?? null, `demo-${n}`],
      );
    }
  }
  await seedRunInTransaction(em);
  // Maria (the first customer) already spent 5.00 of her welcome award at Store Central
  const [welcome] = await sql.all<{ id: string; participant_id: string }>(
    `select a.id::text, a.participant_id::text from award_transaction a join reward_offer o on o.id = a.offer_id join reward_participant p on p.id = a.participant_id
      where o.name = 'Welcome fiver' and p.customer_id = ?::bigint`,
    [customers[0]?.id ?? 0],
  );
  if (welcome) {
    const [spend] = await sql.all<{ id: string }>(
      `insert into spend_transaction (participant_id, amount, unit_id, product_ids, performed_at) values (?::bigint, 5, ?::bigint, '{}', now() - interval '2 days') returning id::text`,
      [welcome.participant_id, centralStore?.id ?? null],
    );
    await sql.all('update award_transaction set remaining = remaining - 5 where id = ?::bigint', [welcome.id]);
    await sql.all('insert into spend_allocation (spend_id, award_id, amount) values (?::bigint, ?::bigint, 5)', [spend!.id, welcome.id]);
  }
};
seedRewardsDemo.partName = 'rewards';

function amount(value: string): AwardRule {
  return { kind: 'AMOUNT', amount: value, considerOfferTypeIds: [], considerSchemeIds: [] };
}

/** A finished reward run inside the seed's transaction (the pg-boss worker cannot see uncommitted rows). */
async function seedRunInTransaction(em: EntityManager): Promise<void> {
  const sql = sqlOf(em);
  const [run] = await sql.all<{ id: string; max: string | null }>(
    `insert into reward_run (state, trigger, claimed_at) values ('RUNNING', 'SEED', now()) returning id::text, (select max(id)::text from customer_event where processed_at is null) as max`,
  );
  const offers = await loadEffectiveOffers(sql);
  let afterId = '0';
  for (;;) {
    const batch = run!.max ? await runNodeBatch(sql, offers, { runId: run!.id, afterId, maxEventId: run!.max, batchSize: 1000, now: new Date() }) : null;
    if (!batch) break;
    afterId = batch.lastId;
    await sql.all(
      `update reward_run set events_processed = events_processed + ?, awards_created = awards_created + ?, total_awarded = total_awarded + ?::numeric, batches = batches + 1, heartbeat_at = now() where id = ?::bigint`,
      [batch.events, batch.created, batch.total, run!.id],
    );
  }
  await sql.all(`update reward_run set state = 'FINISHED', finished_at = now() where id = ?::bigint`, [run!.id]);
}
