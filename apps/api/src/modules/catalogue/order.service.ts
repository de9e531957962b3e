/** Subscriptions and jobs: a customer's recurring services and one-off work, priced per line. */
import { MAX_LIST_SIZE } from '../../graphql/pagination.js';
import { LockMode } from '@mikro-orm/core';
import { checkJobCompletion, checkJobSchedule, checkSubscriptionServices, normaliseCurrency, normaliseLinePrices } from '@perkflow/domain';
import { accessFilter, findReadable, getReadable } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput, conflict } from '../../graphql/errors.js';
import { auditSnapshot, recordAudit } from '../audit/audit-trail.js';
import type { CreateJobInput, CreateSubscriptionInput } from './catalogue.inputs.js';
import { Customer } from './customer.entity.js';
import { Job, JobLine } from './job.entity.js';
import { Product } from './product.entity.js';
import { getReferenced } from './input-checks.js';
import { Subscription, SubscriptionService } from './subscription.entity.js';

const MAX_LINES = 100;

function checkCurrency(value: string): string {
  const currency = normaliseCurrency(value);
  if (!currency.ok) throw badInput('input.currency', currency.explanation);
  return currency.value;
}

/** The products of order lines, each named by its position (`input.services.1.productId`). */
async function loadLineProducts(ctx: GraphQLContext, lines: readonly { productId: string }[], field: string): Promise<Product[]> {
  if (lines.length > MAX_LINES) throw badInput(`input.${field}`, `at most ${MAX_LINES} entries`);
  const products: Product[] = [];
  for (const [i, line] of lines.entries()) products.push(await getReferenced(ctx, Product, 'Product', line.productId, `input.${field}.${i}.productId`));
  return products;
}

/** A snapshot of a subscription or job with its lines, for the audit trail. */
function snapshotWithLines(record: Subscription | Job): Record<string, unknown> | null {
  const lines = record instanceof Subscription ? record.services.getItems() : record.lines.getItems();
  return { ...auditSnapshot(record), [record instanceof Subscription ? 'services' : 'lines']: lines.map((l) => auditSnapshot(l)) };
}

export async function listSubscriptions(ctx: GraphQLContext, customerId: string): Promise<Subscription[]> {
  const customer = await getReadable(ctx, Customer, 'Customer', customerId);
  return ctx.em.find(Subscription, { $and: [{ customer }, accessFilter<Subscription>(ctx, 'read', 'Subscription')] }, { orderBy: { effectiveDate: 'asc', id: 'asc' }, limit: MAX_LIST_SIZE });
}

export function findSubscription(ctx: GraphQLContext, id: string): Promise<Subscription | null> {
  return findReadable(ctx, Subscription, 'Subscription', id);
}

export async function createSubscription(ctx: GraphQLContext, input: CreateSubscriptionInput): Promise<Subscription> {
  const currency = checkCurrency(input.currency);
  const services = checkSubscriptionServices(input.services, currency);
  if (!services.ok) throw badInput(`input.${services.field}`, services.explanation);
  const customer = await getReferenced(ctx, Customer, 'Customer', input.customerId, 'input.customerId');
  const products = await loadLineProducts(ctx, input.services, 'services');
  const subscription = ctx.em.create(Subscription, { customer, billingFrequency: input.billingFrequency, effectiveDate: input.effectiveDate, currency });
  services.value.forEach((s, i) => subscription.services.add(ctx.em.create(SubscriptionService, { subscription, product: products[i]!, price: s.price, isMain: s.isMain })));
  await ctx.em.flush();
  recordAudit(ctx, { action: 'create', entityType: 'Subscription', entityId: subscription.id, after: snapshotWithLines(subscription) });
  return subscription;
}

export async function listJobs(ctx: GraphQLContext, customerId: string): Promise<Job[]> {
  const customer = await getReadable(ctx, Customer, 'Customer', customerId);
  return ctx.em.find(Job, { $and: [{ customer }, accessFilter<Job>(ctx, 'read', 'Job')] }, { orderBy: { orderDate: 'asc', id: 'asc' }, limit: MAX_LIST_SIZE });
}

export function findJob(ctx: GraphQLContext, id: string): Promise<Job | null> {
  return findReadable(ctx, Job, 'Job', id);
}

export async function createJob(ctx: GraphQLContext, input: CreateJobInput): Promise<Job> {
  const currency = checkCurrency(input.currency);
  const schedule = checkJobSchedule(input.orderDate, input.expectedCompletionDate);
  if (!schedule.ok) throw badInput(`input.${schedule.field}`, schedule.explanation);
  const lines = normaliseLinePrices(input.lines, currency, 'lines');
  if (!lines.ok) throw badInput(`input.${lines.field}`, lines.explanation);
  const customer = await getReferenced(ctx, Customer, 'Customer', input.customerId, 'input.customerId');
  const products = await loadLineProducts(ctx, input.lines, 'lines');
  const job = ctx.em.create(Job, { customer, orderDate: input.orderDate, expectedCompletionDate: input.expectedCompletionDate, currency });
  lines.value.forEach((l, i) => job.lines.add(ctx.em.create(JobLine, { job, product: products[i]!, price: l.price })));
  await ctx.em.flush();
  recordAudit(ctx, { action: 'create', entityType: 'Job', entityId: job.id, after: snapshotWithLines(job) });
  return job;
}

/**
 * Sets the actual completion date once. The row is locked first, so two concurrent completions
 * cannot both pass the "not completed yet" check.
 */
export async function completeJob(ctx: GraphQLContext, id: string, actualCompletionDate: string): Promise<Job> {
  await getReadable(ctx, Job, 'Job', id, { action: 'update' });
  const visible = await ctx.em.findOneOrFail(Job, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  const before = auditSnapshot(visible);
  const completion = checkJobCompletion({ orderDate: visible.orderDate, actualCompletionDate: visible.actualCompletionDate ?? null }, actualCompletionDate);
  if (!completion.ok) {
    if (completion.reason === 'ALREADY_COMPLETED') throw conflict(`Job ${id}: ${completion.explanation}`);
    throw badInput(completion.field ?? 'actualCompletionDate', completion.explanation);
  }
  visible.actualCompletionDate = completion.value;
  await ctx.em.flush();
  recordAudit(ctx, { action: 'complete', entityType: 'Job', entityId: visible.id, before, after: auditSnapshot(visible) });
  return visible;
}
