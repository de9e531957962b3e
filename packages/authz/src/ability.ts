import { AbilityBuilder, createMongoAbility, subject, type ForcedSubject, type MongoAbility, type MongoQuery } from '@casl/ability';
import type { Action } from './actions.js';
import type { Role } from './roles.js';
import { EXPLICIT_VIEWING_SUBJECTS, isExplicitViewingSubject, SUBJECTS, type SubjectName } from './subjects.js';

/** What an ability is built from: the user and the two visibility facts about them. */
export interface AbilityUser {
  id: string;
  roles: readonly Role[];
  isSuperUser: boolean;
  groupId: string;
  unitId: string | null;
  /** The user's group plus every group that lists the user's group as collaborating. */
  visibleOwnerGroupIds: readonly string[];
  /** Ids of the privacy levels whose rank is at most the user's clearance rank (empty without clearance). */
  clearedPrivacyLevelIds: readonly string[];
}

export type AppSubject = SubjectName | 'all' | ForcedSubject<SubjectName>;
export type AppAbility = MongoAbility<[Action, AppSubject], MongoQuery>;

type Grant = (action: Action | Action[], subject: SubjectName | SubjectName[], conditions?: MongoQuery) => void;

/** Everyday maintenance of records, without the special verbs that `manage` would include. */
const MAINTAIN: Action[] = ['create', 'read', 'update', 'delete'];

const REFERENCE_DATA: SubjectName[] = ['ProductType', 'ProductFamily', 'Product', 'Customer', 'Segment', 'Subscription', 'Job'];
const ORGANISATION: SubjectName[] = ['Group', 'Unit', 'PrivacyLevel'];
/** What "reads everything visibility allows" covers: all but credentials, the audit log and reports (granted apart). */
const READ_EVERYTHING: SubjectName[] = SUBJECTS.filter((s) => !['ApiKey', 'AuditEntry', 'Report'].includes(s));

