// The privacy sweep (issue 11, SPEC §1) against the real API: an organisation with a marker-named
// invisible entity of every explicit kind, then every query, every mutation naming a marker record
// and every CSV route, as a viewer of every role in another group and below the privacy level in the
// owner group. Zero answers may reveal a marker record. The owner's answers must carry the marker
// (the sweep can fail), and the sweep must cover every route of the API.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReport, ROUTE_PATTERNS, runPrivacySweep, VIEWER_ROLES, type SweepResult } from '../../../tools/privacy-sweep/index.mjs';
import { startTestApp, type TestApp } from './harness.js';

/** Floors printed with the figures (docs/SECURITY.md): coverage below them means the sweep lost reach. */
const MIN_COVERAGE = 1500;
const MIN_OWNER_REACH = 150;

let t: TestApp;
let result: SweepResult;

beforeAll(async () => {
  // Fraud throttling stays on but far away: a viewer's failed guesses must get answers, not RATE_LIMITED.
  t = await startTestApp({
    config: { redemptionFraud: { failuresPerCustomer: 10_000, failuresPerClient: 100_000, manyCodesOneCustomer: 1_000, velocityPerHour: 100_000 } },
  });
  result = await runPrivacySweep({ url: t.url, token: t.adminToken, concurrency: 10, maxDepth: 4, maxVariants: 3 });
  console.log(formatReport(result, { maxLines: 60 }));
}, 900_000);
afterAll(async () => t?.stop());

describe('privacy sweep', () => {
  it('covers every role on both sides (another group, and the owner group below the level)', () => {
    expect(result.roles).toBe(VIEWER_ROLES.length * 2);
    expect(result.coverage).toBeGreaterThanOrEqual(MIN_COVERAGE);
    expect(result.uncovered.filter((u) => u.operation.startsWith('query'))).toEqual([]);
  });

  it('can fail: the owner meets the marker in every family of explicit entity', () => {
    expect(result.ownerReach.length).toBeGreaterThanOrEqual(MIN_OWNER_REACH);
    const reached = new Set(result.ownerReach.map((r) => r.how.match(/^(\w+) \d+ \(a marker record\)$/)?.[1]).filter(Boolean));
    for (const kind of ['Campaign', 'RewardScheme', 'RewardOffer', 'RewardOfferTemplate', 'AdditiveDiscountDefinition', 'Redemption', 'ApprovalRequest', 'AdHocDiscount', 'Code']) {
      expect(reached, kind).toContain(kind);
    }
    // Audit entries, CSV exports and approval payloads are reached too.
    const operations = result.ownerReach.map((r) => r.operation);
    expect(operations.some((o) => o.startsWith('query auditLog'))).toBe(true);
    expect(operations.some((o) => o.includes('/api/vouchers/settlement.csv'))).toBe(true);
    expect(result.ownerReach.some((r) => r.path.includes('payload'))).toBe(true);
  });

  it('calls every CSV route the API serves', () => {
    const routes: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.ts')) {
          for (const m of readFileSync(path, 'utf8').matchAll(/router\.(?:get|post|put|patch|delete)\(\s*'([^']+)'/g)) routes.push(m[1]);
        }
      }
    };
    walk(join(import.meta.dirname, '../src'));
    expect(routes.length).toBeGreaterThan(0);
    for (const route of routes) expect(ROUTE_PATTERNS, route).toContain(route);
  });

  it('finds no leak: no answer reveals a marker record to a viewer who may not see it', () => {
    expect(result.leaks.map((l) => `${l.viewer} ${l.operation} ${l.path}: ${l.how}`).slice(0, 40)).toEqual([]);
  });
});
