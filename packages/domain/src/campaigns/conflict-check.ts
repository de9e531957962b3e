import { DateTime } from 'luxon';

/** What the conflict check needs of a campaign. Empty id lists mean "all customers" / "all products". */
export interface ConflictCampaign {
  id: string;
  name?: string;
  startsAt: Date;
  /** Half-open: the campaign runs strictly before expiresAt; null means open-ended. */
  expiresAt?: Date | null;
  includedSegmentIds?: readonly string[];
  productIds?: readonly string[];
  productTypeIds?: readonly string[];
}

/** Same shape as the contract's CampaignConflict, with the other campaign's id. */
export interface CampaignConflictReport {
  campaignId: string;
  reasons: string[];
}

function formatDay(instant: Date, timeZone: string): string {
  return DateTime.fromJSDate(instant).setZone(timeZone).toFormat('yyyy-MM-dd');
}

/** The shared time window [start, end) of two half-open windows, or null when they do not overlap. */
export function timeOverlap(a: ConflictCampaign, b: ConflictCampaign): { start: Date; end: Date | null } | null {
  const start = Math.max(a.startsAt.getTime(), b.startsAt.getTime());
  const ends = [a.expiresAt, b.expiresAt].filter((d): d is Date => d != null).map((d) => d.getTime());
  const end = ends.length === 0 ? null : Math.min(...ends);
  if (end !== null && end <= start) return null;
  return { start: new Date(start), end: end === null ? null : new Date(end) };
}

function shared(a: readonly string[], b: readonly string[]): string[] {
  return a.filter((x) => b.includes(x));
}

function audienceReasons(a: ConflictCampaign, b: ConflictCampaign): string[] {
  const sa = a.includedSegmentIds ?? [];
  const sb = b.includedSegmentIds ?? [];
  if (sa.length === 0 && sb.length === 0) return ['both target all customers'];
  if (sa.length === 0 || sb.length === 0) return ['one of them targets all customers'];
  return shared(sa, sb).map((id) => `shares segment ${id}`);
}

function productReasons(a: ConflictCampaign, b: ConflictCampaign): string[] {
  const restricted = (c: ConflictCampaign): boolean => (c.productIds?.length ?? 0) + (c.productTypeIds?.length ?? 0) > 0;
  if (!restricted(a) && !restricted(b)) return ['both apply to all products'];
  if (!restricted(a) || !restricted(b)) return ['one of them applies to all products'];
  return [
    ...shared(a.productIds ?? [], b.productIds ?? []).map((id) => `shares product ${id}`),
    ...shared(a.productTypeIds ?? [], b.productTypeIds ?? []).map((id) => `shares product type ${id}`),
  ];
}

/**
 * Other active campaigns that conflict with `campaign`: those that overlap in time AND reach a common
 * customer (shared included segment, or either targets everyone) AND apply to a common product.
 * The reasons name each overlap, dates as calendar days in `timeZone` with an inclusive last day
 * ("overlaps in time 2026-03-01 – 2026-03-31", "shares segment S1", "shares product type T1").
 */
export function findCampaignConflicts(
  campaign: ConflictCampaign,
  others: readonly ConflictCampaign[],
  timeZone = 'UTC',
): CampaignConflictReport[] {
  const reports: CampaignConflictReport[] = [];
  for (const other of others) {
    if (other.id === campaign.id) continue;
    const window = timeOverlap(campaign, other);
    if (window === null) continue;
    const audience = audienceReasons(campaign, other);
    const products = productReasons(campaign, other);
    if (audience.length === 0 || products.length === 0) continue;
    const last = window.end === null ? 'open-ended' : formatDay(new Date(window.end.getTime() - 1), timeZone);
    reports.push({
      campaignId: other.id,
      reasons: [`overlaps in time ${formatDay(window.start, timeZone)} – ${last}`, ...audience, ...products],
    });
  }
  return reports;
}
