import { containsPattern } from '../../graphql/search.js';
import { MAX_LIST_SIZE } from '../../graphql/pagination.js';
import { raw, type FilterQuery } from '@mikro-orm/core';
import { ROLES, type Role } from '@perkflow/authz';
import { isOfferClassification, isTimeZone, normaliseEmail, normaliseName, type PrivacyEntityKind } from '@perkflow/domain';
import { accessFilter, assertCan, findReadable } from '../../graphql/access.js';
import { requireViewer, type GraphQLContext } from '../../graphql/context.js';
import { badInput, forbidden, notFound } from '../../graphql/errors.js';
import { auditSnapshot, recordAudit } from '../audit/audit-trail.js';
import { ApiKey } from './api-key.entity.js';
import type {
  CreatePrivacyLevelAssignmentRuleInput,
  CreatePrivacyLevelInput,
  CreateUnitInput,
  CreateUserInput,
  UpdateUnitInput,
  UpdateUserInput,
} from './access.inputs.js';
import { bumpSessionVersion, checkNewPassword, formatApiKey, hashPassword, newApiKeySecret } from './auth.service.js';
import { Group } from './group.entity.js';
import { PrivacyLevel } from './privacy-level.entity.js';
import { PrivacyLevelAssignmentRule } from './privacy-level-assignment-rule.entity.js';
import { privacyEntity } from './privacy-registry.js';
import { Unit } from './unit.entity.js';
import { User } from './user.entity.js';

function requireName(value: string, field: string, max = 200): string {
  const result = normaliseName(value, max);
  if (!result.ok) throw badInput(field, result.explanation);
  return result.value;
}

async function requireGroup(ctx: GraphQLContext, id: string, field: string): Promise<Group> {
  const group = /^\d{1,18}$/.test(id) ? await ctx.em.findOne(Group, { id }) : null;
  if (!group) throw badInput(field, `no group ${id}`);
  return group;
}

async function requireUnit(ctx: GraphQLContext, id: string, field: string): Promise<Unit> {
  const unit = /^\d{1,18}$/.test(id) ? await ctx.em.findOne(Unit, { id }) : null;
  if (!unit) throw badInput(field, `no unit ${id}`);
  return unit;
}

async function requirePrivacyLevel(ctx: GraphQLContext, id: string, field: string): Promise<PrivacyLevel> {
  const level = /^\d{1,18}$/.test(id) ? await ctx.em.findOne(PrivacyLevel, { id }) : null;
  if (!level) throw badInput(field, `no privacy level ${id}`);
  return level;
}

// ------------------------------------------------------------------ groups

export async function listGroups(ctx: GraphQLContext, search?: string | null): Promise<Group[]> {
  const pattern = containsPattern('search', search);
  const where: FilterQuery<Group> = pattern ? { name: { $ilike: pattern } } : {};
  return ctx.em.find(Group, { $and: [where, accessFilter<Group>(ctx, 'read', 'Group')] }, { orderBy: { name: 'asc', id: 'asc' }, limit: MAX_LIST_SIZE });
}

export async function createGroup(ctx: GraphQLContext, input: { name: string }): Promise<Group> {
  const name = requireName(input.name, 'input.name');
  if (await ctx.em.findOne(Group, { name: { $ilike: name } })) throw badInput('input.name', `a group named "${name}" exists already`);
  const group = ctx.em.create(Group, { name });
  await ctx.em.flush();
  recordAudit(ctx, { action: 'create', entityType: 'Group', entityId: group.id, after: auditSnapshot(group) });
  return group;
}

export async function updateGroup(ctx: GraphQLContext, id: string, input: { name: string }): Promise<Group> {
  const group = await findReadable(ctx, Group, 'Group', id);
  if (!group) throw notFound('Group', id);
  assertCan(ctx, 'update', 'Group', group);
  const before = auditSnapshot(group);
  const name = requireName(input.name, 'input.name');
  if (await ctx.em.findOne(Group, { name: { $ilike: name }, id: { $ne: id } })) throw badInput('input.name', `a group named "${name}" exists already`);
  group.name = name;
  await ctx.em.flush();
  recordAudit(ctx, { action: 'update', entityType: 'Group', entityId: group.id, before, after: auditSnapshot(group) });
  return group;
}

