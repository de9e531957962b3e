/**
 * Turns the GraphQL inputs of offers and templates into @perkflow/domain offer rules: the domain checks
 * the values, this file checks that every referenced record exists (BAD_USER_INPUT naming the field).
 */
import {
  checkAwardConditions,
  checkAwardRule,
  checkAwardValidity,
  checkOfferValidity,
  checkSpendConditions,
  type AwardConditionsRule,
  type AwardRule,
  type AwardValidityRule,
  type OfferClassification,
  type OfferValidityRule,
  type Result,
  type SpendConditionsRule,
} from '@perkflow/domain';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';
import { Group } from '../access/group.entity.js';
import { Unit } from '../access/unit.entity.js';
import { getAllReferenced } from '../catalogue/input-checks.js';
import { ProductFamily } from '../catalogue/product-family.entity.js';
import { ProductType } from '../catalogue/product-type.entity.js';
import { Product } from '../catalogue/product.entity.js';
import { Segment } from '../catalogue/segment.entity.js';
import { RewardOfferType } from './reward-config.entity.js';
import { RewardScheme } from './reward-scheme.entity.js';
import type { AwardConditionsInput, AwardInput, AwardValidityInput, OfferValidityInput, SpendConditionsInput } from './rewards.types.js';

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw badInput(result.field ?? 'input', result.explanation);
  return result.value;
}

const ids = (list: readonly string[] | null | undefined): string[] => [...new Set((list ?? []).map(String))];

/** `currency`: the scheme's, for an offer (a fixed amount is exact to its minor unit); templates have none. */
export async function toAwardRule(ctx: GraphQLContext, input: AwardInput, classification: OfferClassification, field: string, currency?: string): Promise<AwardRule> {
  const award = unwrap(
    checkAwardRule(
      {
        kind: input.kind,
        amount: input.amount ?? null,
        percentage: input.percentage ?? null,
        within: input.within ?? null,
        considerOfferTypeIds: ids(input.considerOfferTypeIds),
        considerSchemeIds: ids(input.considerSchemeIds),
      },
      classification,
      field,
      currency,
    ),
  );
  await getAllReferenced(ctx, RewardOfferType, 'RewardOfferType', award.considerOfferTypeIds, `${field}.considerOfferTypeIds`);
  await getAllReferenced(ctx, RewardScheme, 'RewardScheme', award.considerSchemeIds, `${field}.considerSchemeIds`);
  return award;
}

export function toOfferValidity(input: OfferValidityInput, field: string): OfferValidityRule {
  return unwrap(
    checkOfferValidity(
      {
        kind: input.kind,
        validFrom: input.validFrom ? input.validFrom.toISOString() : null,
        validTo: input.validTo ? input.validTo.toISOString() : null,
        daysBefore: input.daysBefore,
        daysAfter: input.daysAfter,
        fromDay: input.fromDay,
        fromMonth: input.fromMonth,
        toDay: input.toDay,
        toMonth: input.toMonth,
      },
      field,
    ),
  );
}

export function toAwardValidity(input: AwardValidityInput, field: string): AwardValidityRule {
  return unwrap(checkAwardValidity({ kind: input.kind, after: input.after ?? null, until: input.until ? input.until.toISOString() : null }, field));
}

export async function toAwardConditions(ctx: GraphQLContext, input: AwardConditionsInput, field: string): Promise<AwardConditionsRule> {
  const conditions = unwrap(
    checkAwardConditions(
      {
        numberOfAwards: input.numberOfAwards,
        includedSegmentIds: ids(input.includedSegmentIds),
        excludedSegmentIds: ids(input.excludedSegmentIds),
        allowedGroupIds: ids(input.allowedGroupIds),
        allowedUnitIds: ids(input.allowedUnitIds),
        allowedAreas: input.allowedAreas ?? [],
        allowedCities: input.allowedCities ?? [],
        allowedDistricts: input.allowedDistricts ?? [],
      },
      field,
    ),
  );
  for (const key of ['includedSegmentIds', 'excludedSegmentIds'] as const) {
    const segments = await getAllReferenced(ctx, Segment, 'Segment', conditions[key], `${field}.${key}`);
    const other = segments.findIndex((s) => s.entity !== 'CUSTOMER');
    if (other >= 0) throw badInput(`${field}.${key}.${other}`, `segment "${segments[other]!.name}" is a segment of ${segments[other]!.entity.toLowerCase()}s; reward offers use customer segments (rewards participants)`);
  }
  await getAllReferenced(ctx, Group, 'Group', conditions.allowedGroupIds, `${field}.allowedGroupIds`);
  await getAllReferenced(ctx, Unit, 'Unit', conditions.allowedUnitIds, `${field}.allowedUnitIds`);
  return conditions;
}

export async function toSpendConditions(ctx: GraphQLContext, input: SpendConditionsInput, field: string): Promise<SpendConditionsRule> {
  const conditions = unwrap(
    checkSpendConditions(
      {
        days: input.days ?? [],
        hourRanges: input.hourRanges ?? [],
        afterAwarding: input.afterAwarding ?? null,
        productIds: ids(input.productIds),
        productTypeIds: ids(input.productTypeIds),
        productFamilyIds: ids(input.productFamilyIds),
        allowedGroupIds: ids(input.allowedGroupIds),
        allowedUnitIds: ids(input.allowedUnitIds),
      },
      field,
    ),
  );
  await getAllReferenced(ctx, Product, 'Product', conditions.productIds, `${field}.productIds`);
  await getAllReferenced(ctx, ProductType, 'ProductType', conditions.productTypeIds, `${field}.productTypeIds`);
  await getAllReferenced(ctx, ProductFamily, 'ProductFamily', conditions.productFamilyIds, `${field}.productFamilyIds`);
  await getAllReferenced(ctx, Group, 'Group', conditions.allowedGroupIds, `${field}.allowedGroupIds`);
  await getAllReferenced(ctx, Unit, 'Unit', conditions.allowedUnitIds, `${field}.allowedUnitIds`);
  return conditions;
}
