import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { parentOf } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { Can } from '../../graphql/guard.js';
import { Campaign } from './campaign.entity.js';
import { CampaignType, CodeBatchType, CodePatternInput } from './campaign.types.js';
import { CodeBatch } from './code.entity.js';
import { isStalled } from '../../jobs/job-queue.js';
import { findCodeBatch, listCodeBatches, requestCodeGeneration } from './code-generation.js';

@Resolver(() => CodeBatchType)
export class CodeBatchResolver {
  @Mutation(() => CodeBatchType, { description: 'Generates codes from a pattern in the background; follow the progress with codeBatch(id)' })
  @Can('create', 'Code')
  generateCodes(
    @Ctx() ctx: GraphQLContext,
    @Arg('campaignId', () => ID) campaignId: string,
    @Arg('count', () => Int) count: number,
    @Arg('pattern', () => CodePatternInput, { nullable: true }) pattern?: CodePatternInput | null,
  ): Promise<CodeBatch> {
    return requestCodeGeneration(ctx, campaignId, count, pattern);
  }

  @Query(() => CodeBatchType, { nullable: true })
  @Can('read', 'Code')
  codeBatch(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<CodeBatch | null> {
    return findCodeBatch(ctx, id);
  }

  @Query(() => [CodeBatchType], { description: 'The latest 100 generation batches of a campaign, newest first' })
  @Can('read', 'Code')
  codeBatches(@Ctx() ctx: GraphQLContext, @Arg('campaignId', () => ID) campaignId: string): Promise<CodeBatch[]> {
    return listCodeBatches(ctx, campaignId);
  }

  @FieldResolver(() => CampaignType)
  campaign(@Ctx() ctx: GraphQLContext, @Root() batch: CodeBatch): Promise<Campaign> {
    return parentOf(ctx, Campaign, batch.campaign.id);
  }

  @FieldResolver(() => Date)
  createdAt(@Root() batch: CodeBatch): Date {
    return batch.createdAt;
  }

  @FieldResolver(() => Date, { nullable: true })
  finishedAt(@Root() batch: CodeBatch): Date | null {
    return batch.finishedAt ?? null;
  }

  @FieldResolver(() => Date, { nullable: true, description: 'When the batch last committed a chunk (or was re-queued)' })
  heartbeatAt(@Root() batch: CodeBatch): Date | null {
    return batch.heartbeatAt ?? null;
  }

  @FieldResolver(() => Boolean, { description: 'RUNNING without progress for over 30 s: its worker stopped; the sweeper re-queues it, resuming from the last chunk' })
  stalled(@Root() batch: CodeBatch): boolean {
    return isStalled(batch.status === 'RUNNING', batch.heartbeatAt);
  }

  @FieldResolver(() => String, { description: 'The pattern used, e.g. "JAZZ" + 8 of ABCDEFGHJKMNPQRSTUVWXYZ23456789' })
  patternDescription(@Root() batch: CodeBatch): string {
    const p = batch.pattern;
    return `${p.prefix ? `"${p.prefix}" + ` : ''}${p.length} of ${p.charset}${p.postfix ? ` + "${p.postfix}"` : ''}`;
  }
}
