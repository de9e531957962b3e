import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context.js';
import { Can } from '../../graphql/guard.js';
import { DecimalScalar } from '../../graphql/scalars.js';
import { CampaignReportType } from './campaign.types.js';
import { campaignMonthlyReports, campaignReport, type CampaignReport } from './campaign-report.js';

@Resolver(() => CampaignReportType)
export class CampaignReportResolver {
  @Query(() => CampaignReportType, { description: 'The report of one calendar month ("YYYY-MM") in the campaign time zone, with the month-end variance' })
  @Can('read', 'Report')
  campaignReport(@Ctx() ctx: GraphQLContext, @Arg('campaignId', () => ID) campaignId: string, @Arg('month') month: string): Promise<CampaignReport> {
    return campaignReport(ctx, campaignId, month);
  }

  @Query(() => [CampaignReportType], { description: 'One report per month from `from` to `to` ("YYYY-MM", at most 36): the variance table' })
  @Can('read', 'Report')
  campaignMonthlyReports(@Ctx() ctx: GraphQLContext, @Arg('campaignId', () => ID) campaignId: string, @Arg('from') from: string, @Arg('to') to: string): Promise<CampaignReport[]> {
    return campaignMonthlyReports(ctx, campaignId, from, to);
  }

  @FieldResolver(() => DecimalScalar, { description: 'Discount applied from the campaign start to the end of the month (a TOTAL budget’s variance compares this)' })
  appliedToDate(@Root() report: CampaignReport): string {
    return report.appliedToDate;
  }

  @FieldResolver(() => String, { description: 'The time zone the month is taken in (the campaign’s)' })
  timezone(@Root() report: CampaignReport): string {
    return report.timezone;
  }

  @FieldResolver(() => Date, { description: 'First instant of the month (UTC)' })
  periodStart(@Root() report: CampaignReport): Date {
    return report.periodStart;
  }

  @FieldResolver(() => Date, { description: 'First instant of the next month (UTC, exclusive)' })
  periodEnd(@Root() report: CampaignReport): Date {
    return report.periodEnd;
  }
}
