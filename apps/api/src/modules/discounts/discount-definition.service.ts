/** Additive discount definitions (SPEC §3): create, update, list; validation by @perkflow/domain, failures name the field. */
import { MAX_LIST_SIZE } from '../../graphql/pagination.js';
import { containsPattern } from '../../graphql/search.js';
import type { FilterQuery } from '@mikro-orm/core';
import { formatMoney, Money, normaliseCurrency, normaliseName, parseDecimal, validateDiscountDefinition, type AdditiveDiscountDefinitionData, type DiscountTarget } from '@perkflow/domain';
import { accessFilter, getReadable } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput, conflict } from '../../graphql/errors.js';
import { assignOwnership } from '../access/ownership.js';
import { registerPrivacyEntity } from '../access/privacy-registry.js';
import { Unit } from '../access/unit.entity.js';
import { auditSnapshot, recordAudit } from '../audit/audit-trail.js';
import { getAllReferenced, getReferenced } from '../catalogue/input-checks.js';
import { ProductType } from '../catalogue/product-type.entity.js';
import { Product } from '../catalogue/product.entity.js';
import { Segment } from '../catalogue/segment.entity.js';
import { AdHocDiscount } from './ad-hoc-discount.entity.js';
import { AdditiveDiscountDefinition } from './discount-definition.entity.js';
import type { CreateAdditiveDiscountDefinitionInput } from './discounts.types.js';

registerPrivacyEntity('ADDITIVE_DISCOUNT_DEFINITION', 'AdditiveDiscountDefinition', AdditiveDiscountDefinition);

/** A stored amount shown with the currency's minor digits, or as an exact decimal without a currency. */
export function shownAmount(value: string | null | undefined, currency: string | null | undefined): string | null {
  if (value == null) return null;
  return currency ? formatMoney(value, currency) : new Money(value).toFixed(2);
}

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

/** The definition as the domain sees it. */
export function definitionData(d: AdditiveDiscountDefinition): AdditiveDiscountDefinitionData {
  return {
    target: d.target,
    application: d.application,
    valueKind: d.valueKind,
    amount: shownAmount(d.amount, d.currency),
    minAmount: shownAmount(d.minAmount, d.currency),
    maxAmount: shownAmount(d.maxAmount, d.currency),
    percentage: d.percentage == null ? null : new Money(d.percentage).toString(),
    freePeriodDays: d.freePeriodDays ?? null,
    currency: d.currency ?? null,
    effectiveDate: d.effectiveDate.toISOString(),
    expirationDate: iso(d.expirationDate),
    duration: d.duration,
    durationUntil: iso(d.durationUntil),
    maxApplications: d.maxApplications ?? null,
    applicationPeriod: d.applicationPeriodCount && d.applicationPeriodUnit ? { count: d.applicationPeriodCount, unit: d.applicationPeriodUnit } : null,
    approvalMethod: d.approvalMethod,
    approvalUnitId: d.approvalUnit ? String(d.approvalUnit.id) : null,
    billingFrequencies: d.billingFrequencies,
    productIds: d.productIds,
    productTypeIds: d.productTypeIds,
    includedSegmentIds: d.includedSegmentIds,
    excludedSegmentIds: d.excludedSegmentIds,
  };
}

const ids = (list: readonly string[] | null | undefined): string[] => [...new Set((list ?? []).map((id) => (/^\d{1,18}$/.test(id) ? String(BigInt(id)) : id)))];

function storedDecimal(value: string | null | undefined): string | null {
  return value == null ? null : (parseDecimal(value)?.toString() ?? null);
}

/**
 * Checks an input and returns the columns to store. Only the value fields of the chosen value kind are
 * kept (the others are cleared), so a definition never carries a stale amount beside its percentage.
 */
