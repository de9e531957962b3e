import { csvDownload } from '../../http/csv-response.js';
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
        csvDownload(contextFor, async (ctx, q) => {
          assertCanReadReports(ctx);
          const report = await rewardsReport(ctx, q.schemeId ?? '', q.from ?? '', q.to ?? '');
          return { filename: `rewards-${report.schemeId}-${report.from}-${report.to}.csv`, ...rewardsReportCsv(report) };
        }),
      ),
  ],
};
