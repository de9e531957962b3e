import { GraphQLError } from 'graphql';
import { OUTAGE_RETRY_AFTER_SECONDS } from '../http/outage.js';
import { badInput } from './errors.js';

/** The longest free-text `search` argument (docs/RELIABILITY.md): longer ones answer BAD_USER_INPUT naming the field. */
export const MAX_SEARCH_LENGTH = 200;

/** The trimmed search text (null when empty), refused past MAX_SEARCH_LENGTH characters. */
export function searchText(field: string, value: string | null | undefined): string | null {
  if (value == null) return null;
  if (value.length > MAX_SEARCH_LENGTH) throw badInput(field, `at most ${MAX_SEARCH_LENGTH} characters; got ${value.length}`);
  return value.trim() || null;
}

/**
 * An ILIKE pattern matching the search text anywhere (`%text%`, with %, _ and \ taken literally), or null
 * when there is no search. Such patterns are served by the pg_trgm GIN indexes of the searched columns.
 */
export function containsPattern(field: string, value: string | null | undefined): string | null {
  const text = searchText(field, value);
  return text === null ? null : `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Free-text searches one process runs at once (each may scan an index for every row of a large table). */
export const MAX_CONCURRENT_SEARCHES = 2;
/** How long a search waits for a slot before answering SERVICE_UNAVAILABLE (retryable). */
export const SEARCH_SLOT_WAIT_MS = 20_000;

let searchesRunning = 0;
const searchesWaiting: (() => void)[] = [];

/**
 * Runs a list query that carries a free-text search in a bulkhead: at most MAX_CONCURRENT_SEARCHES per
 * process, so a burst of expensive searches holds at most that many pool connections and every other
 * request (a signed-in `me`, a redemption) still finds one. A search that waits too long answers
 * SERVICE_UNAVAILABLE with `retryAfter`. Without a search, `run` runs at once.
 */
export async function inSearchSlot<T>(search: string | null, run: () => Promise<T>): Promise<T> {
  if (search === null) return run();
  if (searchesRunning < MAX_CONCURRENT_SEARCHES) searchesRunning += 1;
  else {
    await new Promise<void>((resolve, reject) => {
      const admit = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        searchesWaiting.splice(searchesWaiting.indexOf(admit), 1);
        reject(
          new GraphQLError('Too many searches are running; retry shortly', {
            extensions: { code: 'SERVICE_UNAVAILABLE', retryAfter: OUTAGE_RETRY_AFTER_SECONDS },
          }),
        );
      }, SEARCH_SLOT_WAIT_MS);
      searchesWaiting.push(admit);
    });
  }
  try {
    return await run();
  } finally {
    // hand the slot to the next waiting search, or free it
    const next = searchesWaiting.shift();
    if (next) next();
    else searchesRunning -= 1;
  }
}
