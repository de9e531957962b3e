import { createHash, randomBytes } from 'node:crypto';
import { HeaderMap } from '@apollo/server';
import type { EntityManager } from '@mikro-orm/postgresql';
import { hash, verify } from '@node-rs/argon2';
import { defineAbilityFor, type Role } from '@perkflow/authz';
import { checkPassword } from '@perkflow/domain';
import { SignJWT, jwtVerify } from 'jose';
import { PUBLIC_PASSWORDS } from '../../config.js';
import { preparedQuery } from '../../database/prepared.js';
import { requireViewer, type GraphQLContext, type Viewer } from '../../graphql/context.js';
import { AppError, badInput, forbidden, unauthenticated } from '../../graphql/errors.js';
import { clearRateLimit, consumeRateLimit, refundRateLimit } from '../../graphql/rate-limit.js';
import { appendAuditEntries } from '../audit/audit-trail.js';
import { AppSetting } from './app-setting.entity.js';
import { User } from './user.entity.js';

/**
 * argon2 runs on libuv's thread pool (4 threads), which also signs and verifies every token (WebCrypto):
 * at most two password verifications (the part anyone can call, anonymously) run at once, so a storm of
 * sign-ins queues here and never starves the pool that signed-in requests need. Hashing a new password
 * (an admin's or a user's own change, rare) does not queue behind such a storm.
 */
const ARGON2_CONCURRENCY = 2;
let argon2Running = 0;
const argon2Waiting: (() => void)[] = [];

async function argon2Slot<T>(work: () => Promise<T>): Promise<T> {
  if (argon2Running < ARGON2_CONCURRENCY) argon2Running += 1;
  else await new Promise<void>((resolve) => argon2Waiting.push(resolve));
  try {
    return await work();
  } finally {
    // Hand the slot to the next waiter, or give it back.
    const next = argon2Waiting.shift();
    if (next) next();
    else argon2Running -= 1;
  }
}

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

/** A signed token: subject, issuer, issue time, `exp` (config.tokenTtl) and the user's session version `sv`. */
export async function issueToken(em: EntityManager, user: { id: string; sessionVersion: number }, ttl: string): Promise<string> {
  return new SignJWT({ sv: user.sessionVersion })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(user.id)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .setIssuer('perkflow')
    .sign(await signingSecret(em));
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
 * Refused credentials: UNAUTHENTICATED with HTTP 401 (and `WWW-Authenticate: Bearer`). Thrown while the
 * request's context is built, where Apollo takes the status from `extensions.http` (it never reaches the body).
 */
export function credentialsRefused(message: string): AppError {
  return new AppError('UNAUTHENTICATED', message, { http: { status: 401, headers: new HeaderMap([['www-authenticate', 'Bearer']]) } });
}

const TOKEN_REFUSED = 'The token is not valid, has expired or was ended (sign-out, password or role change): sign in again';

/**
 * Resolves `Authorization: Bearer <token or API key>` to a viewer. No header: anonymous (null).
 * A header that does not authenticate: UNAUTHENTICATED (HTTP 401), whatever the operation.
 * A token counts only with `exp` and while its `sv` is the user's current session version.
 */
export async function authenticate(em: EntityManager, header: string | undefined): Promise<Viewer | null> {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw credentialsRefused('Authorization must be "Bearer <token or API key>"');
  const credential = match[1];
  const key = API_KEY.exec(credential);
  if (key) return authenticateApiKey(em, key[1], key[2]);
  let userId: string;
  let sessionVersion: number;
  try {
    const { payload } = await jwtVerify(credential, await signingSecret(em), { issuer: 'perkflow', algorithms: ['HS256'], requiredClaims: ['exp', 'iat', 'sub', 'sv'] });
    userId = String(payload.sub);
    sessionVersion = Number(payload.sv);
  } catch {
    throw credentialsRefused(TOKEN_REFUSED);
  }
  if (!/^\d{1,18}$/.test(userId) || !Number.isSafeInteger(sessionVersion)) throw credentialsRefused(TOKEN_REFUSED);
  const rows = await preparedQuery<ViewerRow>(em, 'perkflow_token_viewer',
    `select ${VIEWER_COLUMNS} from app_user u where u.id = $1 and u.active and u.session_version = $2`, [userId, sessionVersion]);
  if (!rows[0]) throw credentialsRefused(TOKEN_REFUSED);
  return viewerOf(rows[0]);
}

interface ViewerRow {
  id: string;
  email: string;
  name: string;
  roles: string[];
  is_super_user: boolean;
  group_id: string;
  unit_id: string | null;
  owners: string[];
  cleared: string[];
}

/** A user (`u`) with the two visibility facts, as one select list. */
const VIEWER_COLUMNS = `u.id::text as id, u.email, u.name, u.roles, u.is_super_user, u.group_id::text as group_id, u.unit_id::text as unit_id,
            array(select c.group_id::text from group_collaborator c where c.collaborator_id = u.group_id) as owners,
            array(select p.id::text from privacy_level p where u.privacy_clearance_id is not null
                    and p.rank <= (select q.rank from privacy_level q where q.id = u.privacy_clearance_id)) as cleared`;

function viewerOf(row: ViewerRow): Viewer {
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
  };
}

