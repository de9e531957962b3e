export const ROLES = [
  'SUPER_USER',
  'ADMIN',
  'MARKETING_MANAGER',
  'FINANCE_MANAGER',
  'SUPERVISOR',
  'AGENT',
  'MERCHANT',
  'PORTAL',
  'AUDITOR',
] as const;
export type Role = (typeof ROLES)[number];