export async function setCollaboratingGroups(ctx: GraphQLContext, groupId: string, collaboratorIds: string[]): Promise<Group> {
  const group = await findReadable(ctx, Group, 'Group', groupId, { populate: ['collaboratingGroups'] });
  if (!group) throw notFound('Group', groupId);
  assertCan(ctx, 'update', 'Group', group);
  const unique = [...new Set(collaboratorIds)];
  const collaborators: Group[] = [];
  for (const [i, id] of unique.entries()) {
    if (id === groupId) throw badInput(`collaboratingGroupIds[${i}]`, 'a group cannot collaborate with itself');
    collaborators.push(await requireGroup(ctx, id, `collaboratingGroupIds[${i}]`));
  }
  const before = group.collaboratingGroups.getItems().map((g) => g.id).sort();
  group.collaboratingGroups.set(collaborators);
  await ctx.em.flush();
  recordAudit(ctx, {
    action: 'setCollaboratingGroups',
    entityType: 'Group',
    entityId: group.id,
    before: { collaboratingGroupIds: before },
    after: { collaboratingGroupIds: collaborators.map((g) => g.id).sort() },
  });
  return group;
}

// ------------------------------------------------------------------ units

export async function listUnits(ctx: GraphQLContext, groupId?: string | null): Promise<Unit[]> {
  const where: FilterQuery<Unit> = groupId ? { group: groupId } : {};
  return ctx.em.find(Unit, { $and: [where, accessFilter<Unit>(ctx, 'read', 'Unit')] }, { orderBy: { name: 'asc', id: 'asc' }, limit: MAX_LIST_SIZE });
}

export async function createUnit(ctx: GraphQLContext, input: CreateUnitInput): Promise<Unit> {
  const name = requireName(input.name, 'input.name');
  const group = await requireGroup(ctx, input.groupId, 'input.groupId');
  const timezone = input.timezone ?? 'UTC';
  if (!isTimeZone(timezone)) throw badInput('input.timezone', `"${timezone}" is not an IANA time zone`);
  if (await ctx.em.findOne(Unit, { group, name: { $ilike: name } })) throw badInput('input.name', `group ${group.name} has a unit named "${name}" already`);
  const unit = ctx.em.create(Unit, { name, group, timezone });
  await ctx.em.flush();
  recordAudit(ctx, { action: 'create', entityType: 'Unit', entityId: unit.id, after: auditSnapshot(unit) });
  return unit;
}

export async function updateUnit(ctx: GraphQLContext, id: string, input: UpdateUnitInput): Promise<Unit> {
  const unit = await findReadable(ctx, Unit, 'Unit', id);
  if (!unit) throw notFound('Unit', id);
  assertCan(ctx, 'update', 'Unit', unit);
  const before = auditSnapshot(unit);
  if (input.name != null) {
    const name = requireName(input.name, 'input.name');
    if (await ctx.em.findOne(Unit, { group: unit.group, name: { $ilike: name }, id: { $ne: id } })) throw badInput('input.name', `the group has a unit named "${name}" already`);
    unit.name = name;
  }
  if (input.timezone != null) {
    if (!isTimeZone(input.timezone)) throw badInput('input.timezone', `"${input.timezone}" is not an IANA time zone`);
    unit.timezone = input.timezone;
  }
  await ctx.em.flush();
  recordAudit(ctx, { action: 'update', entityType: 'Unit', entityId: unit.id, before, after: auditSnapshot(unit) });
  return unit;
}

// ------------------------------------------------------------------ users

function checkRoles(ctx: GraphQLContext, roles: readonly Role[], field: string): Role[] {
  const unique = [...new Set(roles)];
  if (unique.length === 0) throw badInput(field, 'give at least one role');
  for (const role of unique) if (!ROLES.includes(role)) throw badInput(field, `unknown role ${role}`);
  if (unique.includes('SUPER_USER') && !requireViewer(ctx).isSuperUser) throw forbidden('Only a super user may create or promote super users');
  return unique;
}

