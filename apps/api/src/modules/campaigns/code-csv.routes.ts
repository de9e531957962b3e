// CSV routes for codes (under /api): export a campaign's codes streamed with COPY, and import codes
// from an uploaded CSV with a per-row report of what was rejected. The upload is parsed as a stream
// (csv-parse's stream API, a chunk at a time, so the event loop keeps turning) within a size and a row
// limit; beyond either the answer is 413 with a JSON error naming `file`.
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { badInput, conflict, forbidden } from '../../graphql/errors.js';
import { idParam, route } from '../../http/routes.js';
import type { HttpRouteDefinition } from '../../http/server.js';
import { getCampaign } from './campaign.service.js';
import { importCodes } from './code.service.js';
import { inTransaction, streamCsv } from './csv-http.js';

/** The most rows, and bytes, one CSV upload may carry (413 beyond). Mutable for tests. */
export const importLimits = { rows: 1_000_000, bytes: 20 * 1024 * 1024 };

/** The most rejects one answer lists (`rejectedCount` counts them all). */
export const MAX_LISTED_REJECTS = 10_000;

/** The longest CSV record (a code is at most 64 characters; a longer record is not a code list). */
const MAX_RECORD_BYTES = 64 * 1024;

/** An upload over one of `importLimits`. */
export class UploadTooLarge extends Error {}

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

/**
 * The first column of each record of a CSV stream; a first record whose first cell is "code" is a
 * header. Stops with UploadTooLarge past `limits` (the rest of the upload is read and dropped, so the
 * answer can still be sent), and with the parser's error on a malformed file.
 */
export function codesFromCsv(source: Readable, limits: { rows: number; bytes: number } = importLimits): Promise<{ codes: string[]; firstLine: number }> {
  const codes: string[] = [];
  let header = false;
  let records = 0;
  let bytes = 0;
  const parser = parse({ relax_column_count: true, skip_empty_lines: false, bom: true, trim: true, max_record_size: MAX_RECORD_BYTES });
  return new Promise((resolve, reject) => {
    let settled = false;
    const stop = (error: Error) => {
      if (settled) return;
      settled = true;
      source.off('data', count);
      source.unpipe(parser);
      parser.destroy();
      source.resume(); // drain what is still coming, so the answer can be sent on this connection
      reject(error);
    };
    const count = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > limits.bytes) stop(new UploadTooLarge(`the file is larger than ${limits.bytes} bytes (${Math.round(limits.bytes / 1024 / 1024)} MB); split it`));
    };
    parser.on('data', (record: string[]) => {
      records += 1;
      if (records === 1 && /^code$/i.test(record[0] ?? '')) {
        header = true;
        return;
      }
      if (codes.length >= limits.rows) return stop(new UploadTooLarge(`the file has more than ${limits.rows} rows; split it`));
      codes.push(record[0] ?? '');
    });
    parser.on('error', stop);
    parser.on('end', () => {
      if (settled) return;
      settled = true;
      resolve({ codes, firstLine: header ? 2 : 1 });
    });
    source.on('error', stop);
    source.on('data', count);
    source.pipe(parser);
  });
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
    route(contextFor, async (ctx, req, res) => {
      if (!ctx.ability.can('create', 'Code')) throw forbidden('You may not import codes');
      const campaignId = idParam(req, 'campaignId');
      const campaign = await getCampaign(ctx, campaignId);
      if (campaign.state === 'ENDED') throw conflict(`Campaign ${campaign.id} has ENDED`);
      const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (!['text/csv', 'text/plain', 'application/octet-stream'].includes(type)) throw badInput('file', 'send the CSV as the request body (content-type text/csv), one code per line in the first column');
      const tooLarge = (message: string) => res.status(413).json({ error: { code: 'BAD_USER_INPUT', message: `file: ${message}`, field: 'file' } });
      const declared = Number(req.headers['content-length']);
      if (declared > importLimits.bytes) {
        tooLarge(`the file is larger than ${importLimits.bytes} bytes (${Math.round(importLimits.bytes / 1024 / 1024)} MB); split it`);
        return;
      }
      let parsed: { codes: string[]; firstLine: number };
      try {
        parsed = await codesFromCsv(req);
      } catch (error) {
        if (error instanceof UploadTooLarge) {
          tooLarge(error.message);
          return;
        }
        throw badInput('file', `not a readable CSV: ${(error as Error).message}`);
      }
      if (parsed.firstLine === 1 && parsed.codes.every((c) => c === '')) throw badInput('file', 'send the CSV as the request body (content-type text/csv), one code per line in the first column');
      const result = await inTransaction(ctx, () => importCodes(ctx, campaignId, parsed.codes, { maxRows: importLimits.rows }));
      const rejected = result.rejected.slice(0, MAX_LISTED_REJECTS).map((r) => ({ ...r, line: r.row + parsed.firstLine - 1 }));
      res.json({ rows: parsed.codes.length, imported: result.imported, rejected, rejectedCount: result.rejected.length });
    }),
  );
};
