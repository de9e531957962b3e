import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { hash, verify } from '@node-rs/argon2';
import { defineAbilityFor, type Role } from '@perkflow/authz';
import { SignJWT, jwtVerify } from 'jose';
import type { GraphQLContext, Viewer } from '../../graphql/context.js';
import { unauthenticated } from '../../graphql/errors.js';
import { assertNotThrottled, clearRateLimit, hitRateLimit } from '../../graphql/rate-limit.js';
import { AppSetting } from './app-setting.entity.js';
import { User } from './user.entity.js';

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

const TOKEN_SECRET_KEY = 'token_secret';
let cachedSecret: Uint8Array | undefined;

/** The token signing secret, created once in the database so every API process shares it. */
async function signingSecret(em: EntityManager): Promise<Uint8Array> {
  if (cachedSecret) return cachedSecret;
  const conn = em.getConnection();
  await conn.execute('insert into app_setting (key, value) values (?, ?) on conflict (key) do nothing', [TOKEN_SECRET_KEY, randomBytes(48).toString('base64url')]);
  const setting = await em.fork().findOneOrFail(AppSetting, { key: TOKEN_SECRET_KEY });
  cachedSecret = new TextEncoder().encode(setting.value);
  return cachedSecret;
}

export async function issueToken(em: EntityManager, userId: string, ttl: string): Promise<string> {
  return new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(userId).setIssuedAt().setExpirationTime(ttl).setIssuer('perkflow').sign(await signingSecret(em));
}

/** Everything the abilities of a user are built from, in two small queries. */
export async function loadViewer(em: EntityManager, user: User): Promise<Viewer> {
  const conn = em.getConnection();
  const groupId = user.group.id;
  const owners = await conn.execute<{ group_id: string }[]>('select group_id from group_collaborator where collaborator_id = ?', [groupId]);
  const cleared = user.privacyClearance
    ? await conn.execute<{ id: string }[]>('select id from privacy_level where rank <= (select rank from privacy_level where id = ?)', [user.privacyClearance.id])
    : [];
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    roles: user.roles,
    isSuperUser: user.isSuperUser,
    groupId: String(groupId),
    unitId: user.unit ? String(user.unit.id) : null,
    visibleOwnerGroupIds: [String(groupId), ...owners.map((o) => String(o.group_id))],
    clearedPrivacyLevelIds: cleared.map((c) => String(c.id)),
  };
}

const API_KEY = /^pk_(\d{1,18})_([A-Za-z0-9_-]{20,100})$/;

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Formats a new API key secret; only its SHA-256 is stored. */
export function newApiKeySecret(): { secret: string; secretHash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { secret, secretHash: sha256(secret).toString('hex') };
}

export function formatApiKey(id: string, secret: string): string {
  return `pk_${id}_${secret}`;
}

/**
 * Resolves `Authorization: Bearer <token or API key>` to a viewer. No header: anonymous (null).
 * A header that does not authenticate: UNAUTHENTICATED, whatever the operation.
 */
export async function authenticate(em: EntityManager, header: string | undefined): Promise<Viewer | null> {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw unauthenticated('Authorization must be "Bearer <token or API key>"');
  const credential = match[1];
  const key = API_KEY.exec(credential);
  if (key) return authenticateApiKey(em, key[1], key[2]);
  let userId: string;
  try {
    const { payload } = await jwtVerify(credential, await signingSecret(em), { issuer: 'perkflow', algorithms: ['HS256'] });
    userId = String(payload.sub);
  } catch {
    throw unauthenticated('The token is not valid or has expired: sign in again');
  }
  const user = await em.findOne(User, { id: userId, active: true });
  if (!user) throw unauthenticated('The token is not valid or has expired: sign in again');
  return loadViewer(em, user);
}

interface ApiKeyViewerRow {
  key_id: string;
  id: string;
  email: string;
  name: string;
  roles: string[];
  is_super_user: boolean;
  group_id: string;
  unit_id: string | null;
  active: boolean;
  owners: string[];
  cleared: string[];
}

/**
 * An API key and its viewer in one round trip (the redemption hot path authenticates every request): the
 * key is matched by id and the SHA-256 of its secret, the user and the two visibility facts come along,
 * and `last_used_at` is written at most once a minute (a data-modifying CTE that touches only a matching key).
 */
async function authenticateApiKey(em: EntityManager, id: string, secret: string): Promise<Viewer> {
  const rows = await em.getConnection().execute<ApiKeyViewerRow[]>(
    `with k as (select id, user_id from api_key where id = ? and secret_hash = ? and revoked_at is null),
          touched as (update api_key set last_used_at = now()
                       where id = (select id from k) and (last_used_at is null or last_used_at < now() - interval '1 minute') returning id)
     select k.id::text as key_id, u.id::text as id, u.email, u.name, u.roles, u.is_super_user, u.group_id::text as group_id,
            u.unit_id::text as unit_id, u.active,
            array(select c.group_id::text from group_collaborator c where c.collaborator_id = u.group_id) as owners,
            array(select p.id::text from privacy_level p where u.privacy_clearance_id is not null
                    and p.rank <= (select q.rank from privacy_level q where q.id = u.privacy_clearance_id)) as cleared
       from k join app_user u on u.id = k.user_id`,
    [id, sha256(secret).toString('hex')],
  );
  const row = rows[0];
  if (!row || !row.active) throw unauthenticated('The API key is not valid or was revoked');
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    roles: row.roles as Viewer['roles'],
    isSuperUser: row.is_super_user,
    groupId: row.group_id,
    unitId: row.unit_id,
    visibleOwnerGroupIds: [row.group_id, ...row.owners],
    clearedPrivacyLevelIds: row.cleared,
    apiKeyId: row.key_id,
  };
}

/** The failed sign-ins tolerated per e-mail address, and per client address, within the window. */
const LOGIN_LIMIT = { attempts: 10, windowSeconds: 300 };
const LOGIN_LIMIT_PER_CLIENT = { attempts: 50, windowSeconds: 300 };
let dummyHash: Promise<string> | undefined;

/** Password sign-in, throttled per address and per client in the database. */
export async function login(ctx: GraphQLContext, email: string, password: string): Promise<{ token: string; user: User }> {
  const normalised = email.trim().toLowerCase();
  const limits = [
    { key: `login:email:${normalised}`, ...LOGIN_LIMIT },
    { key: `login:ip:${ctx.ip}`, ...LOGIN_LIMIT_PER_CLIENT },
  ];
  for (const l of limits) await assertNotThrottled(ctx.rootEm, l.key, l.attempts, l.windowSeconds);
  const user = await ctx.em.findOne(User, { email: normalised, active: true }, { populate: ['passwordHash'] });
  dummyHash ??= hashPassword('not the password');
  const valid = await verify(user?.passwordHash ?? (await dummyHash), password).catch(() => false);
  if (!user || !valid) {
    // Recorded outside the mutation's transaction, which the error below rolls back.
    for (const l of limits) await hitRateLimit(ctx.rootEm, l.key, l.attempts, l.windowSeconds);
    throw unauthenticated('E-mail or password is wrong');
  }
  await clearRateLimit(ctx.rootEm, limits[0].key);
  return { token: await issueToken(ctx.em, user.id, ctx.config.tokenTtl), user };
}

export function abilityFor(viewer: Viewer | null) {
  return defineAbilityFor(viewer);
}

export type { Role };
