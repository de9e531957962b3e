import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context.js';
import { Can } from '../../graphql/guard.js';
import { LocalDateScalar } from '../../graphql/scalars.js';
import { rewardsReport } from './rewards-report.service.js';
import { RewardsReportType } from './rewards-report.types.js';

@Resolver()
export class ReportsResolver {
  @Query(() => RewardsReportType, {
    description: 'Rewards: awarded, spent, expired in [from, to) (scheme time zone) and the outstanding liability now. CSV: GET /api/reports/rewards.csv?schemeId=&from=&to=',
  })
  @Can('read', 'Report')
  rewardsReport(
    @Ctx() ctx: GraphQLContext,
    @Arg('schemeId', () => ID) schemeId: string,
    @Arg('from', () => LocalDateScalar) from: string,
    @Arg('to', () => LocalDateScalar) to: string,
  ): Promise<RewardsReportType> {
    return rewardsReport(ctx, schemeId, from, to);
  }
}
