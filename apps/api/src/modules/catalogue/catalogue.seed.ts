import type { EntityManager } from '@mikro-orm/postgresql';
import { formatMoney } from '@perkflow/domain';
import type { DemoSeedPart } from '../../database/seed.js';
import type { CustomerAddress } from './customer.entity.js';
import { Customer } from './customer.entity.js';
import { Job, JobLine } from './job.entity.js';
import { ProductFamily } from './product-family.entity.js';
import { ProductType } from './product-type.entity.js';
import { Product } from './product.entity.js';
import { Segment } from './segment.entity.js';
import { Subscription, SubscriptionService, type BillingFrequency } from './subscription.entity.js';

/** Company ZX's catalogue (seed 003): the codes later modules' demo data refer to. */
export const DEMO_PRODUCTS = {
  FIBRE_100: 'FIBRE-100',
  FIBRE_500: 'FIBRE-500',
  TV_SPORTS: 'TV-SPORTS',
  STATIC_IP: 'STATIC-IP',
  INSTALLATION_FEE: 'INSTALL-FEE',
} as const;

export const LATE_JOBS_SEGMENT = 'Late jobs';
export const LATE_JOB_RULE = { '>': [{ var: 'actualCompletionDate' }, { var: 'expectedCompletionDate' }] };

const CURRENCY = 'EUR';

const PRODUCTS: [code: string, name: string, type: string, family: string, price: string][] = [
  [DEMO_PRODUCTS.FIBRE_100, 'Fibre 100', 'Subscription Packages', 'Fibre Broadband', '29.90'],
  [DEMO_PRODUCTS.FIBRE_500, 'Fibre 500', 'Subscription Packages', 'Fibre Broadband', '49.90'],
  [DEMO_PRODUCTS.TV_SPORTS, 'TV Sports Pack', 'Add-ons', 'Television', '9.90'],
  [DEMO_PRODUCTS.STATIC_IP, 'Static IP', 'Add-ons', 'Fibre Broadband', '5.00'],
  [DEMO_PRODUCTS.INSTALLATION_FEE, 'Installation Service Fee', 'Fees', 'Field Services', '80.00'],
];

const PLACES: [region: string, city: string, district: string][] = [
  ['Attica', 'Athens', 'Kolonaki'],
  ['Attica', 'Athens', 'Plaka'],
  ['Attica', 'Piraeus', 'Harbour'],
  ['Central Macedonia', 'Thessaloniki', 'Ladadika'],
  ['Crete', 'Heraklion', 'Old Town'],
];

const FIRST_NAMES = ['Maria', 'Nikos', 'Eleni', 'Giorgos', 'Katerina', 'Dimitris', 'Sofia', 'Yannis', 'Anna', 'Kostas'];
const LAST_NAMES = ['Papadopoulou', 'Georgiou'];
/** Name days of the first names (Greek calendar), as this year's dates. */
const NAME_DAYS: Record<string, string> = {
  Maria: '08-15',
  Nikos: '12-06',
  Eleni: '05-21',
  Giorgos: '04-23',
  Katerina: '11-25',
  Dimitris: '10-26',
  Sofia: '09-17',
  Yannis: '01-07',
  Anna: '07-25',
  Kostas: '05-21',
};

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** ~20 customers with birthdays, name days, regions and addresses; two blacklisted-free, one with an old inactive address. */
function seedCustomers(em: EntityManager): Customer[] {
  const customers: Customer[] = [];
  for (let i = 0; i < 20; i += 1) {
    const first = FIRST_NAMES[i % FIRST_NAMES.length]!;
    const last = LAST_NAMES[Math.floor(i / FIRST_NAMES.length)]!;
    const [region, city, district] = PLACES[i % PLACES.length]!;
    const addresses: CustomerAddress[] = [{ area: region, city, district, active: true }];
    if (i % 4 === 0) {
      const [oldRegion, oldCity, oldDistrict] = PLACES[(i + 2) % PLACES.length]!;
      addresses.push({ area: oldRegion, city: oldCity, district: oldDistrict, active: false });
    }
    customers.push(
      em.create(Customer, {
        name: `${first} ${last}`,
        email: `${first}.${last}`.toLowerCase() + '@example.com',
        birthday: `${1960 + ((i * 3) % 40)}-${pad((i % 12) + 1)}-${pad(((i * 7) % 28) + 1)}`,
        nameDay: `2026-${NAME_DAYS[first]!}`,
        signedUpAt: new Date(Date.UTC(2023 + (i % 3), i % 12, 1 + (i % 27), 9, 30)),
        region,
        addresses,
      }),
    );
  }
  return customers;
}

