// The plain HTTP routes under /api (CSV exports, reports, code import), each called with the marker
// records and, where a record is named in the path or query, with a missing one for comparison.
import { BOGUS_ID } from './schema-walk.mjs';

/** Every route of apps/api/src (router.get/post paths): the API test fails when one is not here. */
export const ROUTE_PATTERNS = [
  '/campaigns/:campaignId/codes.csv',
  '/campaigns/:campaignId/codes/import',
  '/campaigns/:campaignId/report.csv',
  '/campaigns/:campaignId/variance.csv',
  '/vouchers/settlement.csv',
  '/vouchers/report.csv',
  '/reports/rewards.csv',
];

/** The route calls of one viewer: `{ method, pattern, path, bogusPath?, body?, echoes?, check? }`. */
export function routeCalls(world, viewer, { isOwner }) {
  const today = new Date();
  const day = (offset) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  const month = today.toISOString().slice(0, 7);
  const range = `from=${day(-31)}&to=${day(1)}`;
  const calls = [];
  const withBogus = (pattern, make) => calls.push({ method: 'GET', pattern, path: `/api${make(null)}`, bogusPath: `/api${make(BOGUS_ID)}` });
  for (const campaignId of world.ids.Campaign) {
    withBogus('/campaigns/:campaignId/codes.csv', (b) => `/campaigns/${b ?? campaignId}/codes.csv`);
    withBogus('/campaigns/:campaignId/report.csv', (b) => `/campaigns/${b ?? campaignId}/report.csv?month=${month}`);
    withBogus('/campaigns/:campaignId/variance.csv', (b) => `/campaigns/${b ?? campaignId}/variance.csv?from=${month}&to=${month}`);
    withBogus('/vouchers/report.csv', (b) => `/vouchers/report.csv?campaignId=${b ?? campaignId}&${range}`);
  }
  for (const schemeId of world.ids.RewardScheme) withBogus('/reports/rewards.csv', (b) => `/reports/rewards.csv?schemeId=${b ?? schemeId}&${range}`);
  for (const unitId of [world.units.ownerStore, world.units.otherStore]) {
    calls.push({ method: 'GET', pattern: '/vouchers/settlement.csv', path: `/api/vouchers/settlement.csv?unitId=${unitId}&${range}` });
    calls.push({ method: 'GET', pattern: '/vouchers/settlement.csv', path: `/api/vouchers/settlement.csv?unitId=${unitId}&${range}&lines=writeOffs` });
  }
  calls.push({ method: 'GET', pattern: '/vouchers/settlement.csv', path: `/api/vouchers/settlement.csv?groupId=${world.groups.owner}&${range}&lines=writeOffs` });
  if (!isOwner) {
    // Importing into a marker campaign must be refused as for a missing one.
    const fresh = `SWEEP${world.tag.toUpperCase()}${viewer.id}`;
    for (const campaignId of world.ids.Campaign) {
      calls.push({ method: 'POST', pattern: '/campaigns/:campaignId/codes/import', path: `/api/campaigns/${campaignId}/codes/import`, bogusPath: `/api/campaigns/${BOGUS_ID}/codes/import`, body: `code\n${fresh}\n` });
    }
    // Importing a marker code into a campaign the viewer sees: codes are unique system-wide, so it is refused,
    // but exactly like a code a visible campaign holds (same reason, nothing about where), and each such
    // collision is charged to the client's failed-attempt budget (apps/api fraud.service.ts), which bounds
    // this existence oracle like guessing codes at checkout (docs/SECURITY.md, Visibility).
    const probe = world.probeCodes[0];
    calls.push({
      method: 'POST',
      pattern: '/campaigns/:campaignId/codes/import',
      path: `/api/campaigns/${world.visibleCampaignId}/codes/import`,
      body: `code\n${probe}\n${world.visibleTakenCode}\n`,
      echoes: [probe],
      check: (answer) => {
        const rows = answer.json?.rejected;
        // A viewer who may not import (or not see this campaign) is refused before any row is looked at.
        if (!Array.isArray(rows)) return answer.json?.error ? null : `neither a report nor an error: ${JSON.stringify(answer.json).slice(0, 160)}`;
        if (rows.length !== 2) return `expected both rows refused alike: ${JSON.stringify(answer.json).slice(0, 160)}`;
        const extra = rows.flatMap((r) => Object.keys(r).filter((k) => !['row', 'code', 'reason', 'line'].includes(k)));
        if (extra.length) return `a reject says more than row, code and reason: ${extra.join(', ')}`;
        if (rows[0].reason !== rows[1].reason) return `existence oracle: a marker code is refused differently from a visible campaign's code: ${JSON.stringify(rows).slice(0, 200)}`;
        return null;
      },
    });
  }
  return calls;
}