/**
 * An API key and its viewer in one round trip (the redemption hot path authenticates every request): the
 * key is matched by id and the SHA-256 of its secret, and counts only while it is not revoked and its user
 * is active and has the PORTAL role; the user and the two visibility facts come along, and `last_used_at`
 * is written at most once a minute (a data-modifying CTE that touches only a matching key). A key acts as
 * a PORTAL only, whatever other roles its user has.
 */
async function authenticateApiKey(em: EntityManager, id: string, secret: string): Promise<Viewer> {
  const rows = await preparedQuery<ViewerRow & { key_id: string }>(em, 'perkflow_api_key_viewer_v2',
    `with k as (select a.id, a.user_id from api_key a join app_user ku on ku.id = a.user_id
                 where a.id = $1 and a.secret_hash = $2 and a.revoked_at is null and ku.active and 'PORTAL' = any(ku.roles)),
          touched as (update api_key set last_used_at = now()
                       where id = (select id from k) and (last_used_at is null or last_used_at < now() - interval '1 minute') returning id)
     select k.id::text as key_id, ${VIEWER_COLUMNS}
       from k join app_user u on u.id = k.user_id`,
    [id, sha256(secret).toString('hex')],
  );
  const row = rows[0];
  if (!row) throw credentialsRefused('The API key is not valid, was revoked, or its user is no longer an active PORTAL');
  return { ...viewerOf(row), roles: ['PORTAL'], isSuperUser: false, apiKeyId: row.key_id };
}

/** The failed sign-ins tolerated per e-mail address, and per client address, within the window. */
const LOGIN_LIMIT = { attempts: 10, windowSeconds: 300 };
const LOGIN_LIMIT_PER_CLIENT = { attempts: 50, windowSeconds: 300 };
const addressKey = (email: string) => `login:email:${email}`;
const clientKey = (ip: string) => `login:ip:${ip}`;
const WRONG = 'E-mail or password is wrong';
let dummyHash: Promise<string> | undefined;

/**
 * Password sign-in, throttled per address and per client in the database (graphql/rate-limit.ts). Runs
 * outside any transaction (self-transactional, see access.resolver.ts) and never holds a connection while
 * waiting for another: each step (count the attempt per client, then per address; load the user) takes a
 * pooled connection for one statement and gives it back, and the argon2 verification runs holding none.
 * The attempt is counted before the password is checked (consume, then decide), so parallel attempts
 * cannot pass the limit: at most 10 wrong passwords per address and 50 per client within 5 minutes; the
 * next answer RATE_LIMITED with retryAfter, even for the right password. A success forgets the address's
 * failures and gives the client its attempt back. In production the public passwords are refused.
 */
