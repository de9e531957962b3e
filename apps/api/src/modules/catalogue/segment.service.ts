import { checkSegmentShape, normaliseName, validateSegmentRule, type SegmentDefinition, type SegmentEntityKind } from '@perkflow/domain';
import { accessFilter, getReadable } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';
import { checkPageSize, MAX_LIST_SIZE } from '../../graphql/pagination.js';
import { auditSnapshot, recordAudit } from '../audit/audit-trail.js';
import type { CreateSegmentInput, UpdateSegmentInput } from './catalogue.inputs.js';
import { Customer } from './customer.entity.js';
import { Job } from './job.entity.js';
import { getAllReferenced, likeLiteral } from './input-checks.js';
import { pageSegmentMembers, ruleFailureAsApiError } from './segment-membership.js';
import { Segment } from './segment.entity.js';
import { Subscription } from './subscription.entity.js';

export function listSegments(ctx: GraphQLContext, entity?: SegmentEntityKind | null): Promise<Segment[]> {
  return ctx.em.find(Segment, { $and: [entity ? { entity } : {}, accessFilter<Segment>(ctx, 'read', 'Segment')] }, { orderBy: { name: 'asc', id: 'asc' }, limit: MAX_LIST_SIZE });
}

function checkRule(entity: SegmentEntityKind, rule: Record<string, unknown> | null | undefined, field: string): Record<string, unknown> | null {
  if (rule == null) return null;
  const checked = validateSegmentRule(entity, rule);
  if (!checked.ok) throw badInput(field, checked.explanation);
  return rule;
}

/** Static members must be existing records of the segment's kind; stored as canonical ids, sorted, without duplicates. */
async function checkMembers(ctx: GraphQLContext, entity: SegmentEntityKind, ids: readonly string[], field: string): Promise<string[]> {
  if (ids.length > 10_000) throw badInput(field, 'at most 10000 members');
  const records =
    entity === 'CUSTOMER'
      ? await getAllReferenced(ctx, Customer, 'Customer', ids, field)
      : entity === 'SUBSCRIPTION'
        ? await getAllReferenced(ctx, Subscription, 'Subscription', ids, field)
        : await getAllReferenced(ctx, Job, 'Job', ids, field);
  return [...new Set(records.map((r) => String(r.id)))].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
}

async function checkName(ctx: GraphQLContext, raw: string, exceptId?: string): Promise<string> {
  const name = normaliseName(raw);
  if (!name.ok) throw badInput('input.name', name.explanation);
  const clash = await ctx.em.findOne(Segment, { name: { $ilike: likeLiteral(name.value) } });
  if (clash && clash.id !== exceptId) throw badInput('input.name', `a segment named "${name.value}" exists already`);
  return name.value;
}

async function checkDefinition(ctx: GraphQLContext, entity: SegmentEntityKind, rule: Record<string, unknown> | null | undefined, memberIds: readonly string[]) {
  const shape = checkSegmentShape(rule, memberIds);
  if (!shape.ok) throw badInput(`input.${shape.field}`, shape.explanation);
  return { rule: checkRule(entity, rule, 'input.rule'), memberIds: await checkMembers(ctx, entity, memberIds, 'input.memberIds') };
}

export async function createSegment(ctx: GraphQLContext, input: CreateSegmentInput): Promise<Segment> {
  const name = await checkName(ctx, input.name);
  const definition = await checkDefinition(ctx, input.entity, input.rule, input.memberIds ?? []);
  const segment = ctx.em.create(Segment, { name, entity: input.entity, ...definition });
  await ctx.em.flush();
  recordAudit(ctx, { action: 'create', entityType: 'Segment', entityId: segment.id, after: auditSnapshot(segment) });
  return segment;
}

/** A segment switches between static and dynamic by giving a rule (members cleared) or member ids (rule cleared). */
export async function updateSegment(ctx: GraphQLContext, id: string, input: UpdateSegmentInput): Promise<Segment> {
  const segment = await getReadable(ctx, Segment, 'Segment', id, { action: 'update' });
  const before = auditSnapshot(segment);
  if (input.name != null) segment.name = await checkName(ctx, input.name, segment.id);
  if (input.rule != null || input.memberIds != null) {
    const definition = await checkDefinition(ctx, segment.entity, input.rule, input.memberIds ?? []);
    segment.rule = definition.rule;
    segment.memberIds = definition.memberIds;
  }
  await ctx.em.flush();
  recordAudit(ctx, { action: 'update', entityType: 'Segment', entityId: segment.id, before, after: auditSnapshot(segment) });
  return segment;
}

export async function deleteSegment(ctx: GraphQLContext, id: string): Promise<boolean> {
  const segment = await getReadable(ctx, Segment, 'Segment', id, { action: 'delete' });
  const before = auditSnapshot(segment);
  ctx.em.remove(segment);
  await ctx.em.flush();
  recordAudit(ctx, { action: 'delete', entityType: 'Segment', entityId: id, before });
  return true;
}

function decodeAfter(after: string | null | undefined): string | null {
  if (after == null) return null;
  try {
    const [id] = JSON.parse(Buffer.from(after, 'base64url').toString('utf8')) as unknown[];
    if (typeof id === 'string' && /^\d{1,18}$/.test(id)) return id;
  } catch {
    // fall through
  }
  throw badInput('after', 'is not a cursor of this list');
}

function encodeCursor(id: string): string {
  return Buffer.from(JSON.stringify([id])).toString('base64url');
}

export interface SegmentMembersResult {
  entity: SegmentEntityKind;
  memberIds: string[];
  customers: object[];
  subscriptions: object[];
  jobs: object[];
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
  totalCount: number;
  complete: boolean;
}

/** `ruleField`: the argument that carried an unsaved rule (a preview); its cost errors are BAD_USER_INPUT there. */
async function pageMembers(
  ctx: GraphQLContext,
  entity: SegmentEntityKind,
  definition: SegmentDefinition,
  args: { first?: number | null; after?: string | null },
  ruleField?: string,
): Promise<SegmentMembersResult> {
  const first = checkPageSize(args.first);
  const afterId = decodeAfter(args.after);
  let page;
  try {
    page = await pageSegmentMembers(ctx.em, entity, definition, { first, afterId });
  } catch (error) {
    throw ruleFailureAsApiError(error, ruleField);
  }
  const last = page.ids[page.ids.length - 1];
  return {
    entity,
    memberIds: page.ids,
    customers: entity === 'CUSTOMER' ? page.records : [],
    subscriptions: entity === 'SUBSCRIPTION' ? page.records : [],
    jobs: entity === 'JOB' ? page.records : [],
    pageInfo: { endCursor: last ? encodeCursor(last) : (args.after ?? null), hasNextPage: page.hasNextPage },
    totalCount: page.totalCount,
    complete: page.complete,
  };
}

/** The members of a saved segment, a page at a time. */
export async function segmentMembers(ctx: GraphQLContext, segmentId: string, args: { first?: number | null; after?: string | null }): Promise<SegmentMembersResult> {
  const segment = await getReadable(ctx, Segment, 'Segment', segmentId);
  return pageMembers(ctx, segment.entity, segment, args);
}

/** The members an unsaved rule would have (the admin's "members preview"); the rule is validated as on save. */
export function previewSegment(ctx: GraphQLContext, entity: SegmentEntityKind, rule: Record<string, unknown>, args: { first?: number | null; after?: string | null }): Promise<SegmentMembersResult> {
  return pageMembers(ctx, entity, { rule: checkRule(entity, rule, 'rule'), memberIds: [] }, args, 'rule');
}
