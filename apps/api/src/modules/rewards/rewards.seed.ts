import type { EntityManager } from '@mikro-orm/postgresql';
import type { DemoSeedPart } from '../../database/seed.js';
import { Group } from '../access/group.entity.js';
import { RewardScheme } from './reward-scheme.entity.js';

/** The demo reward scheme (the rewards module adds offers, events and a run to it). */
export const seedRewardsDemo: DemoSeedPart = async (em: EntityManager) => {
  const marketing = await em.findOneOrFail(Group, { name: 'Marketing' });
  if (!(await em.findOne(RewardScheme, { name: 'ZX Loyalty Club' }))) {
    em.create(RewardScheme, {
      name: 'ZX Loyalty Club',
      code: 'ZXLC',
      description: 'Company ZX loyalty programme: customers earn money back on purchases',
      currency: 'EUR',
      timezone: 'Europe/Athens',
      ownedByGroup: marketing,
    });
  }
};
seedRewardsDemo.partName = 'rewards';
