import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { hash, verify } from '@node-rs/argon2';
import { defineAbilityFor, type Role } from '@perkflow/authz';
import { SignJWT, jwtVerify } from 'jose';
import type { GraphQLContext, Viewer } from '../../graphql/context.js';
import { unauthenticated } from '../../graphql/errors.js';
import { assertNotThrottled, clearRateLimit, hitRateLimit } from '../../graphql/rate-limit.js';
import { ApiKey } from './api-key.entity.js';
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
  if (key) {
    const apiKey = await em.findOne(ApiKey, { id: key[1], revokedAt: null }, { populate: ['user'] });
    const expected = apiKey ? Buffer.from(apiKey.secretHash, 'hex') : Buffer.alloc(32);
    const valid = timingSafeEqual(expected, sha256(key[2])) && apiKey !== null;
    if (!valid || !apiKey.user.getEntity().active) throw unauthenticated('The API key is not valid or was revoked');
    await em.getConnection().execute('update api_key set last_used_at = now() where id = ? and (last_used_at is null or last_used_at < now() - interval \'1 minute\')', [apiKey.id]);
    return { ...(await loadViewer(em, apiKey.user.getEntity())), apiKeyId: apiKey.id };
  }
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
