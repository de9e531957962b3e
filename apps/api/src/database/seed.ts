import type { EntityManager } from '@mikro-orm/postgresql';
import { hash, verify } from '@node-rs/argon2';
import { PUBLIC_PASSWORDS, type AppConfig } from '../config.js';
import { appendAuditEntries, auditSnapshot } from '../modules/audit/audit-trail.js';
import { Group } from '../modules/access/group.entity.js';
import { User } from '../modules/access/user.entity.js';
import { demoSeedParts } from '../modules/index.js';

/** A module's part of the demo data (SPEC §11). It runs once per database, in its own transaction. */
export interface DemoSeedPart {
  (em: EntityManager, context: DemoSeedContext): Promise<DemoLogin[] | void>;
  /** Stable name; the part is marked done under it. */
  partName?: string;
}

export interface DemoSeedContext {
  superUser: User;
  /** The password demo users get: the public demo password outside production, a random one in production. */
  demoPassword: string;
}

export interface DemoLogin {
  email: string;
  password: string;
  roles: string;
}

export const HEAD_OFFICE = 'Head Office';

/** Creates the first super user (PERKFLOW_ADMIN_EMAIL / PERKFLOW_ADMIN_PASSWORD) when there is none. */
export async function ensureSuperUser(em: EntityManager, config: AppConfig): Promise<User> {
  return em.transactional(async (tx) => {
    await tx.getConnection().execute('select pg_advisory_xact_lock(7411002)', [], 'run', tx.getTransactionContext());
    const existing = await tx.findOne(User, { isSuperUser: true }, { orderBy: { id: 'asc' } });
    if (existing) return existing;
    const group = (await tx.findOne(Group, { name: HEAD_OFFICE })) ?? tx.create(Group, { name: HEAD_OFFICE });
    const user = tx.create(User, {
      email: config.adminEmail.toLowerCase(),
      name: 'Super User',
      passwordHash: await hash(config.adminPassword),
      roles: ['SUPER_USER'],
      group,
      isSuperUser: true,
    });
    await tx.flush();
    await appendAuditEntries(tx, null, [{ action: 'create', entityType: 'User', entityId: user.id, before: null, after: auditSnapshot(user) }]);
    return user;
  });
}

/**
 * At every start: with PERKFLOW_RESET_ADMIN_PASSWORD, sets the configured super user's password to
 * PERKFLOW_ADMIN_PASSWORD (audited, ending their sessions); then, in production, refuses to go on while any
 * active super user's stored password is a public one (the default `admin`, the demo password), whatever
 * the environment said when the database was first started.
 */
export async function secureSuperUsers(em: EntityManager, config: AppConfig): Promise<void> {
  if (config.resetAdminPassword) {
    await em.fork().transactional(async (tx) => {
      const user = await tx.findOne(User, { email: config.adminEmail.toLowerCase(), isSuperUser: true });
      if (!user) throw new Error(`PERKFLOW_RESET_ADMIN_PASSWORD: there is no super user ${config.adminEmail} (PERKFLOW_ADMIN_EMAIL)`);
      // Idempotent: a start that finds the password already set changes nothing (and ends no session).
      await tx.populate(user, ['passwordHash']);
      if (user.active && (await verify(user.passwordHash, config.adminPassword).catch(() => false))) return;
      user.passwordHash = await hash(config.adminPassword);
      user.sessionVersion += 1;
      user.active = true;
      await tx.flush();
      await appendAuditEntries(tx, null, [{ action: 'resetPassword', entityType: 'User', entityId: user.id, before: null, after: { reason: 'PERKFLOW_RESET_ADMIN_PASSWORD at start' } }]);
    });
  }
  if (!config.isProduction) return;
  const superUsers = await em.fork().find(User, { isSuperUser: true, active: true }, { populate: ['passwordHash'], orderBy: { id: 'asc' } });
  for (const user of superUsers) {
    for (const password of PUBLIC_PASSWORDS) {
      if (await verify(user.passwordHash, password).catch(() => false)) {
        throw new Error(
          `Refusing to start in production: super user ${user.email} still has the public password "${password}". ` +
            'Rotate it first: sign in and call changePassword (e.g. on a start with NODE_ENV=development), or start once with ' +
            'PERKFLOW_RESET_ADMIN_PASSWORD=true and a strong PERKFLOW_ADMIN_PASSWORD (README, "Running in production").',
        );
      }
    }
  }
}

/** Runs every demo part not yet applied to this database; returns the demo logins to print (each part's, the first time it runs). */
export async function seedDemoData(em: EntityManager, superUser: User, demoPassword: string): Promise<DemoLogin[]> {
  const logins: DemoLogin[] = [];
  for (const part of demoSeedParts) {
    const key = `demo_seed:${part.partName ?? part.name}`;
    const result = await em.fork().transactional(async (tx) => {
      const conn = tx.getConnection();
      const trx = tx.getTransactionContext();
      await conn.execute('select pg_advisory_xact_lock(7411003)', [], 'run', trx);
      const done = await conn.execute<{ key: string }[]>('select key from app_setting where key = ?', [key], 'all', trx);
      if (done.length) return { ran: false, logins: [] as DemoLogin[] };
      const partLogins = (await part(tx, { superUser: await tx.findOneOrFail(User, { id: superUser.id }), demoPassword })) ?? [];
      await tx.flush();
      await conn.execute('insert into app_setting (key, value) values (?, ?)', [key, new Date().toISOString()], 'run', trx);
      return { ran: true, logins: partLogins };
    });
    logins.push(...result.logins);
  }
  return logins;
}
