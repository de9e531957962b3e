import { searchText } from '../../graphql/search.js';
import { randomBytes } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { sql } from './sql.js';
import { raw, type FilterQuery } from '@mikro-orm/core';
import { codeTextProblem, generateCode, MAX_CODE_TEXT_LENGTH, normaliseCode, resolveCodePattern, type RandomInt } from '@perkflow/domain';
import QRCode from 'qrcode';
import { scopeOfEm, visibleSql } from '../../database/visibility.js';
import { accessFilter } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { AppError, badInput, conflict, notFound } from '../../graphql/errors.js';
import { paginate, type Page } from '../../graphql/pagination.js';
import { auditSnapshot, recordAudit } from '../audit/audit-trail.js';
import { Customer } from '../catalogue/customer.entity.js';
import { Campaign } from './campaign.entity.js';
import { getCampaign } from './campaign.service.js';
import { chargeHiddenCollisions } from './fraud.service.js';
import { Code, type IssueChannel } from './code.entity.js';
import type { CodeFilter } from './campaign.types.js';

type Em = GraphQLContext['em'];

/**
 * A RandomInt backed by a pool of cryptographic random bytes, unbiased (rejection sampling): fast
 * enough for a million codes, unpredictable enough that codes cannot be guessed from each other.
 */
export function cryptoRandomInt(): RandomInt {
  let pool = randomBytes(0);
  let at = 0;
  return (max) => {
    if (max < 1 || max > 256) throw new RangeError(`max ${max} out of 1..256`);
    const limit = 256 - (256 % max);
    for (;;) {
      if (at >= pool.length) {
        pool = randomBytes(65_536);
        at = 0;
      }
      const byte = pool[at++];
      if (byte < limit) return byte % max;
    }
  };
}

/** The state the contract shows: DISABLED, EXHAUSTED when the cap is reached, else ACTIVE. */
export function codeState(code: Code, campaign: Pick<Campaign, 'maxRedemptionsPerCode'>): 'ACTIVE' | 'DISABLED' | 'EXHAUSTED' {
  if (code.state === 'DISABLED') return 'DISABLED';
  const cap = code.maxRedemptions ?? campaign.maxRedemptionsPerCode;
  return cap != null && code.redemptionsCount >= cap ? 'EXHAUSTED' : 'ACTIVE';
}

/**
 * Refuses a code argument that cannot be a code (empty, or longer than any code may be typed) with
 * BAD_USER_INPUT naming `field`, before any normalisation or database work.
 */
export function checkCodeText(text: string, field: string): void {
  const problem = codeTextProblem(text);
  if (problem) throw badInput(field, problem);
}

/** A code by its text (normalised), if the viewer may see its campaign. */
export async function findCode(ctx: GraphQLContext, text: string, field = 'code'): Promise<Code | null> {
  checkCodeText(text, field);
  const code = await ctx.em.findOne(Code, { code: normaliseCode(text) }, { populate: ['campaign'] });
  if (!code) return null;
  const visible = await ctx.em.count(Campaign, { $and: [{ id: code.campaign.id }, accessFilter<Campaign>(ctx, 'read', 'Campaign')] });
  return visible ? code : null;
}

export async function listCodes(ctx: GraphQLContext, campaignId: string, filter: CodeFilter | null | undefined, args: { first?: number; after?: string | null }): Promise<Page<Code>> {
  const campaign = await getCampaign(ctx, campaignId);
  const where: Record<string, unknown>[] = [{ campaign: campaign.id }];
  if (filter?.customerId) where.push({ customer: filter.customerId });
  if (filter?.issued != null) where.push(filter.issued ? { issuedAt: { $ne: null } } : { issuedAt: null });
  if (filter?.search && filter.search.length > MAX_CODE_TEXT_LENGTH) throw badInput('filter.search', `at most ${MAX_CODE_TEXT_LENGTH} characters`);
  const search = searchText('filter.search', filter?.search);
  if (search) where.push({ code: { $like: `${normaliseCode(search).replace(/[\\%_]/g, (c) => `\\${c}`)}%` } });
  const cap = campaign.maxRedemptionsPerCode;
  if (filter?.state === 'DISABLED') where.push({ state: 'DISABLED' });
  if (filter?.state === 'ACTIVE' || filter?.state === 'EXHAUSTED') {
    where.push({ state: 'ACTIVE' });
    const capSql = cap == null ? 'null' : String(Math.trunc(cap));
    where.push({ [raw(`coalesce(redemptions_count >= coalesce(max_redemptions, ${capSql}::int), false)`)]: filter.state === 'EXHAUSTED' });
  }
  return paginate(ctx, Code, 'Code', { $and: where } as FilterQuery<Code>, args, { id: 'asc' });
}