export async function login(ctx: GraphQLContext, email: string, password: string): Promise<{ token: string; user: User }> {
  const normalised = email.trim().toLowerCase().slice(0, 320);
  const em = ctx.rootEm;
  await consumeRateLimit(em, clientKey(ctx.ip), LOGIN_LIMIT_PER_CLIENT.attempts, LOGIN_LIMIT_PER_CLIENT.windowSeconds, 'Too many failed sign-ins from this address; try again later');
  try {
    await consumeRateLimit(em, addressKey(normalised), LOGIN_LIMIT.attempts, LOGIN_LIMIT.windowSeconds, 'Too many failed sign-ins for this e-mail address; try again later');
  } catch (error) {
    // Refused for the address: not an attempt of this client's.
    await refundRateLimit(em, clientKey(ctx.ip), LOGIN_LIMIT_PER_CLIENT.attempts, LOGIN_LIMIT_PER_CLIENT.windowSeconds);
    throw error;
  }
  if (ctx.config.isProduction && PUBLIC_PASSWORDS.includes(password)) {
    throw unauthenticated('This password is public and not accepted in production: ask an administrator to set a new one');
  }
  const user = await ctx.em.findOne(User, { email: normalised, active: true }, { populate: ['passwordHash'] });
  if (!(await passwordMatches(user?.passwordHash, password)) || !user) throw unauthenticated(WRONG);
  await clearRateLimit(em, addressKey(normalised));
  await refundRateLimit(em, clientKey(ctx.ip), LOGIN_LIMIT_PER_CLIENT.attempts, LOGIN_LIMIT_PER_CLIENT.windowSeconds);
  return { token: await issueToken(ctx.em, user, ctx.config.tokenTtl), user };
}

/** argon2 verification (off the event loop, holding no connection); an unknown user still costs one verification. */
async function passwordMatches(passwordHash: string | undefined, password: string): Promise<boolean> {
  dummyHash ??= hashPassword('not the password');
  if (password.length > 1000) return false;
  const stored = passwordHash ?? (await dummyHash);
  return argon2Slot(() => verify(stored, password)).catch(() => false);
}

/** A new password: long enough and not a public one. */
export function checkNewPassword(value: string, field: string): string {
  const password = checkPassword(value);
  if (!password.ok) throw badInput(field, password.explanation);
  if (PUBLIC_PASSWORDS.includes(password.value)) throw badInput(field, 'is a public password (the default or the demo one): choose another');
  return password.value;
}

/**
 * Ends every token of a user at once (their session version goes up by one) in the caller's transaction,
 * answering the new version.
 */
export async function bumpSessionVersion(em: EntityManager, userId: string, set: { passwordHash?: string } = {}): Promise<number> {
  const rows = await em.getConnection().execute<{ session_version: number }[]>(
    `update app_user set session_version = session_version + 1${set.passwordHash ? ', password_hash = ?' : ''} where id = ? returning session_version`,
    set.passwordHash ? [set.passwordHash, userId] : [userId], 'all', em.getTransactionContext());
  if (!rows[0]) throw unauthenticated();
  return Number(rows[0].session_version);
}

/**
 * The signed-in user changes their own password (self-transactional: the current password is checked and
 * the new one hashed holding no connection, then one short transaction updates it, bumps the session
 * version and chains the audit entry). Wrong current passwords count against the sign-in throttle of the
 * address. Every earlier token ends; the answer carries a fresh one.
 */
export async function changePassword(ctx: GraphQLContext, currentPassword: string, newPassword: string): Promise<{ token: string; user: User }> {
  const viewer = requireViewer(ctx);
  if (viewer.apiKeyId) throw forbidden('An API key cannot change a password: sign in with the password');
  const next = checkNewPassword(newPassword, 'newPassword');
  if (next === currentPassword) throw badInput('newPassword', 'must differ from the current password');
  const em = ctx.rootEm;
  await consumeRateLimit(em, addressKey(viewer.email), LOGIN_LIMIT.attempts, LOGIN_LIMIT.windowSeconds, 'Too many wrong passwords for this e-mail address; try again later');
  const user = await ctx.em.findOne(User, { id: viewer.id, active: true }, { populate: ['passwordHash'] });
  if (!user) throw unauthenticated();
  if (!(await passwordMatches(user.passwordHash, currentPassword))) throw badInput('currentPassword', 'is wrong');
  await clearRateLimit(em, addressKey(viewer.email));
  const passwordHash = await hashPassword(next);
  const sessionVersion = await ctx.em.fork().transactional(async (tx) => {
    const version = await bumpSessionVersion(tx, user.id, { passwordHash });
    await appendAuditEntries(tx, viewer.id, [{ action: 'changePassword', entityType: 'User', entityId: user.id, before: null, after: { sessionsEnded: true } }]);
    return version;
  });
  return { token: await issueToken(ctx.em, { id: user.id, sessionVersion }, ctx.config.tokenTtl), user };
}

export function abilityFor(viewer: Viewer | null) {
  return defineAbilityFor(viewer);
}

export type { Role };
