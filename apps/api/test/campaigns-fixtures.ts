import { fixtures } from './fixtures.js';
import type { TestApp } from './harness.js';

export const CAMPAIGN_FIELDS = `id name kind state pausedReason discountKind percentage amount maxDiscount currency startsAt expiresAt timezone
  budget { period amount spent remaining burnRatePerDay projectedExhaustionAt periodKey }
  maxRedemptionsPerCode maxRedemptionsPerCustomer maxRedemptions minSpend stacking stackingGroup maxCodesPerOrder maxIssued onePerCustomer
  voucherKind voucherForm includedSegments { id } excludedSegments { id } products { id } productTypes { id } allowedUnits { id }
  codesCount redemptionsCount ownedByGroup { id } privacyLevel { id }`;

export const DAY = 86_400_000;

export interface CampaignRow {
  id: string;
  state: string;
  budget: { period: string; amount: string; spent: string; remaining: string; burnRatePerDay: string; projectedExhaustionAt: string | null; periodKey: string } | null;
  [key: string]: unknown;
}

export interface RedeemAnswer {
  ok: boolean;
  reason: string | null;
  explanation: string;
  redemption: { id: string; discount: string; state: string; test: boolean } | null;
}

/** Campaign helpers over the public API (as the super user unless a token is given). */
export function campaignFixtures(t: TestApp) {
  const f = fixtures(t);
  let seq = 0;
  const as = t.adminToken;
  const self = {
    ...f,
    async customer(name = `Customer ${++seq}`): Promise<string> {
      return (await t.ok<{ createCustomer: { id: string } }>('mutation($i:CreateCustomerInput!){ createCustomer(input:$i){ id } }', { i: { name } }, as)).createCustomer.id;
    },
    async productType(name: string): Promise<string> {
      return (await t.ok<{ createProductType: { id: string } }>('mutation($n:String!){ createProductType(name:$n){ id } }', { n: name }, as)).createProductType.id;
    },
    async product(code: string, typeId: string): Promise<string> {
      return (await t.ok<{ createProduct: { id: string } }>('mutation($i:CreateProductInput!){ createProduct(input:$i){ id } }', { i: { code, name: code, typeId } }, as)).createProduct.id;
    },
    async segment(name: string, memberIds: string[]): Promise<string> {
      return (await t.ok<{ createSegment: { id: string } }>('mutation($i:CreateSegmentInput!){ createSegment(input:$i){ id } }', { i: { name, entity: 'CUSTOMER', memberIds } }, as)).createSegment.id;
    },
    /** Creates a campaign (AMOUNT 10.00 EUR, started yesterday, expiring in 30 days by default). */
    async campaign(input: Record<string, unknown> = {}, token = as): Promise<CampaignRow> {
      const now = Date.now();
      const i = {
        name: `Campaign ${++seq} ${Math.random().toString(36).slice(2, 8)}`,
        kind: 'DISCOUNT_CODE',
        discountKind: 'AMOUNT',
        amount: '10.00',
        currency: 'EUR',
        startsAt: new Date(now - DAY).toISOString(),
        expiresAt: new Date(now + 30 * DAY).toISOString(),
        ...input,
      };
      return (await t.ok<{ createCampaign: CampaignRow }>(`mutation($i:CreateCampaignInput!){ createCampaign(input:$i){ ${CAMPAIGN_FIELDS} } }`, { i }, token)).createCampaign;
    },
    async activate(id: string, token = as): Promise<{ campaign: CampaignRow; conflicts: { campaign: { id: string }; reasons: string[] }[] }> {
      return (await t.ok<{ activateCampaign: { campaign: CampaignRow; conflicts: { campaign: { id: string }; reasons: string[] }[] } }>(
        `mutation($id:ID!){ activateCampaign(id:$id){ campaign { ${CAMPAIGN_FIELDS} } conflicts { campaign { id } reasons } } }`,
        { id },
        token,
      )).activateCampaign;
    },
    /** An active campaign with `codes` imported codes; returns the campaign and the codes. */
    async activeCampaignWithCodes(input: Record<string, unknown> = {}, codes = 1): Promise<{ campaign: CampaignRow; codes: string[] }> {
      const campaign = await self.campaign(input);
      const list = Array.from({ length: codes }, () => `T${Math.random().toString(36).slice(2, 12).toUpperCase()}`);
      if (codes) await t.ok('mutation($c:ID!,$l:[String!]!){ importCodes(campaignId:$c, codes:$l) }', { c: campaign.id, l: list }, as);
      await self.activate(campaign.id);
      return { campaign, codes: list };
    },
    order(amount = '100.00', extra: Record<string, unknown> = {}) {
      return { amount, currency: 'EUR', ...extra };
    },
    async validate(code: string, customerId: string, order: Record<string, unknown> = self.order(), token = as, test = false) {
      return (await t.ok<{ validateCode: { valid: boolean; reason: string | null; explanation: string; discount: string | null } }>(
        'query($i:RedemptionInput!){ validateCode(input:$i){ valid reason explanation discount } }',
        { i: { code, customerId, order, test } },
        token,
      )).validateCode;
    },
    async redeem(code: string, customerId: string, order: Record<string, unknown> = self.order(), key = `k-${Math.random()}`, token = as, test = false): Promise<RedeemAnswer> {
      const result = await t.gql<{ redeemCode: RedeemAnswer }>(
        'mutation($i:RedemptionInput!,$k:String!){ redeemCode(input:$i, idempotencyKey:$k){ ok reason explanation redemption { id discount state test } } }',
        { i: { code, customerId, order, test }, k: key },
        token,
      );
      if (result.errors?.length) throw new Error(`redeemCode errors: ${JSON.stringify(result.errors)}`);
      return result.data!.redeemCode;
    },
    async rollback(id: string, reason = 'refund', token = as) {
      return t.gql<{ rollbackRedemption: { id: string; state: string; rolledBackAt: string | null } }>(
        'mutation($id:ID!,$r:String){ rollbackRedemption(id:$id, reason:$r){ id state rolledBackAt rollbackReason } }',
        { id, r: reason },
        token,
      );
    },
    async getCampaign(id: string, token = as): Promise<CampaignRow | null> {
      return (await t.ok<{ campaign: CampaignRow | null }>(`query($id:ID!){ campaign(id:$id){ ${CAMPAIGN_FIELDS} } }`, { id }, token)).campaign;
    },
    /** A PORTAL API key (a machine client) for redemptions. */
    async portalKey(groupId?: string): Promise<string> {
      // A portal of the super user's group: it sees the campaigns the super user creates (SPEC §1).
      const group = groupId ?? (await f.adminGroup());
      const user = await f.user(`portal${++seq}-${Math.random().toString(36).slice(2, 6)}@example.com`, ['PORTAL'], group);
      return (await t.ok<{ createApiKey: { secret: string } }>('mutation($n:String!,$u:ID!){ createApiKey(name:$n, userId:$u){ secret } }', { n: `portal ${seq}`, u: user.id }, as)).createApiKey.secret;
    },
  };
  return self;
}
