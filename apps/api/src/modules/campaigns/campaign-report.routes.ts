// CSV exports of the campaign report (under /api): one month, or the month-by-month variance table.
import { idParam, queryParam, route, sendCsv } from '../../http/routes.js';
import type { HttpRouteDefinition } from '../../http/server.js';
import { forbidden } from '../../graphql/errors.js';
import { campaignMonthlyReports, campaignReport, reportCsvRows, varianceCsvRows } from './campaign-report.js';

export const campaignReportRoutes: HttpRouteDefinition = (router, { contextFor }) => {
  router.get(
    '/campaigns/:campaignId/report.csv',
    route(contextFor, async (ctx, req, res) => {
      if (!ctx.ability.can('read', 'Report')) throw forbidden('You may not read reports');
      const report = await campaignReport(ctx, idParam(req, 'campaignId'), queryParam(req, 'month'));
      sendCsv(res, `campaign-${report.campaign.id}-report-${report.month}`, reportCsvRows(report));
    }),
  );

  router.get(
    '/campaigns/:campaignId/variance.csv',
    route(contextFor, async (ctx, req, res) => {
      if (!ctx.ability.can('read', 'Report')) throw forbidden('You may not read reports');
      const [from, to] = [queryParam(req, 'from'), queryParam(req, 'to')];
      const reports = await campaignMonthlyReports(ctx, idParam(req, 'campaignId'), from, to);
      sendCsv(res, `campaign-${req.params.campaignId}-variance-${from}-${to}`, varianceCsvRows(reports));
    }),
  );
};