async function checkDefinitionInput(ctx: GraphQLContext, input: CreateAdditiveDiscountDefinitionInput) {
  const name = normaliseName(input.name);
  if (!name.ok) throw badInput('input.name', name.explanation);
  let currency: string | null = null;
  if (input.currency != null && input.currency.trim() !== '') {
    const checked = normaliseCurrency(input.currency);
    if (!checked.ok) throw badInput('input.currency', checked.explanation);
    currency = checked.value;
  }
  for (const field of ['amount', 'minAmount', 'maxAmount', 'percentage'] as const) {
    const value = input[field];
    if (value != null && parseDecimal(value) === undefined) throw badInput(`input.${field}`, 'must be a decimal number');
  }
  const kind = input.valueKind;
  const data: AdditiveDiscountDefinitionData = {
    target: input.target,
    application: input.application,
    valueKind: kind,
    amount: kind === 'AMOUNT' ? (input.amount ?? null) : null,
    minAmount: kind === 'AMOUNT_RANGE' ? (input.minAmount ?? null) : null,
    maxAmount: kind === 'AMOUNT_RANGE' ? (input.maxAmount ?? null) : null,
    percentage: kind === 'PERCENTAGE' ? (input.percentage ?? null) : null,
    freePeriodDays: kind === 'FREE_PERIOD' ? (input.freePeriodDays ?? null) : null,
    currency,
    effectiveDate: input.effectiveDate.toISOString(),
    expirationDate: iso(input.expirationDate),
    duration: input.duration ?? 'ONCE_OFF',
    durationUntil: (input.duration ?? 'ONCE_OFF') === 'FIXED_DATE' ? iso(input.durationUntil) : null,
    maxApplications: input.maxApplications ?? null,
    applicationPeriod: input.applicationPeriod ?? null,
    approvalMethod: input.approvalMethod,
    approvalUnitId: input.approvalMethod === 'MANUAL' ? (input.approvalUnitId ?? null) : null,
    billingFrequencies: [...new Set(input.billingFrequencies ?? [])],
    productIds: ids(input.productIds),
    productTypeIds: ids(input.productTypeIds),
    includedSegmentIds: ids(input.includedSegmentIds),
    excludedSegmentIds: ids(input.excludedSegmentIds),
  };
  const checked = validateDiscountDefinition(data);
  if (!checked.ok) throw badInput(checked.field ?? 'input', checked.explanation, { reason: checked.reason });
  if (data.billingFrequencies?.length && data.target === 'JOB') throw badInput('input.billingFrequencies', 'a job has no billing frequency: leave it empty for job discounts');
  const approvalUnit = data.approvalUnitId ? await getReferenced(ctx, Unit, 'Unit', data.approvalUnitId, 'input.approvalUnitId') : null;
  await getAllReferenced(ctx, Product, 'Product', data.productIds ?? [], 'input.productIds');
  await getAllReferenced(ctx, ProductType, 'ProductType', data.productTypeIds ?? [], 'input.productTypeIds');
  for (const field of ['includedSegmentIds', 'excludedSegmentIds'] as const) {
    const segments = await getAllReferenced(ctx, Segment, 'Segment', data[field] ?? [], `input.${field}`);
    const wrong = segments.findIndex((s) => s.entity !== 'CUSTOMER' && s.entity !== data.target);
    if (wrong >= 0) throw badInput(`input.${field}.${wrong}`, `a segment of ${segments[wrong]!.entity.toLowerCase()}s cannot select a ${data.target.toLowerCase()} (use a ${data.target.toLowerCase()} or customer segment)`);
  }
  return {
    name: name.value,
    target: data.target,
    application: data.application,
    valueKind: data.valueKind,
    amount: storedDecimal(data.amount),
    minAmount: storedDecimal(data.minAmount),
    maxAmount: storedDecimal(data.maxAmount),
    percentage: storedDecimal(data.percentage),
    freePeriodDays: data.freePeriodDays ?? null,
    currency,
    effectiveDate: input.effectiveDate,
    expirationDate: input.expirationDate ?? null,
    duration: data.duration,
    durationUntil: data.durationUntil ? new Date(data.durationUntil) : null,
    maxApplications: data.maxApplications ?? null,
    applicationPeriodCount: data.applicationPeriod?.count ?? null,
    applicationPeriodUnit: data.applicationPeriod?.unit ?? null,
    approvalMethod: data.approvalMethod,
    approvalUnit,
    billingFrequencies: data.billingFrequencies ?? [],
    productIds: data.productIds ?? [],
    productTypeIds: data.productTypeIds ?? [],
    includedSegmentIds: data.includedSegmentIds ?? [],
    excludedSegmentIds: data.excludedSegmentIds ?? [],
  };
}

export async function createDefinition(ctx: GraphQLContext, input: CreateAdditiveDiscountDefinitionInput): Promise<AdditiveDiscountDefinition> {
  const values = await checkDefinitionInput(ctx, input);
  const definition = ctx.em.create(AdditiveDiscountDefinition, values as never) as AdditiveDiscountDefinition;
  await assignOwnership(ctx, definition, 'ADDITIVE_DISCOUNT_DEFINITION');
  await ctx.em.flush();
  recordAudit(ctx, { action: 'create', entityType: 'AdditiveDiscountDefinition', entityId: definition.id, after: auditSnapshot(definition) });
  return definition;
}

/**
 * Replaces a definition's terms. Discounts already given keep their values; the target and the
 * application cannot change once discounts exist (CONFLICT). The owner and privacy level stay.
 */
export async function updateDefinition(ctx: GraphQLContext, id: string, input: CreateAdditiveDiscountDefinitionInput): Promise<AdditiveDiscountDefinition> {
  const definition = await getReadable(ctx, AdditiveDiscountDefinition, 'AdditiveDiscountDefinition', id, { action: 'update' });
  const values = await checkDefinitionInput(ctx, input);
  if ((values.target !== definition.target || values.application !== definition.application) && (await ctx.em.count(AdHocDiscount, { definition }))) {
    throw conflict(`Definition ${id} has ad hoc discounts: its target and application cannot change`);
  }
  const before = auditSnapshot(definition);
  ctx.em.assign(definition, values as never);
  await ctx.em.flush();
  recordAudit(ctx, { action: 'update', entityType: 'AdditiveDiscountDefinition', entityId: definition.id, before, after: auditSnapshot(definition) });
  return definition;
}

export function listDefinitions(ctx: GraphQLContext, filter: { target?: DiscountTarget | null; application?: string | null; search?: string | null } = {}): Promise<AdditiveDiscountDefinition[]> {
  const search = containsPattern('search', filter.search);
  const where: FilterQuery<AdditiveDiscountDefinition> = {
    $and: [
      filter.target ? { target: filter.target } : {},
      filter.application ? { application: filter.application } : {},
      search ? { name: { $ilike: search } } : {},
      accessFilter<AdditiveDiscountDefinition>(ctx, 'read', 'AdditiveDiscountDefinition'),
    ],
  } as FilterQuery<AdditiveDiscountDefinition>;
  return ctx.em.find(AdditiveDiscountDefinition, where, { orderBy: { name: 'asc', id: 'asc' }, limit: MAX_LIST_SIZE });
}

/** A definition the viewer may see, else null. */
export async function findDefinition(ctx: GraphQLContext, id: string): Promise<AdditiveDiscountDefinition | null> {
  return getReadable(ctx, AdditiveDiscountDefinition, 'AdditiveDiscountDefinition', id).catch(() => null);
}
