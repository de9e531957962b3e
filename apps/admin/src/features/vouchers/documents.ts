import { graphql, type ResultOf } from '../../graphql';

export const VoucherVerdictQuery = graphql(`
  query VoucherVerdict($code: String!, $unitId: ID!, $amount: Decimal, $productIds: [ID!], $writtenOffAt: DateTimeISO) {
    voucherVerdict(code: $code, unitId: $unitId, amount: $amount, productIds: $productIds, writtenOffAt: $writtenOffAt) {
      valid reason explanation code campaignName voucherKind voucherForm value currency minSpend usesLeft expiresAt customerName productIds
    }
  }
`);
export type Verdict = ResultOf<typeof VoucherVerdictQuery>['voucherVerdict'];

export const WriteOffVoucher = graphql(`
  mutation WriteOffVoucher($input: WriteOffInput!) {
    writeOffVoucher(input: $input) { id amount currency writtenOffAt merchantDate code { code } }
  }
`);

export const StoresAndProductsQuery = graphql(`
  query StoresAndProducts { units { id name timezone } products { id code name } }
`);

export const MerchantDaysQuery = graphql(`
  query MerchantDays($unitId: ID, $from: LocalDate!, $to: LocalDate!) {
    merchantDays(unitId: $unitId, from: $from, to: $to) {
      unit { id name } date writeOffs amount status confirmedAt auditedAt settledAt auditComment
      flags { id kind message }
      writeOffList { id amount currency writtenOffAt code { code } }
    }
  }
`);
export type MerchantDayRow = ResultOf<typeof MerchantDaysQuery>['merchantDays'][number];

export const ConfirmMerchantDay = graphql(`
  mutation ConfirmMerchantDay($unitId: ID!, $date: LocalDate!) { confirmMerchantDay(unitId: $unitId, date: $date) { date status } }
`);
export const AuditMerchantDay = graphql(`
  mutation AuditMerchantDay($unitId: ID!, $date: LocalDate!, $comment: String) { auditMerchantDay(unitId: $unitId, date: $date, comment: $comment) { date status flags { id } } }
`);
export const SettleMerchantDay = graphql(`
  mutation SettleMerchantDay($unitId: ID!, $date: LocalDate!) { settleMerchantDay(unitId: $unitId, date: $date) { date status } }
`);

export const VoucherCampaignsQuery = graphql(`
  query VoucherCampaigns { campaigns { id name kind state } }
`);

export const VoucherReportQuery = graphql(`
  query VoucherReport($campaignId: ID!, $from: LocalDate!, $to: LocalDate!) {
    voucherReport(campaignId: $campaignId, from: $from, to: $to) {
      issued target claimRate used writtenOff useRate writeOffRate customersUsed spend
      byChannel { key issued redemptions applied }
      byPeriod { period issued writeOffs amount }
    }
  }
`);

/** A local date YYYY-MM-DD, `days` from today (browser time). */
export function isoDate(days = 0): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
