// "A new module gets visibility by declaration" (docs/SECURITY.md, Visibility): this file fails when
// code reads explicit viewing entities around the mechanism of src/database/visibility.ts.
//  1. Every entity that is explicit (extends OwnedByGroupEntity) or points at a declared one (a relation,
//     or a scalar campaignId/offerId/schemeId/definitionId column) declares its visibility filter,
//     unless it is listed below with the reason it is never read for a viewer.
//  2. Opting out (`asSystem`), or touching MikroORM filters directly, happens only in audited places.
//  3. Raw SQL that reads a declared table uses the shared predicate (visibleSql & co.) or is audited.
//  4. At run time an entity manager without a viewer fails closed.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ormConfig } from '../src/database/orm-config.js';
import { asSystem, declaredVisibility, useViewer, VISIBILITY_FILTER } from '../src/database/visibility.js';
import { Campaign } from '../src/modules/campaigns/campaign.entity.js';
import { Redemption } from '../src/modules/campaigns/redemption.entity.js';
import { OwnedByGroupEntity } from '../src/modules/access/owned-by-group.entity.js';
import { campaignFixtures } from './campaigns-fixtures.js';
import { startTestApp, type TestApp } from './harness.js';

const SRC = fileURLToPath(new URL('../src', import.meta.url));

/** Entities that reference an explicit one but are never read for a viewer (internal counters and keys). */
const UNDECLARED_ALLOWED: Record<string, string> = {
  CampaignBudgetSlot: 'budget slots: written and read only by perkflow_redeem and the budget guard, never listed',
  CampaignUsage: 'redemption counters: read by the redemption core and by field resolvers of a visible campaign',
  CustomerCampaignUsage: 'per-customer counters: read by the redemption core only',
  RedemptionRequest: 'idempotency keys: read by perkflow_redeem only; the answer is a redemption read through the filter',
};

/** Files that opt out with asSystem (system work), and why. */
const SYSTEM_ALLOWED: Record<string, string> = {
  'app.ts': 'start-up: the super user and the demo data',
  'modules/audit/audit.resolver.ts': 'chains pending audit entries of every viewer before a read (the read itself is filtered)',
  'modules/campaigns/budget-guard.service.ts': 'job: resumes budget months of every campaign',
  'modules/campaigns/code-generation.ts': 'job: generates codes of every campaign',
  'modules/rewards/reward-run.ts': 'job: a reward run evaluates every offer',
  'modules/discounts/bill.service.ts': 'billing: a bill applies every discount, whoever previews it (names are resolved through the filter)',
};

/** Raw SQL on declared tables without the shared predicate, audited: why each cannot leak. */
const RAW_SQL_AUDITED: Record<string, string> = {
  'modules/audit/audit-trail.ts': 'the chain itself: appends and verifies every entry (counts only)',
  'modules/campaigns/budget-guard.service.ts': 'system job and the redeem path of a campaign already visible',
  'modules/campaigns/campaign-approvals.ts': 'locks a campaign loaded through getCampaign (the filter)',
  'modules/campaigns/campaign-report.ts': 'figures of one campaign loaded through getCampaign',
  'modules/campaigns/campaign.service.ts': 'counters of one campaign loaded through getCampaign',
  'modules/campaigns/campaigns.resolver.ts': 'field resolvers of a Campaign the viewer already sees',
  'modules/campaigns/campaigns.seed.ts': 'demo data (system)',
  'modules/campaigns/code-csv.routes.ts': 'the codes of one campaign loaded through getCampaign',
  'modules/campaigns/code-generation.ts': 'system job',
  'modules/campaigns/code.service.ts': 'writes and counts for one campaign loaded through getCampaign; import collisions answer one reason (CODE_TAKEN)',
  'modules/audit/audit-chainer.ts': 'the chainer links every pending entry (the chain is global); it answers counts only',
  'modules/audit/audit-verification.ts': 'verifies the whole chain (it must); the answer is counts, an id and a position, naming nothing',
  'modules/campaigns/review-flags.service.ts': 'inserts and resolves flags; reads go through the ReviewFlag filter',
  'modules/discounts/ad-hoc-discount.service.ts': 'limit counts for one definition loaded through the filter',
  'modules/discounts/bill.service.ts': 'marks the bill\'s own ad hoc discounts consumed',
  'modules/rewards/reward-engine.ts': 'the reward engine awards for every offer (system)',
  'modules/rewards/reward-offer.service.ts': 'locks one offer loaded through the filter',
  'modules/rewards/reward-sql.ts': 'the reward engine (system)',
  'modules/rewards/rewards.seed.ts': 'demo data (system)',
  'modules/vouchers/voucher-check.service.ts': 'looks a code up, then its campaign through the filter (missing: no code)',
  'modules/vouchers/voucher-issue.service.ts': 'issuance rows of one campaign loaded through the filter',
  'modules/vouchers/voucher-report.service.ts': 'statistics of one campaign loaded through getCampaign',
  'modules/vouchers/vouchers.seed.ts': 'demo data (system)',
  'modules/vouchers/write-off.service.ts': 'writes off a voucher verified through the filter',
};

