import { fixtures } from './fixtures.js';
import type { TestApp } from './harness.js';

export const DAY = 86_400_000;

export const DEFINITION_FIELDS = `id name target application valueKind amount minAmount maxAmount percentage freePeriodDays currency
  effectiveDate expirationDate duration durationUntil maxApplications applicationPeriod { count unit } approvalMethod
  approvalUnit { id } billingFrequencies products { id } productTypes { id } includedSegments { id } excludedSegments { id }
  ownedByGroup { id } privacyLevel { id }`;

export const AD_HOC_FIELDS = `id number state amount percentage freePeriodDays approvalMethod providedOn approvedOn cancelledOn effectiveDate expirationDate
  definition { id } subscription { id } job { id } applicableProducts { id } providedBy { id } approvedBy { id } cancelledBy { id }`;

export const BILL_FIELDS = `currency periodStart periodEnd subtotal discountTotal total
  lines { product { id code } amount net discounts { application definitionId adHocDiscountId amount } }`;

export interface AdHocRow {
  id: string;
  number: string;
  state: string;
  amount: string | null;
  percentage: string | null;
  approvedBy: { id: string } | null;
  cancelledBy: { id: string } | null;
  approvedOn: string | null;
  cancelledOn: string | null;
  providedBy: { id: string };
  applicableProducts: { id: string }[];
  [key: string]: unknown;
}