export async function listUsers(ctx: GraphQLContext, search?: string | null): Promise<User[]> {
  const pattern = containsPattern('search', search);
  const where: FilterQuery<User> = pattern ? { $or: [{ name: { $ilike: pattern } }, { email: { $ilike: pattern } }] } : {};
  return ctx.em.find(User, { $and: [where, accessFilter<User>(ctx, 'read', 'User')] }, { orderBy: { name: 'asc', id: 'asc' }, limit: MAX_LIST_SIZE });
}

export async function createUser(ctx: GraphQLContext, input: CreateUserInput): Promise<User> {
  const email = normaliseEmail(input.email);
  if (!email.ok) throw badInput('input.email', email.explanation);
  const name = requireName(input.name, 'input.name');
  const password = checkNewPassword(input.password, 'input.password');
  const roles = checkRoles(ctx, input.roles, 'input.roles');
  const group = await requireGroup(ctx, input.groupId, 'input.groupId');
  const unit = input.unitId ? await requireUnit(ctx, input.unitId, 'input.unitId') : null;
  if (unit && String(unit.group.id) !== group.id) throw badInput('input.unitId', `unit ${unit.name} is not in group ${group.name}`);
  const clearance = input.privacyClearanceId ? await requirePrivacyLevel(ctx, input.privacyClearanceId, 'input.privacyClearanceId') : null;
  if (await ctx.em.findOne(User, { email: email.value })) throw badInput('input.email', `${email.value} is in use already`);
  const user = ctx.em.create(User, {
    email: email.value,
    name,
    passwordHash: await hashPassword(password),
    roles,
    group,
    unit,
    privacyClearance: clearance,
    isSuperUser: roles.includes('SUPER_USER'),
  });
  await ctx.em.flush();
  recordAudit(ctx, { action: 'create', entityType: 'User', entityId: user.id, after: auditSnapshot(user) });
  return user;
}

export async function updateUser(ctx: GraphQLContext, id: string, input: UpdateUserInput): Promise<User> {
  const user = await findReadable(ctx, User, 'User', id);
  if (!user) throw notFound('User', id);
  assertCan(ctx, 'update', 'User', user);
  if (user.isSuperUser && !requireViewer(ctx).isSuperUser) throw forbidden('Only a super user may change a super user');
  const before = auditSnapshot(user);
  const credentialsBefore = credentialFacts(user);
  if (input.name != null) user.name = requireName(input.name, 'input.name');
  let passwordChanged = false;
  if (input.password != null) {
    user.passwordHash = await hashPassword(checkNewPassword(input.password, 'input.password'));
    passwordChanged = true;
  }
  if (input.roles != null) {
    user.roles = checkRoles(ctx, input.roles, 'input.roles');
    user.isSuperUser = user.roles.includes('SUPER_USER');
  }
  if (input.groupId != null) user.group = ctx.em.getReference(Group, (await requireGroup(ctx, input.groupId, 'input.groupId')).id, { wrapped: true });
  if (input.clearUnit) user.unit = null;
  else if (input.unitId != null) user.unit = ctx.em.getReference(Unit, (await requireUnit(ctx, input.unitId, 'input.unitId')).id, { wrapped: true });
  if (user.unit) {
    const unit = await ctx.em.findOneOrFail(Unit, { id: user.unit.id });
    if (String(unit.group.id) !== String(user.group.id)) throw badInput(input.unitId != null ? 'input.unitId' : 'input.groupId', `unit ${unit.name} is not in the user's group`);
  }
  if (input.clearPrivacyClearance) user.privacyClearance = null;
  else if (input.privacyClearanceId != null) {
    user.privacyClearance = ctx.em.getReference(PrivacyLevel, (await requirePrivacyLevel(ctx, input.privacyClearanceId, 'input.privacyClearanceId')).id, { wrapped: true });
  }
  if (input.active != null) {
    if (!input.active && user.id === requireViewer(ctx).id) throw badInput('input.active', 'you cannot deactivate yourself');
    user.active = input.active;
  }
  // A password, role, group, unit, clearance or active change ends the user's earlier tokens at once.
  const sessionsEnded = passwordChanged || credentialFacts(user) !== credentialsBefore;
  if (sessionsEnded) user.sessionVersion += 1;
  await ctx.em.flush();
  recordAudit(ctx, { action: 'update', entityType: 'User', entityId: user.id, before, after: { ...auditSnapshot(user), ...(sessionsEnded ? { sessionsEnded } : {}) } });
  return user;
}

