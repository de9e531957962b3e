/** Verbs of the abilities. `manage` is every verb. */
export const ACTIONS = [
  'manage',
  'create',
  'read',
  'update',
  'delete',
  /** change the privacy level of an explicit viewing entity */
  'changePrivacy',
  /** decide (approve or reject) an approval request */
  'decide',
  /** submit an ad hoc discount or a customer event */
  'submit',
  'approve',
  'cancel',
  /** preview a bill */
  'preview',
  'bill',
  'validate',
  'redeem',
  'rollback',
  'issue',
  'writeOff',
  'confirm',
  'audit',
  'settle',
  'spend',
  'run',
  'verify',
  'blacklist',
] as const;
export type Action = (typeof ACTIONS)[number];