export interface BillRow {
  currency: string;
  periodStart: string | null;
  periodEnd: string | null;
  subtotal: string;
  discountTotal: string;
  total: string;
  lines: { product: { id: string; code: string }; amount: string; net: string; discounts: { application: string; definitionId: string; adHocDiscountId: string | null; amount: string }[] }[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Company ZX as the seed 003 scenarios need it, built through the public API: the Customer Care group
 * with its managers' unit (a supervisor and two agents), another unit with its own supervisor, a
 * marketing manager, the products (FIBRE-100 29.90, STATIC-IP 5.00, INSTALL-FEE 80.00), a monthly
 * subscription, a late and an on-time job, and the "late jobs" segment.
 */
export async function companyZx(t: TestApp, tag = Math.random().toString(36).slice(2, 8)) {
  const f = fixtures(t);
  const as = t.adminToken;
  const ok = <T>(q: string, v: Record<string, unknown>) => t.ok<T>(q, v, as);
  const careGroup = await f.group(`Customer Care ${tag}`);
  const careUnit = await f.unit(`Customer Care managers ${tag}`, careGroup);
  const otherUnit = await f.unit(`Billing desk ${tag}`, careGroup);
  const marketing = await f.group(`Marketing ${tag}`);
  // Marketing owns the definitions; Customer Care collaborates, so its agents and supervisors see them.
  await f.collaborate(marketing, [careGroup]);
  const manager = await f.user(`marketing.${tag}@example.com`, ['MARKETING_MANAGER'], marketing);
  const supervisor = await f.user(`supervisor.${tag}@example.com`, ['SUPERVISOR'], careGroup, { unitId: careUnit });
  const otherSupervisor = await f.user(`supervisor2.${tag}@example.com`, ['SUPERVISOR'], careGroup, { unitId: otherUnit });
  const agent = await f.user(`agent.${tag}@example.com`, ['AGENT'], careGroup, { unitId: careUnit });
  const agent2 = await f.user(`agent2.${tag}@example.com`, ['AGENT'], careGroup, { unitId: careUnit });
  // A supervisor who is also an agent: may submit, but never approve their own.
  const agentSupervisor = await f.user(`agentsup.${tag}@example.com`, ['AGENT', 'SUPERVISOR'], careGroup, { unitId: careUnit });
  const type = async (name: string) => (await ok<{ createProductType: { id: string } }>('mutation($n:String!){ createProductType(name:$n){ id } }', { n: `${name} ${tag}` })).createProductType.id;
  const packages = await type('Subscription Packages');
  const addOns = await type('Add-ons');
  const fees = await type('Fees');
  const product = async (code: string, typeId: string, price: string) =>
    (await ok<{ createProduct: { id: string } }>('mutation($i:CreateProductInput!){ createProduct(input:$i){ id } }', { i: { code: `${code}-${tag}`, name: code, typeId, price, currency: 'EUR' } })).createProduct.id;
  const fibre = await product('FIBRE-100', packages, '29.90');
  const staticIp = await product('STATIC-IP', addOns, '5.00');
  const tvSports = await product('TV-SPORTS', addOns, '9.90');
  const installFee = await product('INSTALL-FEE', fees, '80.00');
  const self = {
    tag, careGroup, careUnit, otherUnit, marketing, manager, supervisor, otherSupervisor, agent, agent2, agentSupervisor,
    packages, addOns, fees, fibre, staticIp, tvSports, installFee,
    async customer(name = `Customer ${Math.random().toString(36).slice(2, 8)}`): Promise<string> {
      return (await ok<{ createCustomer: { id: string } }>('mutation($i:CreateCustomerInput!){ createCustomer(input:$i){ id } }', { i: { name } })).createCustomer.id;
    },
    /** A subscription with FIBRE-100 (main) and STATIC-IP, effective 2026-01-01. */
    async subscription(customerId?: string, billingFrequency = 'MONTHLY', services?: { productId: string; price: string; isMain: boolean }[]): Promise<string> {
      const customer = customerId ?? (await self.customer());
      return (
        await ok<{ createSubscription: { id: string } }>('mutation($i:CreateSubscriptionInput!){ createSubscription(input:$i){ id } }', {
          i: {
            customerId: customer, billingFrequency, effectiveDate: '2026-01-01', currency: 'EUR',
            services: services ?? [{ productId: fibre, price: '29.90', isMain: true }, { productId: staticIp, price: '5.00', isMain: false }],
          },
        })
      ).createSubscription.id;
    },
    /** A job with the installation fee ordered 2026-10-01, expected in two weeks; completed late unless `onTime`. */
    async job(options: { onTime?: boolean; customerId?: string; lines?: { productId: string; price: string }[]; complete?: boolean } = {}): Promise<string> {
      const customer = options.customerId ?? (await self.customer());
      const id = (
        await ok<{ createJob: { id: string } }>('mutation($i:CreateJobInput!){ createJob(input:$i){ id } }', {
          i: { customerId: customer, orderDate: '2026-10-01', expectedCompletionDate: '2026-10-15', currency: 'EUR', lines: options.lines ?? [{ productId: installFee, price: '80.00' }] },
        })
      ).createJob.id;
      if (options.complete !== false) {
        await ok('mutation($id:ID!,$d:LocalDate!){ completeJob(id:$id, actualCompletionDate:$d){ id } }', { id, d: options.onTime ? '2026-10-14' : '2026-10-30' });
      }
      return id;
    },
    lateJobs: '',
    /** Definition input defaults: valid since yesterday for a year. */
    window() {
      const now = Date.now();
      return { effectiveDate: iso(now - DAY), expirationDate: iso(now + 365 * DAY) };
    },
    async createDefinition(input: Record<string, unknown>, token = manager.token) {
      return t.gql<{ createAdditiveDiscountDefinition: Record<string, unknown> & { id: string } }>(
        `mutation($i:CreateAdditiveDiscountDefinitionInput!){ createAdditiveDiscountDefinition(input:$i){ ${DEFINITION_FIELDS} } }`,
        { i: input },
        token,
      );
    },
    async definition(input: Record<string, unknown>, token = manager.token): Promise<{ id: string } & Record<string, unknown>> {
      const r = await self.createDefinition(input, token);
      if (r.errors?.length) throw new Error(`createAdditiveDiscountDefinition: ${JSON.stringify(r.errors)}`);
      return r.data!.createAdditiveDiscountDefinition;
    },
    /** Seed 003 scenario 1: 5–20 per month, 3 per rolling year per customer, manual by the managers' unit, monthly subscription packages. */
    zx1(extra: Record<string, unknown> = {}) {
      const validity = self.window();
      return {
        name: `ZX complaint discount ${tag}`, target: 'SUBSCRIPTION', application: 'AD_HOC', valueKind: 'AMOUNT_RANGE', minAmount: '5', maxAmount: '20', currency: 'EUR',
        ...validity, duration: 'FIXED_DATE', durationUntil: validity.expirationDate, maxApplications: 3, applicationPeriod: { count: 1, unit: 'YEAR' },
        approvalMethod: 'MANUAL', approvalUnitId: careUnit, billingFrequencies: ['MONTHLY'], productTypeIds: [packages], ...extra,
      };
    },
    /** Seed 003 scenario 2: 50% of the installation fee on late jobs, manual by the managers' unit. */
    zx2(extra: Record<string, unknown> = {}) {
      return {
        name: `ZX late installation 50% ${tag}`, target: 'JOB', application: 'AD_HOC', valueKind: 'PERCENTAGE', percentage: '50', ...self.window(),
        approvalMethod: 'MANUAL', approvalUnitId: careUnit, includedSegmentIds: [self.lateJobs], productIds: [installFee], ...extra,
      };
    },
    /** Seed 003 scenario 3: €20 off the installation fee of late jobs, automatically. */
    zx3(extra: Record<string, unknown> = {}) {
      return {
        name: `ZX late installation €20 ${tag}`, target: 'JOB', application: 'AUTO_APPLY', valueKind: 'AMOUNT', amount: '20', currency: 'EUR', ...self.window(),
        approvalMethod: 'AUTOMATIC', includedSegmentIds: [self.lateJobs], productIds: [installFee], ...extra,
      };
    },
    submit(input: Record<string, unknown>, token = agent.token) {
      return t.gql<{ submitAdHocDiscount: AdHocRow }>(`mutation($i:SubmitAdHocDiscountInput!){ submitAdHocDiscount(input:$i){ ${AD_HOC_FIELDS} } }`, { i: input }, token);
    },
    approve(id: string, token = supervisor.token, comment: string | null = 'ok') {
      return t.gql<{ approveAdHocDiscount: AdHocRow }>(`mutation($id:ID!,$c:String){ approveAdHocDiscount(id:$id, comment:$c){ ${AD_HOC_FIELDS} } }`, { id, c: comment }, token);
    },
    cancel(id: string, token = supervisor.token, comment: string | null = 'no') {
      return t.gql<{ cancelAdHocDiscount: AdHocRow }>(`mutation($id:ID!,$c:String){ cancelAdHocDiscount(id:$id, comment:$c){ ${AD_HOC_FIELDS} } }`, { id, c: comment }, token);
    },
    async get(id: string, token = as): Promise<AdHocRow> {
      return (await t.ok<{ adHocDiscount: AdHocRow }>(`query($id:ID!){ adHocDiscount(id:$id){ ${AD_HOC_FIELDS} } }`, { id }, token)).adHocDiscount;
    },
    previewSubscription(subscriptionId: string, periodStart: string, token = agent.token) {
      return t.gql<{ previewSubscriptionBill: BillRow }>(`query($s:ID!,$p:LocalDate!){ previewSubscriptionBill(subscriptionId:$s, periodStart:$p){ ${BILL_FIELDS} } }`, { s: subscriptionId, p: periodStart }, token);
    },
    previewJob(jobId: string, token = agent.token) {
      return t.gql<{ previewJobBill: BillRow }>(`query($j:ID!){ previewJobBill(jobId:$j){ ${BILL_FIELDS} } }`, { j: jobId }, token);
    },
  };
  self.lateJobs = (
    await ok<{ createSegment: { id: string } }>('mutation($i:CreateSegmentInput!){ createSegment(input:$i){ id } }', {
      i: { name: `Late jobs ${tag}`, entity: 'JOB', rule: { '>': [{ var: 'actualCompletionDate' }, { var: 'expectedCompletionDate' }] } },
    })
  ).createSegment.id;
  return self;
}
