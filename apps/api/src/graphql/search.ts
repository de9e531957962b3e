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
