import { fail, succeed, type Result } from '../shared/result.js';

/** Upper-case letters and digits without the ambiguous 0 O 1 I L (31 characters). */
export const DEFAULT_CODE_CHARSET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const DEFAULT_CODE_LENGTH = 8;
export const MIN_CODE_LENGTH = 4;
export const MAX_CODE_LENGTH = 64;
/** A batch may use at most this share of the code space, so generation does not thrash on collisions. */
export const MAX_CODE_SPACE_SHARE = 0.01;

/** Characters allowed in a prefix, postfix or charset (codes are normalised to upper case, see normaliseCode). */
const ALLOWED_CHAR = /^[A-Z0-9_]$/;

export interface CodePattern {
  prefix?: string | null;
  postfix?: string | null;
  /** Random characters between prefix and postfix; default 8. */
  length?: number | null;
  charset?: string | null;
}

export interface ResolvedCodePattern {
  prefix: string;
  postfix: string;
  length: number;
  charset: string;
}

export type CodePatternRefusal = 'INVALID_PATTERN' | 'TOO_MANY_CODES';

/** Returns a random integer in [0, maxExclusive); injected so tests are deterministic. */
export type RandomInt = (maxExclusive: number) => number;

/**
 * The longest code text an argument may carry, checked before any normalisation: a code is at most 64
 * characters of A-Z, 0-9 and _, and what a customer types may add spaces and dashes.
 */
export const MAX_CODE_TEXT_LENGTH = 2 * MAX_CODE_LENGTH;

/** Null when `text` may be a code's text; otherwise why not (empty, or longer than MAX_CODE_TEXT_LENGTH). */
export function codeTextProblem(text: string): string | null {
  if (text.length > MAX_CODE_TEXT_LENGTH) return `a code is at most ${MAX_CODE_TEXT_LENGTH} characters (got ${text.length})`;
  if (text.trim() === '') return `must be a code of 1 to ${MAX_CODE_TEXT_LENGTH} characters`;
  return null;
}

/**
 * Normalises what a customer types: trims, upper-cases and removes spaces and dashes
 * ("jazz-2026 ab" → "JAZZ2026AB"). Codes are stored normalised, so dashes and spaces are never
 * part of a code and lookups compare normalised forms.
 */
export function normaliseCode(input: string): string {
  return input.trim().toUpperCase().replace(/[\s-]+/g, '');
}

function checkChars(value: string, field: string): Result<string, CodePatternRefusal> {
  const bad = [...value].filter((c) => !ALLOWED_CHAR.test(c));
  if (bad.length > 0) {
    return fail('INVALID_PATTERN', `${field} may contain only A-Z, 0-9 and _; found ${JSON.stringify(bad.join(''))}`, field);
  }
  return succeed(value);
}

/** Validates a pattern and fills the defaults; failures name the field. */
export function resolveCodePattern(pattern: CodePattern): Result<ResolvedCodePattern, CodePatternRefusal> {
  const length = pattern.length ?? DEFAULT_CODE_LENGTH;
  if (!Number.isInteger(length) || length < MIN_CODE_LENGTH || length > MAX_CODE_LENGTH) {
    return fail('INVALID_PATTERN', `length must be a whole number from ${MIN_CODE_LENGTH} to ${MAX_CODE_LENGTH}; got ${length}`, 'length');
  }
  const charset = [...new Set(normaliseCode(pattern.charset ?? DEFAULT_CODE_CHARSET))].join('');
  if (charset.length < 2) {
    return fail('INVALID_PATTERN', `charset needs at least 2 distinct characters; got ${charset.length}`, 'charset');
  }
  const prefix = normaliseCode(pattern.prefix ?? '');
  const postfix = normaliseCode(pattern.postfix ?? '');
  for (const [field, value] of [['charset', charset], ['prefix', prefix], ['postfix', postfix]] as const) {
    const checked = checkChars(value, field);
    if (!checked.ok) return checked;
  }
  return succeed({ prefix, postfix, length, charset });
}

/** Number of distinct codes a pattern can produce: charset^length (a bigint, it grows fast). */
export function codeSpaceSize(pattern: ResolvedCodePattern): bigint {
  return BigInt(pattern.charset.length) ** BigInt(pattern.length);
}

/** Refuses a batch larger than MAX_CODE_SPACE_SHARE of the code space (minus codes that already exist). */
export function checkCodeCount(
  pattern: ResolvedCodePattern,
  requested: number,
  existing = 0,
): Result<number, CodePatternRefusal> {
  if (!Number.isInteger(requested) || requested < 1) {
    return fail('INVALID_PATTERN', `count must be a positive whole number; got ${requested}`, 'count');
  }
  const space = codeSpaceSize(pattern);
  // requested + existing <= space * share, in integers: (requested + existing) * 100 <= space
  if (BigInt(requested + existing) * BigInt(Math.round(1 / MAX_CODE_SPACE_SHARE)) > space) {
    return fail(
      'TOO_MANY_CODES',
      `${requested} codes (plus ${existing} existing) exceed 1% of the ${space} possible codes for this pattern; use a longer length or a larger charset`,
      'count',
    );
  }
  return succeed(requested);
}

/** One code from the pattern: prefix + `length` random charset characters + postfix. */
export function generateCode(pattern: ResolvedCodePattern, random: RandomInt): string {
  let body = '';
  for (let i = 0; i < pattern.length; i += 1) body += pattern.charset[random(pattern.charset.length)];
  return `${pattern.prefix}${body}${pattern.postfix}`;
}

/**
 * `count` distinct codes not in `taken` (normalised codes that already exist). Validates the pattern and
 * the count first; attempts are bounded, so an unlucky random source cannot loop forever.
 */
export function generateCodes(
  pattern: CodePattern,
  count: number,
  random: RandomInt,
  taken: ReadonlySet<string> = new Set(),
): Result<string[], CodePatternRefusal | 'COLLISIONS'> {
  const resolved = resolveCodePattern(pattern);
  if (!resolved.ok) return resolved;
  const checked = checkCodeCount(resolved.value, count, taken.size);
  if (!checked.ok) return checked;
  const codes = new Set<string>();
  const maxAttempts = count * 10 + 100;
  for (let attempt = 0; attempt < maxAttempts && codes.size < count; attempt += 1) {
    const code = generateCode(resolved.value, random);
    if (!taken.has(code)) codes.add(code);
  }
  if (codes.size < count) {
    return fail('COLLISIONS', `Generated only ${codes.size} of ${count} distinct codes in ${maxAttempts} attempts`);
  }
  return succeed([...codes]);
}
