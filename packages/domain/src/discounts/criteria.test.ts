import { describe, expect, it } from 'vitest';
import { type CriteriaTarget, meetsCriteria } from './criteria.js';

const SUBSCRIPTION: CriteriaTarget = {
  billingFrequency: 'MONTHLY',
  lines: [{ productId: 'main', productTypeId: 'subscription-packages' }, { productId: 'extra', productTypeId: 'additional-services' }],
  segmentMembership: {},
};
const DELAYED_JOB: CriteriaTarget = {
  lines: [{ productId: 'installation-fee', productTypeId: 'services' }, { productId: 'router', productTypeId: 'hardware' }],
  segmentMembership: { 'late-jobs': true, 'vip': false },
};

describe('meetsCriteria', () => {
  it.each<[string, Parameters<typeof meetsCriteria>[0], CriteriaTarget, string | string[]]>([
    ['seed 003 scenario 1: monthly + subscription packages → main only', { billingFrequencies: ['MONTHLY'], productTypeIds: ['subscription-packages'] }, SUBSCRIPTION, ['main']],
    ['scenario 1 on a quarterly subscription', { billingFrequencies: ['MONTHLY'] }, { ...SUBSCRIPTION, billingFrequency: 'QUARTERLY' }, 'BILLING_FREQUENCY'],
    ['frequency criterion on a job', { billingFrequencies: ['MONTHLY'] }, DELAYED_JOB, 'BILLING_FREQUENCY'],
    ['seed 003 scenarios 2-3: late-jobs segment + installation fee', { includedSegmentIds: ['late-jobs'], productIds: ['installation-fee'] }, DELAYED_JOB, ['installation-fee']],
    ['scenarios 2-3 on a job on time', { includedSegmentIds: ['late-jobs'], productIds: ['installation-fee'] }, { ...DELAYED_JOB, segmentMembership: {} }, 'INCLUDED_SEGMENT'],
    ['scenarios 2-3 without the installation fee', { includedSegmentIds: ['late-jobs'], productIds: ['installation-fee'] }, { ...DELAYED_JOB, lines: [{ productId: 'router', productTypeId: 'hardware' }] }, 'PRODUCT'],
    ['in an excluded segment', { excludedSegmentIds: ['late-jobs'] }, DELAYED_JOB, 'EXCLUDED_SEGMENT'],
    ['not in the excluded segment', { excludedSegmentIds: ['vip'] }, DELAYED_JOB, ['installation-fee', 'router']],
    ['no criteria: every line', {}, SUBSCRIPTION, ['main', 'extra']],
    ['definition in another currency', { currency: 'USD' }, { ...SUBSCRIPTION, currency: 'EUR' }, 'CURRENCY'],
    ['definition in the target currency', { currency: 'EUR' }, { ...SUBSCRIPTION, currency: 'EUR' }, ['main', 'extra']],
    ['product or product type', { productIds: ['extra'], productTypeIds: ['subscription-packages'] }, SUBSCRIPTION, ['main', 'extra']],
  ])('%s', (_name, def, target, expected) => {
    const r = meetsCriteria(def, target);
    expect(r.ok ? r.applicableProductIds : r.reason).toEqual(expected);
  });
});