/** What a token's holder may do and see: when any of it changes, their sessions end. */
function credentialFacts(user: User): string {
  const id = (ref: { id: string | number } | null | undefined) => (ref ? String(ref.id) : null);
  return JSON.stringify([[...user.roles].sort(), user.isSuperUser, id(user.group), id(user.unit), id(user.privacyClearance), user.active]);
}

/** Ends every session of a user (an admin's action; a super user's sessions only by a super user). */
export async function endUserSessions(ctx: GraphQLContext, id: string): Promise<boolean> {
  const user = await findReadable(ctx, User, 'User', id);
  if (!user) throw notFound('User', id);
  assertCan(ctx, 'update', 'User', user);
  if (user.isSuperUser && !requireViewer(ctx).isSuperUser) throw forbidden("Only a super user may end a super user's sessions");
  const sessionVersion = await bumpSessionVersion(ctx.em, user.id);
  recordAudit(ctx, { action: 'endSessions', entityType: 'User', entityId: user.id, after: { sessionVersion } });
  return true;
}

/** The viewer ends every one of their own sessions (the token of this request included). */
export async function signOutEverywhere(ctx: GraphQLContext): Promise<boolean> {
  const viewer = requireViewer(ctx);
  const sessionVersion = await bumpSessionVersion(ctx.em, viewer.id);
  recordAudit(ctx, { action: 'signOutEverywhere', entityType: 'User', entityId: viewer.id, after: { sessionVersion } });
  return true;
}

// ------------------------------------------------------------------ API keys

export async function listApiKeys(ctx: GraphQLContext): Promise<ApiKey[]> {
  return ctx.em.find(ApiKey, accessFilter<ApiKey>(ctx, 'read', 'ApiKey'), { orderBy: { id: 'desc' }, limit: MAX_LIST_SIZE });
}

export async function createApiKey(ctx: GraphQLContext, name: string, userId: string): Promise<{ key: ApiKey; secret: string }> {
  const keyName = requireName(name, 'name');
  const user = /^\d{1,18}$/.test(userId) ? await ctx.em.findOne(User, { id: userId, active: true }) : null;
  if (!user) throw badInput('userId', `no active user ${userId}`);
  if (!user.roles.includes('PORTAL')) throw badInput('userId', 'API keys are for PORTAL users (portals and checkouts)');
  const { secret, secretHash } = newApiKeySecret();
  const key = ctx.em.create(ApiKey, { name: keyName, user, secretHash });
  await ctx.em.flush();
  recordAudit(ctx, { action: 'create', entityType: 'ApiKey', entityId: key.id, after: { name: keyName, userId: user.id } });
  return { key, secret: formatApiKey(key.id, secret) };
}

export async function revokeApiKey(ctx: GraphQLContext, id: string): Promise<boolean> {
  const key = await findReadable(ctx, ApiKey, 'ApiKey', id);
  if (!key) throw notFound('ApiKey', id);
  assertCan(ctx, 'update', 'ApiKey', key);
  if (key.revokedAt) return true;
  key.revokedAt = new Date();
  await ctx.em.flush();
  recordAudit(ctx, { action: 'revoke', entityType: 'ApiKey', entityId: key.id, after: { revokedAt: key.revokedAt.toISOString() } });
  return true;
}

// ------------------------------------------------------------------ privacy levels and rules

export async function listPrivacyLevels(ctx: GraphQLContext): Promise<PrivacyLevel[]> {
  return ctx.em.find(PrivacyLevel, accessFilter<PrivacyLevel>(ctx, 'read', 'PrivacyLevel'), { orderBy: { rank: 'asc', id: 'asc' } });
}

export async function createPrivacyLevel(ctx: GraphQLContext, input: CreatePrivacyLevelInput): Promise<PrivacyLevel> {
  const name = requireName(input.name, 'input.name', 100);
  if (!Number.isInteger(input.rank) || input.rank < 0 || input.rank > 1_000_000) throw badInput('input.rank', 'must be a whole number from 0 to 1000000');
  if (await ctx.em.findOne(PrivacyLevel, { name: { $ilike: name } })) throw badInput('input.name', `a privacy level named "${name}" exists already`);
  const level = ctx.em.create(PrivacyLevel, { name, rank: input.rank });
  await ctx.em.flush();
  recordAudit(ctx, { action: 'create', entityType: 'PrivacyLevel', entityId: level.id, after: auditSnapshot(level) });
  return level;
}

