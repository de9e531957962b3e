import { queryParam, route, sendCsv } from '../../http/routes.js';
import { assertCanReadReports } from './report-access.js';
import type { PerkflowModule } from '../module.js';
import { ReportsResolver } from './reports.resolver.js';
import { rewardsReport, rewardsReportCsv } from './rewards-report.service.js';

/** Cross-module reports (SPEC §8) that belong to no single module's screens. */
export const reportsModule: PerkflowModule = {
  name: 'reports',
  entities: [],
  resolvers: [ReportsResolver],
  routes: [
    (router, { contextFor }) =>
      router.get(
        '/reports/rewards.csv',
        route(contextFor, async (ctx, req, res) => {
          assertCanReadReports(ctx);
          const report = await rewardsReport(ctx, queryParam(req, 'schemeId'), queryParam(req, 'from'), queryParam(req, 'to'));
          sendCsv(res, `rewards-${report.schemeId}-${report.from}-${report.to}`, rewardsReportCsv(report));
        }),
      ),
  ],
};
