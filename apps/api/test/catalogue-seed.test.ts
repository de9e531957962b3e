import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Job } from '../src/modules/catalogue/job.entity.js';
import { isMemberOf, loadSegmentFacts, segmentsContaining } from '../src/modules/catalogue/segment-membership.js';
import { Segment } from '../src/modules/catalogue/segment.entity.js';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
let em: EntityManager;
beforeAll(async () => {
  t = await startTestApp({ seedDemo: true });
  em = t.app.orm.em.fork() as EntityManager;
});
afterAll(async () => t?.stop());

describe('the catalogue demo data (SPEC §11)', () => {
  it('has company ZX products, customers, monthly and quarterly subscriptions', async () => {
    const data = await t.ok<{ products: { code: string; name: string; type: { name: string }; price: { amount: string } }[]; customers: { totalCount: number; nodes: { birthday: string; addresses: unknown[] }[] } }>(
      '{ products { code name type { name } price { amount } } customers(first:200) { totalCount nodes { birthday addresses { city } } } }',
      {},
      t.adminToken,
    );
    expect(data.products.map((p) => p.name)).toEqual(expect.arrayContaining(['Fibre 100', 'Fibre 500', 'TV Sports Pack', 'Static IP', 'Installation Service Fee']));
    expect(data.products.find((p) => p.name === 'Installation Service Fee')).toMatchObject({ type: { name: 'Fees' }, price: { amount: '80.00' } });
    expect(data.customers.totalCount).toBe(20);
    expect(data.customers.nodes.every((c) => /^\d{4}-\d{2}-\d{2}$/.test(c.birthday) && c.addresses.length > 0)).toBe(true);
    const frequencies = await t.sql<{ billing_frequency: string }>('select distinct billing_frequency from subscription order by 1');
    expect(frequencies.map((f) => f.billing_frequency)).toEqual(['MONTHLY', 'QUARTERLY']);
  });

  it('the "Late jobs" segment holds the late job only', async () => {
    const segments = await t.ok<{ segments: { id: string; name: string; entity: string }[] }>('{ segments { id name entity } }', {}, t.adminToken);
    const late = segments.segments.find((s) => s.name === 'Late jobs')!;
    expect(late.entity).toBe('JOB');
    const members = await t.ok<{ segmentMembers: { jobs: { actualCompletionDate: string; expectedCompletionDate: string }[] } }>(
      'query($id:ID!){ segmentMembers(segmentId:$id){ jobs { actualCompletionDate expectedCompletionDate } } }',
      { id: late.id },
      t.adminToken,
    );
    expect(members.segmentMembers.jobs).toEqual([{ expectedCompletionDate: '2026-10-19', actualCompletionDate: '2026-10-30' }]);
    expect(segments.segments.map((s) => s.name)).toEqual(expect.arrayContaining(['Loyal customers', 'Monthly subscribers']));
  });

  it('other modules test membership with isMemberOf / segmentsContaining', async () => {
    const jobs = await em.find(Job, {}, { orderBy: { id: 'asc' } });
    const [onTime, late, open] = jobs;
    const segment = await em.findOneOrFail(Segment, { name: 'Late jobs' });
    expect(await isMemberOf(em, segment, late!.id)).toBe(true);
    expect(await isMemberOf(em, segment, onTime!.id)).toBe(false);
    expect(await isMemberOf(em, segment, open!.id)).toBe(false);
    expect(await isMemberOf(em, segment, '999999')).toBe(false);

    const all = await em.find(Segment, {});
    expect([...(await segmentsContaining(em, all, 'JOB', late!.id))]).toEqual([segment.id]);
    expect([...(await segmentsContaining(em, all, 'JOB', onTime!.id))]).toEqual([]);

    const facts = await loadSegmentFacts(em, 'JOB', [late!.id]);
    expect(facts.get(late!.id)).toMatchObject({ orderDate: '2026-10-05', lines: [{ productCode: 'INSTALL-FEE', price: '80.00' }] });
  });
});
