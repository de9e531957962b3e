/** Every kind of thing an ability speaks of. Names match the GraphQL type names. */
export const SUBJECTS = [
  // organisation and access
  'Group',
  'Unit',
  'User',
  'PrivacyLevel',
  'PrivacyLevelAssignmentRule',
  'ApiKey',
  'AuditEntry',
  // reference data
  'ProductType',
  'ProductFamily',
  'Product',
  'Customer',
  'Segment',
  'Subscription',
  'Job',
  // additive discounts
  'AdditiveDiscountDefinition',
  'AdHocDiscount',
  'Bill',
  // rewards
  'RewardsDefinition',
  'RewardScheme',
  'RewardOfferType',
  'RewardOfferCategory',
  'RewardOfferTemplate',
  'RewardOffer',
  'RewardsParticipant',
  'CustomerEvent',
  'RewardRun',
  'Wallet',
  // campaigns, codes, vouchers
  'Campaign',
  'Code',
  'Redemption',
  'WriteOff',
  'MerchantDay',
  'ReviewFlag',
  'Report',
  // approvals
  'ApprovalRequest',
] as const;
export type SubjectName = (typeof SUBJECTS)[number];

/**
 * Explicit viewing entities (SPEC §1): owned by a group, optionally carrying a privacy level. Every
 * rule a non-super user gets on one of these is narrowed by the visibility conditions, so a later
 * module's entity gets the behaviour by being listed here (and by having `ownedByGroup` and
 * `privacyLevel` properties).
 */
export const EXPLICIT_VIEWING_SUBJECTS = [
  'RewardScheme',
  'RewardOffer',
  'RewardOfferTemplate',
  'AdditiveDiscountDefinition',
  'Campaign',
] as const satisfies readonly SubjectName[];
export type ExplicitViewingSubject = (typeof EXPLICIT_VIEWING_SUBJECTS)[number];

export function isExplicitViewingSubject(subject: string): subject is ExplicitViewingSubject {
  return (EXPLICIT_VIEWING_SUBJECTS as readonly string[]).includes(subject);
}
