import { expect } from 'vitest';
import type { GraphQLResponse, TestApp } from './harness.js';

export const OFFER_FIELDS = `id number name alternativeCode description classification lifeCycleState latestEffectiveDate evaluationMethod applyIfBestAward
  scheme { id } type { id } category { id name } template { id }
  award { kind amount percentage within { count unit } considerOfferTypes { id } considerSchemes { id } }
  validity { kind validFrom validTo daysBefore daysAfter fromDay fromMonth toDay toMonth }
  awardValidity { kind after { count unit } until }
  awardConditions { numberOfAwards includedSegments { id } excludedSegments { id } allowedGroups { id } allowedUnits { id } allowedAreas allowedCities allowedDistricts }
  spendConditions { days hourRanges { from to } afterAwarding { count unit } products { id } productTypes { id } productFamilies { id } allowedGroups { id } allowedUnits { id } }
  ownedByGroup { id } privacyLevel { id }`;

export const WALLET_FIELDS = 'balance awards { id amount remaining createdAt expiresAt expired offer { id name } event { id } } spends { id amount performedAt unit { id } products { id } }';

export function expectBadInput(result: GraphQLResponse<unknown>, field: string) {
  expect(result.errors?.[0]?.extensions, JSON.stringify(result.errors)).toMatchObject({ code: 'BAD_USER_INPUT', field });
  expect(result.errors?.[0]?.message).toContain(field);
}

/** Reward configuration and flows through the public API as the super user (or the given token). */
export function rewardFixtures(t: TestApp) {
  const as = t.adminToken;
  const id = async (mutation: string, variables: Record<string, unknown>, token = as): Promise<string> => {
    const data = await t.ok<Record<string, { id: string }>>(mutation, variables, token);
    return Object.values(data)[0]!.id;
  };
  return {
    category: (name: string) => id('mutation($n:String!){ createRewardOfferCategory(name:$n){ id } }', { n: name }),
    type: (name: string, classification: string, allowedCategoryIds: string[] = []) =>
      id('mutation($i:CreateRewardOfferTypeInput!){ createRewardOfferType(input:$i){ id } }', { i: { name, classification, allowedCategoryIds } }),
    scheme: (name: string, timezone = 'Europe/Athens', currency = 'EUR') =>
      id('mutation($i:CreateRewardSchemeInput!){ createRewardScheme(input:$i){ id } }', { i: { name, timezone, currency } }),
    customer: (name: string, extra: Record<string, unknown> = {}) => id('mutation($i:CreateCustomerInput!){ createCustomer(input:$i){ id } }', { i: { name, ...extra } }),
    enrol: (schemeId: string, customerId: string) => id('mutation($s:ID!,$c:ID!){ enrollParticipant(schemeId:$s, customerId:$c){ id } }', { s: schemeId, c: customerId }),
    /** Creates an offer and makes it effective. */
    async offer(input: Record<string, unknown>, { effective = true } = {}): Promise<string> {
      const offerId = await id('mutation($i:CreateRewardOfferInput!){ createRewardOffer(input:$i){ id } }', { i: input });
      if (effective) await t.ok('mutation($id:ID!){ setRewardOfferEffective(id:$id, effective:true){ id } }', { id: offerId }, as);
      return offerId;
    },
    event: (customerId: string, performedAt: string, extra: Record<string, unknown> = {}) =>
      id('mutation($i:SubmitCustomerEventInput!){ submitCustomerEvent(input:$i){ id } }', { i: { customerId, kind: 'PURCHASE', performedAt, ...extra } }),
    async run(): Promise<{ id: string; eventsProcessed: number; awardsCreated: number; totalAwarded: string; finishedAt: string | null }> {
      return (await t.ok<{ runRewards: never }>('mutation{ runRewards{ id eventsProcessed awardsCreated totalAwarded finishedAt } }', {}, as)).runRewards;
    },
    async wallet(customerId: string, schemeId: string) {
      return (
        await t.ok<{ wallet: { balance: string; awards: { id: string; amount: string; remaining: string; expiresAt: string | null; expired: boolean; offer: { id: string } }[]; spends: { amount: string }[] } }>(
          `query($c:ID!,$s:ID!){ wallet(customerId:$c, schemeId:$s){ ${WALLET_FIELDS} } }`,
          { c: customerId, s: schemeId },
          as,
        )
      ).wallet;
    },
    spend: (input: Record<string, unknown>, token = as) =>
      t.gql<{ spendAwards: { id: string; amount: string } }>('mutation($i:SpendAwardsInput!){ spendAwards(input:$i){ id amount performedAt } }', { i: input }, token),
  };
}
