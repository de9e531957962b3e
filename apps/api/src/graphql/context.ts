import type { EntityManager } from '@mikro-orm/postgresql';
import type { AbilityUser, AppAbility } from '@perkflow/authz';
import type { AppConfig } from '../config.js';
import type { Logger } from 'pino';
import type { JobQueue } from '../jobs/job-queue.js';
import type { PendingAuditEntry } from '../modules/audit/audit-trail.js';

/** The signed-in user (or API key holder) with what their abilities are built from. */
export interface Viewer extends AbilityUser {
  email: string;
  name: string;
  /** Set when the request authenticated with an API key. */
  apiKeyId?: string;
}

/** Everything a resolver and a service get for one GraphQL request. */
export interface GraphQLContext {
  /** The request's entity manager; inside a mutation, the transaction's. */
  em: EntityManager;
  /** An entity manager outside any transaction (for records that must survive a rollback, e.g. throttling). */
  rootEm: EntityManager;
  viewer: Viewer | null;
  ability: AppAbility;
  /** Audit entries recorded by the current mutation; written, chained, in its transaction. */
  pendingAudit: PendingAuditEntry[];
  config: AppConfig;
  /** The client address, for throttling. */
  ip: string;
  logger: Logger;
  /** Background jobs (pg-boss). */
  jobs: JobQueue;
  /**
   * Work to do once the current mutation has committed (e.g. enqueue a job for rows it created).
   * Callbacks run in order after commit; their errors are logged, never thrown to the client.
   */
  afterCommit(callback: () => Promise<unknown>): void;
  /** The callbacks registered with afterCommit (run by the mutation middleware). */
  pendingAfterCommit: (() => Promise<unknown>)[];
}

/** The viewer of a guarded operation (guards guarantee one is signed in). */
export function requireViewer(ctx: GraphQLContext): Viewer {
  if (!ctx.viewer) throw new Error('requireViewer called on an unguarded path');
  return ctx.viewer;
}
