import type { EntityManager } from '@mikro-orm/postgresql';
import { hash } from '@node-rs/argon2';
import type { Role } from '@perkflow/authz';
import { DEMO_PASSWORD } from '../../config.js';
import type { DemoLogin, DemoSeedPart } from '../../database/seed.js';
import { Group } from './group.entity.js';
import { PrivacyLevel } from './privacy-level.entity.js';
import { Unit } from './unit.entity.js';
import { User } from './user.entity.js';

/**
 * The password of every demo user outside production (printed at start). In production (demo data only with
 * PERKFLOW_SEED_DEMO=true) demo users get a random password instead, printed once when they are created;
 * the public one is refused there at sign-in anyway (auth.service.ts).
 */
export { DEMO_PASSWORD };

interface DemoUser {
  email: string;
  name: string;
  roles: Role[];
  group: string;
  unit?: string;
  clearance?: string;
}

export const DEMO_USERS: DemoUser[] = [
  { email: 'orgadmin@example.com', name: 'Olga Admin', roles: ['ADMIN'], group: 'Head Office', clearance: 'Confidential' },
  { email: 'marketing@example.com', name: 'Mark Eting', roles: ['MARKETING_MANAGER'], group: 'Marketing', clearance: 'Confidential' },
  { email: 'finance@example.com', name: 'Fiona Nance', roles: ['FINANCE_MANAGER'], group: 'Finance', clearance: 'Confidential' },
  { email: 'supervisor@example.com', name: 'Sam Supervisor', roles: ['SUPERVISOR'], group: 'Customer Care', unit: 'Customer Care managers', clearance: 'Internal' },
  { email: 'agent@example.com', name: 'Alex Agent', roles: ['AGENT'], group: 'Customer Care', unit: 'Customer Care managers' },
  { email: 'merchant@example.com', name: 'Mia Central', roles: ['MERCHANT'], group: 'Retail Partners', unit: 'Store Central' },
  { email: 'merchant.harbour@example.com', name: 'Hugo Harbour', roles: ['MERCHANT'], group: 'Retail Partners', unit: 'Store Harbour' },
  { email: 'portal@example.com', name: 'Customer Portal', roles: ['PORTAL'], group: 'Marketing' },
  { email: 'auditor@example.com', name: 'Ada Auditor', roles: ['AUDITOR'], group: 'Head Office', clearance: 'Confidential' },
];

export function demoLogins(password = DEMO_PASSWORD): DemoLogin[] {
  return DEMO_USERS.map((u) => ({ email: u.email, password, roles: u.roles.join(', ') }));
}

/** Company ZX's organisation (SPEC §11): groups, units, privacy levels and one user per role. */
export const seedAccessDemo: DemoSeedPart = async (em: EntityManager, { demoPassword }) => {
  const groups = new Map<string, Group>();
  for (const name of ['Head Office', 'Marketing', 'Finance', 'Customer Care', 'Retail Partners']) {
    groups.set(name, (await em.findOne(Group, { name })) ?? em.create(Group, { name }));
  }
  // Retail Partners collaborate with Marketing: they see what Marketing owns (its voucher campaigns).
  groups.get('Marketing')!.collaboratingGroups.add(groups.get('Retail Partners')!);
  const units = new Map<string, Unit>();
  for (const [name, group, timezone] of [
    ['Customer Care managers', 'Customer Care', 'Europe/Athens'],
    ['Store Central', 'Retail Partners', 'Europe/Athens'],
    ['Store Harbour', 'Retail Partners', 'Europe/Athens'],
  ] as const) {
    units.set(name, em.create(Unit, { name, group: groups.get(group)!, timezone }));
  }
  const levels = new Map<string, PrivacyLevel>();
  for (const [name, rank] of [['Internal', 10], ['Confidential', 20]] as const) {
    levels.set(name, (await em.findOne(PrivacyLevel, { name })) ?? em.create(PrivacyLevel, { name, rank }));
  }
  const passwordHash = await hash(demoPassword);
  for (const u of DEMO_USERS) {
    if (await em.findOne(User, { email: u.email })) continue;
    em.create(User, {
      email: u.email,
      name: u.name,
      passwordHash,
      roles: u.roles,
      group: groups.get(u.group)!,
      unit: u.unit ? units.get(u.unit)! : null,
      privacyClearance: u.clearance ? levels.get(u.clearance)! : null,
    });
  }
  await em.flush();
  return demoLogins(demoPassword);
};
seedAccessDemo.partName = 'access';