export async function listAssignmentRules(ctx: GraphQLContext): Promise<PrivacyLevelAssignmentRule[]> {
  return ctx.em.find(PrivacyLevelAssignmentRule, accessFilter<PrivacyLevelAssignmentRule>(ctx, 'read', 'PrivacyLevelAssignmentRule'), {
    orderBy: { position: 'asc', id: 'asc' },
  });
}

export async function createAssignmentRule(ctx: GraphQLContext, input: CreatePrivacyLevelAssignmentRuleInput): Promise<PrivacyLevelAssignmentRule> {
  const level = await requirePrivacyLevel(ctx, input.privacyLevelId, 'input.privacyLevelId');
  if (input.classification != null && !isOfferClassification(input.classification)) throw badInput('input.classification', `unknown offer classification ${input.classification}`);
  if (input.classification != null && !['REWARD_OFFER', 'REWARD_OFFER_TEMPLATE'].includes(input.entity)) {
    throw badInput('input.classification', 'only reward offers and offer templates have a classification');
  }
  const owner = input.ownedByGroupId ? await requireGroup(ctx, input.ownedByGroupId, 'input.ownedByGroupId') : null;
  const [last] = await ctx.em.find(PrivacyLevelAssignmentRule, {}, { orderBy: { position: 'desc' }, limit: 1 });
  let position = input.position ?? (last ? last.position + 1 : 1);
  if (!Number.isInteger(position) || position < 1) throw badInput('input.position', 'must be a whole number from 1');
  if (input.position != null) {
    // Make room: later rules move down one place.
    await ctx.em.nativeUpdate(PrivacyLevelAssignmentRule, { position: { $gte: position } }, { position: raw('position + 1') });
  } else position = Math.max(position, 1);
  const rule = ctx.em.create(PrivacyLevelAssignmentRule, {
    position,
    entity: input.entity,
    classification: input.classification ?? null,
    ownedByGroup: owner,
    privacyLevel: level,
  });
  await ctx.em.flush();
  recordAudit(ctx, { action: 'create', entityType: 'PrivacyLevelAssignmentRule', entityId: rule.id, after: auditSnapshot(rule) });
  return rule;
}

export async function deleteAssignmentRule(ctx: GraphQLContext, id: string): Promise<boolean> {
  const rule = await findReadable(ctx, PrivacyLevelAssignmentRule, 'PrivacyLevelAssignmentRule', id);
  if (!rule) throw notFound('PrivacyLevelAssignmentRule', id);
  assertCan(ctx, 'delete', 'PrivacyLevelAssignmentRule', rule);
  const before = auditSnapshot(rule);
  ctx.em.remove(rule);
  await ctx.em.flush();
  recordAudit(ctx, { action: 'delete', entityType: 'PrivacyLevelAssignmentRule', entityId: id, before });
  return true;
}

/** The only way to change an explicit viewing entity's privacy level (SPEC §1). */
export async function changePrivacyLevel(ctx: GraphQLContext, kind: PrivacyEntityKind, id: string, privacyLevelId: string | null | undefined): Promise<boolean> {
  const registration = privacyEntity(kind);
  if (!registration) throw badInput('entity', `${kind} entities do not exist yet`);
  const entity = await findReadable(ctx, registration.entity, registration.subject, id);
  if (!entity) throw notFound(registration.subject, id);
  assertCan(ctx, 'changePrivacy', registration.subject, entity);
  const level = privacyLevelId ? await requirePrivacyLevel(ctx, privacyLevelId, 'privacyLevelId') : null;
  const before = entity.privacyLevel ? String(entity.privacyLevel.id) : null;
  entity.privacyLevel = level ? ctx.em.getReference(PrivacyLevel, level.id, { wrapped: true }) : null;
  await ctx.em.flush();
  recordAudit(ctx, {
    action: 'changePrivacyLevel',
    entityType: registration.subject,
    entityId: String(entity.id),
    before: { privacyLevelId: before },
    after: { privacyLevelId: level?.id ?? null },
  });
  return true;
}
