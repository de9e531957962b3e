import type { EntityManager } from '@mikro-orm/postgresql';
import { hash } from '@node-rs/argon2';
import type { AppConfig } from '../config.js';
import { appendAuditEntries, auditSnapshot } from '../modules/audit/audit-trail.js';
import { Group } from '../modules/access/group.entity.js';
import { User } from '../modules/access/user.entity.js';
import { demoSeedParts } from '../modules/index.js';

/** A module's part of the demo data (SPEC §11). It runs once per database, in its own transaction. */
export interface DemoSeedPart {
  (em: EntityManager, context: { superUser: User }): Promise<DemoLogin[] | void>;
  /** Stable name; the part is marked done under it. */
  partName?: string;
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

/** Runs every demo part not yet applied to this database; returns the demo logins to print. */
export async function seedDemoData(em: EntityManager, superUser: User): Promise<DemoLogin[]> {
  const logins: DemoLogin[] = [];
  for (const part of demoSeedParts) {
    const key = `demo_seed:${part.partName ?? part.name}`;
    const result = await em.fork().transactional(async (tx) => {
      const conn = tx.getConnection();
      const trx = tx.getTransactionContext();
      await conn.execute('select pg_advisory_xact_lock(7411003)', [], 'run', trx);
      const done = await conn.execute<{ key: string }[]>('select key from app_setting where key = ?', [key], 'all', trx);
      if (done.length) return { ran: false, logins: [] as DemoLogin[] };
      const partLogins = (await part(tx, { superUser: await tx.findOneOrFail(User, { id: superUser.id }) })) ?? [];
      await tx.flush();
      await conn.execute('insert into app_setting (key, value) values (?, ?)', [key, new Date().toISOString()], 'run', trx);
      return { ran: true, logins: partLogins };
    });
    logins.push(...result.logins);
  }
  return logins;
}
