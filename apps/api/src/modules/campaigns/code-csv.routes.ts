// CSV routes for codes (under /api): export a campaign's codes streamed with COPY, and import codes
// from an uploaded CSV with a per-row report of what was rejected.
import { parse } from 'csv-parse/sync';
import express from 'express';
import { badInput, forbidden } from '../../graphql/errors.js';
import { idParam, route } from '../../http/routes.js';
import type { HttpRouteDefinition } from '../../http/server.js';
import { getCampaign } from './campaign.service.js';
import { importCodes } from './code.service.js';
import { inTransaction, streamCsv } from './csv-http.js';

/** The most rows one CSV upload may carry. */
export const MAX_IMPORT_ROWS = 1_000_000;

/** The SELECT behind the codes export: only validated integers are interpolated. */
export function codesExportSelect(campaignId: string, capPerCode: number | null | undefined, filter: { batchId?: string; issued?: boolean } = {}): string {
  const cap = capPerCode == null ? 'null::int' : `${Math.trunc(capPerCode)}::int`;
  const where = [`c.campaign_id = ${BigInt(campaignId)}`];
  if (filter.batchId) where.push(`c.batch_id = ${BigInt(filter.batchId)}`);
  if (filter.issued != null) where.push(filter.issued ? 'c.issued_at is not null' : 'c.issued_at is null');
  const utc = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
  return `select c.code,
      case when c.state = 'DISABLED' then 'DISABLED'
           when c.redemptions_count >= coalesce(c.max_redemptions, ${cap}) then 'EXHAUSTED'
           else 'ACTIVE' end as state,
      c.customer_id, ${utc('c.issued_at')} as issued_at, c.channel, c.redemptions_count,
      coalesce(c.max_redemptions, ${cap}) as max_redemptions, c.batch_id, ${utc('c.created_at')} as created_at
    from code c where ${where.join(' and ')} order by c.id`;
}

/** The first column of each record; a first record whose first cell is "code" is a header. */
export function codesFromCsv(text: string): { codes: string[]; firstLine: number } {
  const records = parse(text, { relax_column_count: true, skip_empty_lines: false, bom: true, trim: true }) as string[][];
  const header = records.length > 0 && /^code$/i.test(records[0][0] ?? '');
  const rows = header ? records.slice(1) : records;
  return { codes: rows.map((r) => r[0] ?? ''), firstLine: header ? 2 : 1 };
}

export const codeCsvRoutes: HttpRouteDefinition = (router, { contextFor }) => {
  router.get(
    '/campaigns/:campaignId/codes.csv',
    route(contextFor, async (ctx, req, res) => {
      if (!ctx.ability.can('read', 'Code')) throw forbidden('You may not read codes');
      const campaign = await getCampaign(ctx, idParam(req, 'campaignId'));
      const batchId = typeof req.query.batchId === 'string' && req.query.batchId ? req.query.batchId : undefined;
      if (batchId && !/^\d{1,18}$/.test(batchId)) throw badInput('batchId', `not an id: "${batchId}"`);
      const issued = req.query.issued === 'true' ? true : req.query.issued === 'false' ? false : undefined;
      await streamCsv(ctx, res, codesExportSelect(campaign.id, campaign.maxRedemptionsPerCode, { batchId, issued }), `codes-campaign-${campaign.id}`);
    }),
  );

  router.post(
    '/campaigns/:campaignId/codes/import',
    express.text({ type: ['text/csv', 'text/plain', 'application/octet-stream'], limit: '64mb' }),
    route(contextFor, async (ctx, req, res) => {
      if (!ctx.ability.can('create', 'Code')) throw forbidden('You may not import codes');
      const campaignId = idParam(req, 'campaignId');
      if (typeof req.body !== 'string' || req.body.trim() === '') throw badInput('file', 'send the CSV as the request body (content-type text/csv), one code per line in the first column');
      let parsed: { codes: string[]; firstLine: number };
      try {
        parsed = codesFromCsv(req.body);
      } catch (error) {
        throw badInput('file', `not a readable CSV: ${(error as Error).message}`);
      }
      const result = await inTransaction(ctx, () => importCodes(ctx, campaignId, parsed.codes, { maxRows: MAX_IMPORT_ROWS }));
      const rejected = result.rejected.map((r) => ({ ...r, line: r.row + parsed.firstLine - 1 }));
      res.json({ rows: parsed.codes.length, imported: result.imported, rejected });
    }),
  );
};
