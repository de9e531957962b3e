import { campaignFixtures, DAY } from './campaigns-fixtures.js';
import type { GraphQLResponse, TestApp } from './harness.js';

export const WRITE_OFF_FIELDS = 'id amount currency writtenOffAt createdAt merchantDate voucherValue code { code } unit { id } products { id } writtenOffBy { id }';

export interface WriteOffRow {
  id: string;
  amount: string;
  writtenOffAt: string;
  merchantDate: string;
  code: { code: string };
  unit: { id: string };
  products: { id: string }[];
  writtenOffBy: { id: string };
}

const ALL_DAY = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' }));

/**
 * A voucher world: a retail group with stores A and B (open around the clock, so live write-offs are
 * never "outside hours" whatever the time the test runs) and C, a merchant for each of A and B, a
 * finance manager, and helpers over the public API.
 */
export async function voucherWorld(t: TestApp) {
  const f = campaignFixtures(t);
  const as = t.adminToken;
  const group = await f.group(`Retail ${Math.random().toString(36).slice(2, 7)}`);
  // The retail partners see the voucher campaigns the super user's group owns (SPEC §1 visibility).
  await f.seeAdminGroup(group);
  const storeA = await f.unit('Store A', group);
  const storeB = await f.unit('Store B', group);
  const storeC = await f.unit('Store C', group);
  for (const unit of [storeA, storeB]) {
    await t.ok('mutation($u:ID!,$h:[OpeningHoursInput!]!){ setStoreOpeningHours(unitId:$u, hours:$h){ weekday } }', { u: unit, h: ALL_DAY }, as);
  }
  const merchantA = await f.user(`merchant-a-${Math.random().toString(36).slice(2, 7)}@example.com`, ['MERCHANT'], group, { unitId: storeA });
  const merchantB = await f.user(`merchant-b-${Math.random().toString(36).slice(2, 7)}@example.com`, ['MERCHANT'], group, { unitId: storeB });
  const finance = await f.user(`finance-${Math.random().toString(36).slice(2, 7)}@example.com`, ['FINANCE_MANAGER'], group);
  const agent = await f.user(`agent-${Math.random().toString(36).slice(2, 7)}@example.com`, ['AGENT'], group);
  let seq = 0;
  const self = {
    ...f,
    group,
    storeA,
    storeB,
    storeC,
    merchantA,
    merchantB,
    finance,
    agent,
    /** An ACTIVE voucher campaign (50.00 EUR service voucher, accepted at stores A and B) with `codes` codes in its pool. */
    async voucherCampaign(input: Record<string, unknown> = {}, codes = 5) {
      return f.activeCampaignWithCodes({ kind: 'EXPERIENCE_VOUCHER', voucherKind: 'SERVICE', voucherForm: 'ELECTRONIC', amount: '50.00', allowedUnitIds: [storeA, storeB], ...input }, codes);
    },
    issue(campaignId: string, customerId: string, channel = 'WEBSITE', token = as) {
      return t.gql<{ issueCode: { code: string; channel: string; issuedAt: string; customer: { id: string } } }>(
        'mutation($c:ID!,$u:ID!,$ch:IssueChannel!){ issueCode(campaignId:$c, customerId:$u, channel:$ch){ code channel issuedAt customer { id } } }',
        { c: campaignId, u: customerId, ch: channel },
        token,
      );
    },
    async issued(campaignId: string, customerId: string, channel = 'WEBSITE'): Promise<string> {
      const r = await self.issue(campaignId, customerId, channel);
      if (r.errors?.length) throw new Error(`issueCode: ${JSON.stringify(r.errors)}`);
      return r.data!.issueCode.code;
    },
    /** A freshly issued voucher of a new campaign (for one customer). */
    async voucher(input: Record<string, unknown> = {}): Promise<{ code: string; campaignId: string; customerId: string }> {
      const { campaign } = await self.voucherCampaign(input, 1);
      const customerId = await f.customer(`Holder ${++seq}`);
      return { code: await self.issued(campaign.id, customerId), campaignId: campaign.id, customerId };
    },
    verify(code: string, unitId: string, amount?: string, token = merchantA.token) {
      return t.gql<{ verifyVoucher: { valid: boolean; reason: string | null; explanation: string; discount: string | null } }>(
        'query($c:String!,$u:ID!,$a:Decimal){ verifyVoucher(code:$c, unitId:$u, amount:$a){ valid reason explanation discount } }',
        { c: code, u: unitId, a: amount },
        token,
      );
    },
    writeOff(input: Record<string, unknown>, token = merchantA.token): Promise<GraphQLResponse<{ writeOffVoucher: WriteOffRow }>> {
      return t.gql<{ writeOffVoucher: WriteOffRow }>(`mutation($i:WriteOffInput!){ writeOffVoucher(input:$i){ ${WRITE_OFF_FIELDS} } }`, { i: { unitId: storeA, amount: '50.00', ...input } }, token);
    },
    async wroteOff(input: Record<string, unknown>, token = merchantA.token): Promise<WriteOffRow> {
      const r = await self.writeOff(input, token);
      if (r.errors?.length) throw new Error(`writeOffVoucher: ${JSON.stringify(r.errors)}`);
      return r.data!.writeOffVoucher;
    },
  };
  return self;
}

export { DAY };

/** Today's date (UTC, the test stores' zone). */
export function todayUtc(offsetDays = 0): string {
  return new Date(Date.now() + offsetDays * DAY).toISOString().slice(0, 10);
}