export function qrSvg(code: string): Promise<string> {
  return QRCode.toString(code, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

export async function disableCode(ctx: GraphQLContext, text: string): Promise<Code> {
  const code = await findCode(ctx, text);
  if (!code) throw notFound('Code', normaliseCode(text));
  const campaign = code.campaign.getEntity();
  if (!ctx.ability.can('update', 'Code') || !ctx.ability.can('read', 'Campaign')) throw new AppError('FORBIDDEN', 'You may not disable codes');
  if (code.state === 'DISABLED') throw conflict(`Code ${code.code} is already disabled`);
  const before = auditSnapshot(code);
  code.state = 'DISABLED';
  code.disabledAt = new Date();
  await ctx.em.flush();
  recordAudit(ctx, { action: 'disable', entityType: 'Code', entityId: code.id, before, after: { ...auditSnapshot(code), campaign: campaign.id } });
  return code;
}

/** Inserts one code, regenerating on the (rare) collision with an existing code. */
async function insertFreshCode(em: Em, campaignId: string): Promise<string> {
  const pattern = resolveCodePattern({});
  if (!pattern.ok) throw new Error(pattern.explanation);
  const random = cryptoRandomInt();
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const rows = await sql<{ id: string }[]>(em, `insert into code (code, campaign_id, state, redemptions_count, created_at) values (?, ?, 'ACTIVE', 0, now()) on conflict (code) do nothing returning id`,
      [generateCode(pattern.value, random), campaignId]);
    if (rows.length) return String(rows[0].id);
  }
  throw new Error('Could not find a free code after 20 attempts');
}

export interface IssueOptions {
  /**
   * Called when a one-per-customer campaign's customer already holds `held` codes; return true to
   * allow one more (e.g. an approved ONE_PER_CUSTOMER_EXCEPTION). Default: refuse.
   */
  allowAnother?: (held: number) => Promise<boolean>;
  /** Audit action name; default "issue". */
  action?: string;
}

/**
 * What a campaign kind adds to issuance; the vouchers module registers EXPERIENCE_VOUCHER's (one per
 * person, enforced by its own unique index, with approved exceptions).
 */
export interface IssuePolicy {
  /** Every campaign of this kind is one per customer, whatever its onePerCustomer says. */
  onePerCustomer?: boolean;
  /** Like IssueOptions.allowAnother, for every issue of this kind. */
  allowAnother?(ctx: GraphQLContext, campaign: Campaign, customerId: string, held: number): Promise<boolean>;
  /** Runs in the issuing transaction once the code is assigned; throwing refuses the issue (all of it rolls back). */
  afterIssue?(ctx: GraphQLContext, issued: { campaign: Campaign; customerId: string; code: Code; channel: IssueChannel }): Promise<void>;
}

/** Issue policies by campaign kind (registered by the modules that own the kind). */
export const issuePolicies = new Map<string, IssuePolicy>();

/**
 * Issues a code of the campaign to a customer through a channel (SPEC §5, §6): takes a generated,
 * not yet issued generic code (FOR UPDATE SKIP LOCKED, so concurrent issues never take the same one)
 * or creates a fresh one, and assigns it. Enforces the campaign's issuance cap (maxIssued) with a
 * conditional counter update and one-per-customer under a per-(campaign, customer) advisory lock,
 * so both hold across processes. The vouchers module calls this for voucher campaigns.
 */
export async function issueCode(ctx: GraphQLContext, campaignId: string, customerId: string, channel: IssueChannel, options: IssueOptions = {}): Promise<Code> {
  // Issuing is a machine client's or agent's job across every campaign (the guard requires `issue Code`),
  // so the campaign is found by id without the owner/privacy visibility that governs reading its terms.
  const campaign = /^\d{1,18}$/.test(campaignId) ? await ctx.em.findOne(Campaign, { id: campaignId }) : null;
  if (!campaign) throw notFound('Campaign', campaignId);
  if (campaign.state === 'ENDED') throw conflict(`Campaign ${campaign.id} has ENDED; no more codes are issued`);
  if (!/^\d{1,18}$/.test(customerId)) throw badInput('customerId', `there is no Customer with id "${customerId}"`);
  const customer = await ctx.em.findOne(Customer, { id: customerId });
  if (!customer) throw badInput('customerId', `there is no Customer with id "${customerId}"`);
  if (customer.blacklisted) throw badInput('customerId', `the customer is blacklisted${customer.blacklistReason ? ` (${customer.blacklistReason})` : ''} and receives no codes`, { reason: 'CUSTOMER_BLACKLISTED' });
  await sql(ctx.em, 'select pg_advisory_xact_lock(hashtextextended(?, 7411))', [`issue:${campaign.id}:${customer.id}`]);
  const policy = issuePolicies.get(campaign.kind);
  if (campaign.onePerCustomer || policy?.onePerCustomer) {
    const held = await sql<{ n: string }[]>(ctx.em, 'select count(*)::text as n from code where campaign_id = ? and customer_id = ?', [campaign.id, customer.id]);
    const count = Number(held[0].n);
    const allowAnother = options.allowAnother ?? (policy?.allowAnother ? (n: number) => policy.allowAnother!(ctx, campaign, customer.id, n) : undefined);
    if (count > 0 && !(await (allowAnother?.(count) ?? Promise.resolve(false)))) {
      throw badInput('customerId', `the campaign gives one per customer and customer ${customer.id} already holds ${count}; a second one needs an approved ONE_PER_CUSTOMER_EXCEPTION`, { reason: 'ONE_PER_CUSTOMER' });
    }
  }
  const issued = await sql<{ issued: number }[]>(ctx.em, 
    `insert into campaign_usage as u (campaign_id, redemptions, issued) values (?, 0, 1)
     on conflict (campaign_id) do update set issued = u.issued + 1 where ?::int is null or u.issued < ?::int
     returning issued`,
    [campaign.id, campaign.maxIssued ?? null, campaign.maxIssued ?? null]);
  if (!issued.length || (campaign.maxIssued != null && issued[0].issued > campaign.maxIssued)) {
    throw badInput('campaignId', `the campaign may issue at most ${campaign.maxIssued} codes and all are issued`, { reason: 'MAX_ISSUED' });
  }
  const pooled = await sql<{ id: string }[]>(ctx.em, 
    `select id from code where campaign_id = ? and customer_id is null and issued_at is null and state = 'ACTIVE' and redemptions_count = 0
     order by id limit 1 for update skip locked`,
    [campaign.id]);
  const codeId = pooled.length ? String(pooled[0].id) : await insertFreshCode(ctx.em, campaign.id);
  await sql(ctx.em, `update code set customer_id = ?, issued_at = now(), channel = ? where id = ?`, [customer.id, channel, codeId]);
  const code = await ctx.em.findOneOrFail(Code, { id: codeId }, { refresh: true });
  await policy?.afterIssue?.(ctx, { campaign, customerId: customer.id, code, channel });
  recordAudit(ctx, { action: options.action ?? 'issue', entityType: 'Code', entityId: code.id, after: { ...auditSnapshot(code), campaign: campaign.id, customer: customer.id, channel } });
  return code;
}

export interface ImportReject {
  /** 1-based position in the input. */
  row: number;
  code: string;
  reason: string;
}

const IMPORT_CODE = /^[A-Z0-9_]{4,64}$/;

/** Rows validated between two yields to the event loop, and codes per INSERT. */
const IMPORT_CHUNK = 10_000;

/** A reject shows at most this much of the row's text. */
const REJECT_TEXT = 100;

function shown(raw: string): string {
  return raw.length > REJECT_TEXT ? `${raw.slice(0, REJECT_TEXT)}…` : raw;
}

/**
 * Codes are unique across the system (redemption finds a campaign by its code), so an import must refuse
 * a taken code. The reason is the same whether the taker is a campaign the importer may see or not: it
 * never says where, nor distinguishes visible from invisible campaigns (docs/SECURITY.md, Visibility).
 */
export const CODE_TAKEN = 'the code is not available (codes are unique across all campaigns)';

/**
 * Imports codes (normalised) into a campaign: each bad row (format, duplicate in the input, taken by
 * any campaign: the unique index decides) is reported, the rest inserted. Returns the count and the rejects.
 * Rows are checked and inserted in chunks of 10,000 with a yield to the event loop between chunks, so a
 * million-row import never holds the process for long.
 */
export async function importCodes(
  ctx: GraphQLContext,
  campaignId: string,
  codes: readonly string[],
  options: { maxRows?: number } = {},
): Promise<{ imported: number; rejected: ImportReject[] }> {
  const campaign = await getCampaign(ctx, campaignId);
  if (campaign.state === 'ENDED') throw conflict(`Campaign ${campaign.id} has ENDED`);
  const maxRows = options.maxRows ?? 100_000;
  if (codes.length > maxRows) throw badInput('codes', `at most ${maxRows} codes per call${maxRows === 100_000 ? '; use the CSV import for more' : ''}`);
  const rejected: ImportReject[] = [];
  const seen = new Map<string, number>();
  for (let start = 0; start < codes.length; start += IMPORT_CHUNK) {
    if (start > 0) await nextTurn();
    const end = Math.min(codes.length, start + IMPORT_CHUNK);
    for (let index = start; index < end; index += 1) {
      const raw = codes[index]!;
      // Length first: a huge cell is refused without normalising it.
      const code = raw.length > MAX_CODE_TEXT_LENGTH ? '' : normaliseCode(raw);
      if (!IMPORT_CODE.test(code)) rejected.push({ row: index + 1, code: shown(raw), reason: 'a code is 4 to 64 characters of A-Z, 0-9 and _ (spaces and dashes are ignored)' });
      else if (seen.has(code)) rejected.push({ row: index + 1, code: raw, reason: `duplicate of row ${seen.get(code)}` });
      else seen.set(code, index + 1);
    }
  }
  const wanted = [...seen.keys()];
  const inserted = new Set<string>();
  for (let i = 0; i < wanted.length; i += IMPORT_CHUNK) {
    const chunk = wanted.slice(i, i + IMPORT_CHUNK);
    const rows = await sql<{ code: string }[]>(ctx.em, `insert into code (code, campaign_id, state, redemptions_count, created_at)
       select unnest(string_to_array(?, ',')), ?, 'ACTIVE', 0, now() on conflict (code) do nothing returning code`,
      [chunk.join(','), campaign.id]);
    for (const row of rows) inserted.add(row.code);
  }
  const taken = wanted.filter((code) => !inserted.has(code));
  for (const code of taken) rejected.push({ row: seen.get(code)!, code, reason: CODE_TAKEN });
  if (taken.length) {
    const scope = scopeOfEm(ctx.em);
    const [hidden] = await sql<{ n: number }[]>(ctx.em,
      `select count(*)::int as n from code c join campaign k on k.id = c.campaign_id
        where c.code = any(string_to_array(?, ',')) and not (${visibleSql(scope, 'k')})`, [taken.join(',')]);
    await chargeHiddenCollisions(ctx, hidden?.n ?? 0);
  }
  rejected.sort((a, b) => a.row - b.row);
  recordAudit(ctx, { action: 'importCodes', entityType: 'Campaign', entityId: campaign.id, after: { imported: inserted.size, rejected: rejected.length } });
  return { imported: inserted.size, rejected };
}