/** Company ZX's reference data (SPEC §11): products, customers, subscriptions, an on-time and a late job, segments. */
export const seedCatalogueDemo: DemoSeedPart = async (em: EntityManager) => {
  const types = new Map<string, ProductType>();
  const families = new Map<string, ProductFamily>();
  const products = new Map<string, Product>();
  for (const [code, name, type, family, price] of PRODUCTS) {
    if (!types.has(type)) types.set(type, em.create(ProductType, { name: type }));
    if (!families.has(family)) families.set(family, em.create(ProductFamily, { name: family }));
    products.set(code, em.create(Product, { code, name, type: types.get(type)!, family: families.get(family)!, price: formatMoney(price, CURRENCY), currency: CURRENCY }));
  }
  const product = (code: string) => products.get(code)!;
  const customers = seedCustomers(em);

  // Monthly Fibre 100 (+ Static IP on every other one) and quarterly Fibre 500 + TV Sports Pack.
  for (let i = 0; i < 12; i += 1) {
    const monthly = i % 3 !== 2;
    const billingFrequency: BillingFrequency = monthly ? 'MONTHLY' : 'QUARTERLY';
    const subscription = em.create(Subscription, { customer: customers[i]!, billingFrequency, effectiveDate: `2026-${pad((i % 9) + 1)}-01`, currency: CURRENCY });
    const lines: [string, boolean][] = monthly
      ? [[DEMO_PRODUCTS.FIBRE_100, true], ...(i % 2 === 0 ? ([[DEMO_PRODUCTS.STATIC_IP, false]] as [string, boolean][]) : [])]
      : [[DEMO_PRODUCTS.FIBRE_500, true], [DEMO_PRODUCTS.TV_SPORTS, false]];
    for (const [code, isMain] of lines) {
      subscription.services.add(em.create(SubscriptionService, { subscription, product: product(code), price: product(code).price!, isMain }));
    }
  }

  // Installations take up to two weeks: one finished on time, one late (the seed 003 scenarios), one open.
  const jobs: [customer: number, order: string, expected: string, actual: string | null][] = [
    [0, '2026-10-01', '2026-10-15', '2026-10-13'],
    [1, '2026-10-05', '2026-10-19', '2026-10-30'],
    [2, '2026-11-16', '2026-11-30', null],
  ];
  for (const [c, orderDate, expectedCompletionDate, actualCompletionDate] of jobs) {
    const job = em.create(Job, { customer: customers[c]!, orderDate, expectedCompletionDate, actualCompletionDate, currency: CURRENCY });
    job.lines.add(em.create(JobLine, { job, product: product(DEMO_PRODUCTS.INSTALLATION_FEE), price: product(DEMO_PRODUCTS.INSTALLATION_FEE).price! }));
  }
  await em.flush();

  em.create(Segment, { name: LATE_JOBS_SEGMENT, entity: 'JOB', rule: LATE_JOB_RULE, memberIds: [] });
  em.create(Segment, { name: 'Monthly subscribers', entity: 'SUBSCRIPTION', rule: { '==': [{ var: 'billingFrequency' }, 'MONTHLY'] }, memberIds: [] });
  em.create(Segment, { name: 'Loyal customers', entity: 'CUSTOMER', rule: null, memberIds: customers.slice(0, 5).map((c) => c.id) });
  await em.flush();
};
seedCatalogueDemo.partName = 'catalogue';
