// GET /api/vouchers/report.csv?campaignId=…&from=YYYY-MM-DD&to=YYYY-MM-DD — the voucher statistics of
// voucherReport as CSV (SPEC §8: everything in reports is exportable): the figures, then per channel,
// then per period. Same access as the query (read Report, campaign visible).
import { assertCanReadReports } from '../reports/report-access.js';
import { queryParam, route, sendCsv } from '../../http/routes.js';
import type { HttpRouteDefinition } from '../../http/server.js';
import type { VoucherReportType } from './vouchers.types.js';
import { voucherReport } from './voucher-report.service.js';

/** The CSV rows of a voucher report: a header, the figures, a blank line, per channel, a blank line, per period. */
export function voucherReportCsvRows(r: VoucherReportType): unknown[][] {
  return [
    ['figure', 'value'],
    ['from', r.from],
    ['to', r.to],
    ['issued', r.issued],
    ['target', r.target],
    ['claim_rate', r.claimRate],
    ['used', r.used],
    ['use_rate', r.useRate],
    ['written_off', r.writtenOff],
    ['write_off_rate', r.writeOffRate],
    ['customers_used', r.customersUsed],
    ['spend', r.spend],
    [],
    ['channel', 'issued', 'redemptions', 'applied'],
    ...r.byChannel.map((c) => [c.key, c.issued, c.redemptions, c.applied]),
    [],
    ['period', 'issued', 'write_offs', 'amount'],
    ...r.byPeriod.map((p) => [p.period, p.issued, p.writeOffs, p.amount]),
  ];
}

export const voucherReportRoute: HttpRouteDefinition = (router, { contextFor }) => {
  router.get(
    '/vouchers/report.csv',
    route(contextFor, async (ctx, req, res) => {
      assertCanReadReports(ctx);
      const report = await voucherReport(ctx, queryParam(req, 'campaignId'), queryParam(req, 'from'), queryParam(req, 'to'));
      sendCsv(res, `vouchers-${queryParam(req, 'campaignId')}-${report.from}-${report.to}`, voucherReportCsvRows(report));
    }),
  );
};
