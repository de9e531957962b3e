/**
 * Canonical JSON: object keys sorted at every depth, no white space. PostgreSQL's jsonb reorders keys,
 * so the audit hash chain is computed over this form, which survives a round trip through jsonb.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export interface AuditPayload {
  at: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

/** The text an audit entry's hash covers: the previous entry's hash, then the entry itself. */
export function auditHashInput(previousHash: string, entry: AuditPayload): string {
  return `${previousHash}\n${canonicalJson(entry)}`;
}

/** The hash that precedes the first entry of the chain. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);
