import { describe, expect, it } from 'vitest';
import { findCampaignConflicts, timeOverlap, type ConflictCampaign } from './conflict-check.js';

const march: ConflictCampaign = {
  id: 'a',
  startsAt: new Date('2026-03-01T00:00:00Z'),
  expiresAt: new Date('2026-04-01T00:00:00Z'),
  includedSegmentIds: ['S1', 'S2'],
  productTypeIds: ['T1'],
};

describe('timeOverlap', () => {
  it.each<[string, Partial<ConflictCampaign>, boolean]>([
    ['touching end is no overlap (half-open)', { startsAt: new Date('2026-04-01T00:00:00Z'), expiresAt: null }, false],
    ['ending exactly at start is no overlap', { startsAt: new Date('2026-02-01T00:00:00Z'), expiresAt: new Date('2026-03-01T00:00:00Z') }, false],
    ['one millisecond overlaps', { startsAt: new Date('2026-03-31T23:59:59.999Z'), expiresAt: null }, true],
    ['open-ended earlier campaign', { startsAt: new Date('2025-01-01T00:00:00Z'), expiresAt: null }, true],
  ])('%s', (_name, other, expected) => {
    expect(timeOverlap(march, { ...march, id: 'b', ...other }) !== null).toBe(expected);
  });
});

describe('findCampaignConflicts', () => {
  it('reports time, segment and product overlaps', () => {
    const other: ConflictCampaign = { ...march, id: 'b', startsAt: new Date('2026-03-10T00:00:00Z'), expiresAt: null, includedSegmentIds: ['S2', 'S3'], productTypeIds: ['T1', 'T2'], productIds: ['P1'] };
    expect(findCampaignConflicts(march, [other])).toEqual([
      { campaignId: 'b', reasons: ['overlaps in time 2026-03-10 – 2026-03-31', 'shares segment S2', 'shares product type T1'] },
    ]);
  });

  it('formats days in the given time zone', () => {
    const [report] = findCampaignConflicts(march, [{ ...march, id: 'b' }], 'Europe/Athens');
    expect(report?.reasons[0]).toBe('overlaps in time 2026-03-01 – 2026-04-01');
  });

  it.each<[string, Partial<ConflictCampaign>]>([
    ['different segments', { includedSegmentIds: ['S9'] }],
    ['different products', { productTypeIds: ['T9'] }],
    ['different time', { startsAt: new Date('2026-05-01T00:00:00Z'), expiresAt: null }],
    ['the same campaign', { id: 'a' }],
  ])('no conflict with %s', (_name, other) => {
    expect(findCampaignConflicts(march, [{ ...march, id: 'b', ...other }])).toEqual([]);
  });

  it('campaigns for everyone and everything conflict', () => {
    const all: ConflictCampaign = { id: 'x', startsAt: new Date('2026-03-01T00:00:00Z'), expiresAt: null };
    expect(findCampaignConflicts(all, [{ ...all, id: 'y' }])[0]?.reasons).toEqual([
      'overlaps in time 2026-03-01 – open-ended',
      'both target all customers',
      'both apply to all products',
    ]);
    expect(findCampaignConflicts(march, [{ ...all, id: 'y' }])[0]?.reasons.slice(1)).toEqual([
      'one of them targets all customers',
      'one of them applies to all products',
    ]);
  });
});