function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'migrations' ? [] : sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const files = sourceFiles().map((path) => ({ path: relative(SRC, path), text: readFileSync(path, 'utf8') }));

describe('declarations (entity metadata)', () => {
  let orm: MikroORM;
  beforeAll(async () => {
    orm = await MikroORM.init(ormConfig('postgres://unused@127.0.0.1:1/unused', { connect: false }));
  });
  afterAll(async () => orm?.close());

  it('every explicit entity, and every entity that points at a declared one, declares its visibility', () => {
    const metas = Object.values(orm.getMetadata().getAll());
    const filtered = new Set(metas.filter((m) => m.filters?.[VISIBILITY_FILTER]).map((m) => m.className));
    const missing: string[] = [];
    for (const meta of metas) {
      if (filtered.has(meta.className) || UNDECLARED_ALLOWED[meta.className]) continue;
      const explicit = meta.class && meta.class.prototype instanceof OwnedByGroupEntity;
      const relation = Object.values(meta.properties).find((p) => (p.kind === 'm:1' || p.kind === '1:1') && filtered.has(p.type));
      const scalar = Object.keys(meta.properties).find((name) => /^(campaign|offer|scheme|definition)Id$/.test(name));
      if (explicit || relation || scalar) missing.push(`${meta.className} (${explicit ? 'explicit' : relation ? `relation ${relation.name}` : `column ${scalar}`})`);
    }
    expect(missing, 'declare @Visible / @VisibleThrough / @VisibleWhere (src/database/visibility.ts)').toEqual([]);
    // The five explicit viewing entities are declared as such.
    for (const type of ['Campaign', 'RewardScheme', 'RewardOffer', 'RewardOfferTemplate', 'AdditiveDiscountDefinition']) expect(declaredVisibility().has(type), type).toBe(true);
  });

  it('the allow-list holds only entities that exist and still lack the declaration', () => {
    const names = new Set(Object.values(orm.getMetadata().getAll()).filter((m) => !m.filters?.[VISIBILITY_FILTER]).map((m) => m.className));
    for (const name of Object.keys(UNDECLARED_ALLOWED)) expect(names.has(name), name).toBe(true);
  });
});

describe('opting out and raw SQL (source scan)', () => {
  it('asSystem is called only in audited places, and filters are never switched off or re-parameterised elsewhere', () => {
    const system = files.filter((f) => f.path !== 'database/visibility.ts' && /\basSystem\(/.test(f.text)).map((f) => f.path).sort();
    expect(system).toEqual(Object.keys(SYSTEM_ALLOWED).sort());
    const bypass = files.filter((f) => f.path !== 'database/visibility.ts' && /filters:\s*(false|\{)|setFilterParams\(|addFilter\(|disableIdentityMap/.test(f.text)).map((f) => f.path);
    expect(bypass).toEqual([]);
  });

  it('field resolvers load required relations to declared entities with parentOf (NOT_FOUND, never a 500)', () => {
    const types = [...declaredVisibility().keys()].join('|');
    const direct = new RegExp(`\\.findOneOrFail\\((${types}), \\{ id:`);
    const offenders = files.filter((f) => f.path.endsWith('.resolver.ts') && direct.test(f.text)).map((f) => f.path);
    expect(offenders, 'use parentOf(ctx, Entity, id) from graphql/access.ts').toEqual([]);
  });

  it('raw SQL that reads a declared table uses the shared visibility predicate, or is audited', () => {
    const tables = [...declaredVisibility().values()].map((k) => k.table);
    const reads = new RegExp(`\\b(from|join|update|into)\\s+"?(${tables.join('|')})\\b`, 'i');
    const unaudited = files
      .filter((f) => f.path !== 'database/visibility.ts' && reads.test(f.text))
      .filter((f) => !/\bvisible(Sql|RecordSql|SqlBound|RecordOfTypeSql)\b|notInvisibleRecordSql/.test(f.text))
      .map((f) => f.path)
      .filter((path) => !RAW_SQL_AUDITED[path]);
    expect(unaudited, 'use visibleSql / visibleRecordSql from src/database/visibility.ts, or audit the file here').toEqual([]);
  });
});

describe('fail closed (run time)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.stop());

  it('an entity manager without a viewer throws; with a viewer or as the system it reads', async () => {
    const orm = t.app.orm;
    await expect(orm.em.fork().find(Campaign, {})).rejects.toThrow(/No arguments provided for filter 'visibility'/);
    await expect(orm.em.fork().count(Redemption, {})).rejects.toThrow(/No arguments provided for filter 'visibility'/);
    await expect(asSystem(orm.em.fork(), 'test').find(Campaign, {})).resolves.toBeInstanceOf(Array);
    // An anonymous viewer sees nothing, and does not fail; the system sees the campaign.
    await campaignFixtures(t).campaign();
    expect(await asSystem(orm.em.fork(), 'test').count(Campaign, {})).toBeGreaterThanOrEqual(1);
    expect(await useViewer(orm.em.fork(), null).count(Campaign, {})).toBe(0);
  });
});
