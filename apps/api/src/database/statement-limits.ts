// Statement bounds, apart from orm-config.ts: job code imports them, and orm-config.ts imports the module
// registry (entities), which would make an import cycle through every job.
/**
 * Bounds on every connection of the API's pool (sent as startup parameters, so a reconnected connection
 * has them too): no statement runs longer than 15 s, no transaction idles for over 60 s. Jobs raise them
 * for their own transactions with `SET LOCAL` (`liftLimitsForJob` below); a statement cut off answers
 * SERVICE_UNAVAILABLE (http/outage.ts).
 */
export const STATEMENT_TIMEOUT_MS = 15_000;
export const IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;
/** Jobs' own bound on a statement: their chunks are long but must still end. */
export const JOB_STATEMENT_TIMEOUT_MS = 10 * 60_000;

/** The connection options of a worker process's job pool (app.ts): a long statement bound, no idle bound (a reward run's lease transaction idles while it works). */
export const JOB_CONNECTION_LIMITS = { statement_timeout: JOB_STATEMENT_TIMEOUT_MS, idle_in_transaction_session_timeout: 0 };

/**
 * Lifts the API connection's bounds for the current transaction (`SET LOCAL`), for job work that may
 * run on the API's pool (a reward run a process without workers executes itself).
 */
export async function liftLimitsForJob(execute: (statement: string) => Promise<unknown>): Promise<void> {
  await execute(`set local statement_timeout = ${JOB_STATEMENT_TIMEOUT_MS}`);
  await execute('set local idle_in_transaction_session_timeout = 0');
}