/** The abilities of each role (SPEC §1). A user with several roles has the union. */
const ROLE_GRANTS: Record<Exclude<Role, 'SUPER_USER'>, (can: Grant, user: AbilityUser) => void> = {
  ADMIN(can) {
    can('manage', [...ORGANISATION, 'User', 'PrivacyLevelAssignmentRule', 'ApiKey']);
    can('manage', REFERENCE_DATA);
    can('manage', ['RewardsDefinition', 'RewardOfferType', 'RewardOfferCategory']);
    can('changePrivacy', [...EXPLICIT_VIEWING_SUBJECTS]);
    can('read', READ_EVERYTHING);
  },
  MARKETING_MANAGER(can) {
    // Create, read, update and delete, but not `manage`: the privacy level is the admins' (changePrivacy).
    can(MAINTAIN, ['Campaign', 'Code', 'RewardScheme', 'RewardOfferTemplate', 'RewardOffer', 'AdditiveDiscountDefinition', 'Segment']);
    // "Campaigns and codes": managers also issue codes and vouchers to customers (e.g. after an approved exception).
    can('issue', 'Code');
    can('read', ['Report', 'ReviewFlag', 'Redemption', 'RewardOfferType', 'RewardOfferCategory', 'RewardsDefinition', 'RewardRun']);
    // Rewards operations: enrol customers, read events and wallets, start reward runs.
    can('read', ['Wallet', 'CustomerEvent', 'RewardsParticipant']);
    can('create', 'RewardsParticipant');
    can('run', 'RewardRun');
    can('update', 'ReviewFlag');
    can('read', [...ORGANISATION, ...REFERENCE_DATA]);
    // Managers review fraud flags, so they may blacklist a customer (with a reason, audited).
    can('blacklist', 'Customer');
    // Exercise a campaign before launch: dry runs and test redemptions (never real ones).
    can('validate', 'Redemption');
    can(['redeem', 'rollback'], 'Redemption', { test: true });
  },
  FINANCE_MANAGER(can) {
    can('read', READ_EVERYTHING);
    can('read', 'Report');
    can('decide', 'ApprovalRequest', { subject: { $in: ['CAMPAIGN_EXTENSION', 'BUDGET_INCREASE', 'ONE_PER_CUSTOMER_EXCEPTION'] } });
    can(['audit', 'settle'], 'MerchantDay');
    can('update', 'ReviewFlag');
    can('blacklist', 'Customer');
  },
  SUPERVISOR(can, user) {
    can('read', [...ORGANISATION, ...REFERENCE_DATA, 'AdditiveDiscountDefinition', 'AdHocDiscount', 'Bill']);
    can(['decide', 'read'], 'ApprovalRequest', { subject: 'AD_HOC_DISCOUNT', decidingUnit: user.unitId ?? '-' });
    can(['approve', 'cancel'], 'AdHocDiscount');
  },
  AGENT(can, user) {
    can('read', [...ORGANISATION, ...REFERENCE_DATA, 'AdditiveDiscountDefinition', 'AdHocDiscount', 'Campaign', 'RewardScheme', 'RewardOffer']);
    can('submit', 'AdHocDiscount');
    can('update', 'AdHocDiscount', { providedBy: user.id, state: 'PENDING_APPROVAL' });
    can('preview', ['Bill']);
    // Seed 003: "the agent will be able to preview and bill the subscription along with the discount".
    can('bill', 'Bill');
    can('issue', 'Code');
  },
  MERCHANT(can, user) {
    can('read', [...ORGANISATION, 'Product', 'ProductType', 'ProductFamily']);
    can(['read', 'writeOff'], 'Code', { unit: user.unitId ?? '-' });
    can('read', 'Code');
    can(['read', 'confirm'], 'MerchantDay', { unit: user.unitId ?? '-' });
    can('read', 'WriteOff', { unit: user.unitId ?? '-' });
  },
  PORTAL(can) {
    can('read', [...ORGANISATION, 'Customer', 'Product', 'ProductType', 'ProductFamily', 'RewardScheme', 'RewardOffer', 'Wallet', 'Campaign', 'Code']);
    can(['validate', 'redeem', 'rollback', 'read'], 'Redemption');
    can('issue', 'Code');
    can(['submit', 'read'], 'CustomerEvent');
    can('spend', 'Wallet');
    can('create', 'RewardsParticipant');
  },
  AUDITOR(can) {
    can('read', [...READ_EVERYTHING, 'AuditEntry', 'Report']);
    can('verify', 'AuditEntry');
  },
};

/** The conditions every non-super user's rule on an explicit viewing entity carries (SPEC §1). */
export function visibilityConditions(user: AbilityUser): MongoQuery {
  return {
    ownedByGroup: { $in: [...user.visibleOwnerGroupIds] },
    privacyLevel: { $in: [null, ...user.clearedPrivacyLevelIds] },
  };
}

/** One ability definition, used by the API (enforcement and SQL filters) and the admin app (display). */
export function defineAbilityFor(user: AbilityUser | null): AppAbility {
  const builder = new AbilityBuilder<AppAbility>(createMongoAbility);
  if (!user) return builder.build();
  if (user.isSuperUser || user.roles.includes('SUPER_USER')) {
    builder.can('manage', 'all');
    return builder.build();
  }
  const visibility = visibilityConditions(user);
  const grant: Grant = (action, subjects, conditions) => {
    for (const subject of Array.isArray(subjects) ? subjects : [subjects]) {
      const narrowed = isExplicitViewingSubject(subject) ? { ...visibility, ...conditions } : conditions;
      if (narrowed) builder.can(action, subject, narrowed as never);
      else builder.can(action, subject);
    }
  };
  for (const role of user.roles) {
    if (role === 'SUPER_USER') continue;
    ROLE_GRANTS[role](grant, user);
  }
  return builder.build();
}

/** A record to check a single-record ability against, e.g. `asSubject('RewardScheme', { ownedByGroup, privacyLevel })`. */
export function asSubject<S extends SubjectName>(name: S, facts: object): ForcedSubject<S> {
  return subject(name, { ...facts });
}
