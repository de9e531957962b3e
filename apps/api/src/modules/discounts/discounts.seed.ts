import type { EntityManager } from '@mikro-orm/postgresql';
import type { DemoSeedPart } from '../../database/seed.js';
import { Group } from '../access/group.entity.js';
import { Unit } from '../access/unit.entity.js';
import { User } from '../access/user.entity.js';
import { ApprovalRequest } from '../approvals/approval-request.entity.js';
import { DEMO_PRODUCTS, LATE_JOBS_SEGMENT } from '../catalogue/catalogue.seed.js';
import { ProductType } from '../catalogue/product-type.entity.js';
import { Product } from '../catalogue/product.entity.js';
import { Segment } from '../catalogue/segment.entity.js';
import { Subscription } from '../catalogue/subscription.entity.js';
import { approvalPayload } from './ad-hoc-approval.js';
import { AdHocDiscount } from './ad-hoc-discount.entity.js';
import { AdditiveDiscountDefinition } from './discount-definition.entity.js';

/**
 * The three company ZX definitions of seed 003 (valid from 1 January of this year to 31 December of
 * next year, so the demo works all year), owned by Marketing, which lists Customer Care as
 * collaborating so its agents and supervisors see them; and one pending ad hoc discount (€20.00 on a
 * monthly Fibre 100 subscription) waiting in the supervisor's inbox.
 */
export const seedDiscountsDemo: DemoSeedPart = async (em: EntityManager) => {
  const marketing = await em.findOne(Group, { name: 'Marketing' }, { populate: ['collaboratingGroups'] as never });
  const care = await em.findOne(Group, { name: 'Customer Care' });
  const unit = await em.findOne(Unit, { name: 'Customer Care managers' });
  const agent = await em.findOne(User, { email: 'agent@example.com' });
  const packages = await em.findOne(ProductType, { name: 'Subscription Packages' });
  const installFee = await em.findOne(Product, { code: DEMO_PRODUCTS.INSTALLATION_FEE });
  const lateJobs = await em.findOne(Segment, { name: LATE_JOBS_SEGMENT });
  if (!marketing || !care || !unit || !agent || !packages || !installFee || !lateJobs) return;
  marketing.collaboratingGroups.add(care);
  const year = new Date().getUTCFullYear();
  const validity = { effectiveDate: new Date(Date.UTC(year, 0, 1)), expirationDate: new Date(Date.UTC(year + 1, 11, 31)) };
  const owned = { ownedByGroup: marketing, privacyLevel: null };
  const monthly = em.create(AdditiveDiscountDefinition, {
    ...owned, ...validity,
    name: 'ZX complaint discount (monthly subscribers)', target: 'SUBSCRIPTION', application: 'AD_HOC', valueKind: 'AMOUNT_RANGE',
    minAmount: '5.00', maxAmount: '20.00', currency: 'EUR', duration: 'FIXED_DATE', durationUntil: validity.expirationDate,
    maxApplications: 3, applicationPeriodCount: 1, applicationPeriodUnit: 'YEAR', approvalMethod: 'MANUAL', approvalUnit: unit,
    billingFrequencies: ['MONTHLY'], productTypeIds: [packages.id],
  } as never) as AdditiveDiscountDefinition;
  em.create(AdditiveDiscountDefinition, {
    ...owned, ...validity,
    name: 'ZX late installation 50%', target: 'JOB', application: 'AD_HOC', valueKind: 'PERCENTAGE', percentage: '50',
    duration: 'ONCE_OFF', approvalMethod: 'MANUAL', approvalUnit: unit, includedSegmentIds: [lateJobs.id], productIds: [installFee.id],
  } as never);
  em.create(AdditiveDiscountDefinition, {
    ...owned, ...validity,
    name: 'ZX late installation €20 (automatic)', target: 'JOB', application: 'AUTO_APPLY', valueKind: 'AMOUNT', amount: '20.00', currency: 'EUR',
    duration: 'ONCE_OFF', approvalMethod: 'AUTOMATIC', includedSegmentIds: [lateJobs.id], productIds: [installFee.id],
  } as never);
  await em.flush();

  const subscription = await em.findOne(Subscription, { billingFrequency: 'MONTHLY', services: { product: { type: packages } } }, { orderBy: { id: 'asc' }, populate: ['services.product'] as never });
  if (!subscription) return;
  const main = subscription.services.getItems().find((s) => s.isMain);
  const seq = await em.getConnection().execute<{ n: string }[]>("select nextval('ad_hoc_discount_number_seq')::text as n", [], 'all', em.getTransactionContext());
  const now = new Date();
  const discount = em.create(AdHocDiscount, {
    number: `AHD-${seq[0]!.n.padStart(6, '0')}`,
    definition: monthly, subscription, customer: subscription.customer, state: 'PENDING_APPROVAL', amount: '20.00', currency: subscription.currency,
    applicableProductIds: main ? [String(main.product.id)] : [], approvalMethod: 'MANUAL', providedBy: agent, providedOn: now,
    effectiveDate: now, expirationDate: validity.expirationDate,
  } as never) as AdHocDiscount;
  await em.flush();
  em.create(ApprovalRequest, {
    subject: 'AD_HOC_DISCOUNT', subjectId: discount.id, requestedBy: agent, decidingRole: 'SUPERVISOR', decidingUnit: unit,
    payload: await approvalPayload(em, discount, monthly),
  } as never);
  await em.flush();
};
seedDiscountsDemo.partName = 'discounts';
