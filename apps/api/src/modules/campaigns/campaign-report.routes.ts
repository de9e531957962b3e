// CSV exports of the campaign report (under /api): one month, or the month-by-month variance table.
import { stringify } from 'csv-stringify/sync';
import type { HttpRouteDefinition } from '../../http/server.js';
import { forbidden } from '../../graphql/errors.js';
import { campaignMonthlyReports, campaignReport, reportCsvRows, varianceCsvRows } from './campaign-report.js';
import { idParam, route, safeFileName } from './csv-http.js';

const query = (value: unknown): string => (typeof value === 'string' ? value : '');

export const campaignReportRoutes: HttpRouteDefinition = (router, { contextFor }) => {
  router.get(
    '/campaigns/:campaignId/report.csv',
    route(contextFor, async (ctx, req, res) => {
      if (!ctx.ability.can('read', 'Report')) throw forbidden('You may not read reports');
      const month = query(req.query.month);
      const report = await campaignReport(ctx, idParam(req, 'campaignId'), month);
      res.type('text/csv; charset=utf-8');
      res.setHeader('content-disposition', `attachment; filename="${safeFileName(`campaign-${report.campaign.id}-report-${report.month}`)}.csv"`);
      res.send(stringify(reportCsvRows(report)));
    }),
  );

  router.get(
    '/campaigns/:campaignId/variance.csv',
    route(contextFor, async (ctx, req, res) => {
      if (!ctx.ability.can('read', 'Report')) throw forbidden('You may not read reports');
      const reports = await campaignMonthlyReports(ctx, idParam(req, 'campaignId'), query(req.query.from), query(req.query.to));
      res.type('text/csv; charset=utf-8');
      res.setHeader('content-disposition', `attachment; filename="${safeFileName(`campaign-${req.params.campaignId}-variance-${query(req.query.from)}-${query(req.query.to)}`)}.csv"`);
      res.send(stringify(varianceCsvRows(reports)));
    }),
  );
};
