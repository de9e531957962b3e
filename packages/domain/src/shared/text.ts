import { fail, succeed, type Result } from './result.js';

/** A required display name: trimmed, 1..max characters. */
export function normaliseName(value: string, max = 200): Result<string, 'INVALID'> {
  const trimmed = value.trim().replace(/\s+/g, ' ');
  if (trimmed.length === 0) return fail('INVALID', 'must not be empty');
  if (trimmed.length > max) return fail('INVALID', `must be at most ${max} characters`);
  return succeed(trimmed);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** An e-mail address, lower-cased. */
export function normaliseEmail(value: string): Result<string, 'INVALID'> {
  const email = value.trim().toLowerCase();
  if (!EMAIL.test(email) || email.length > 254) return fail('INVALID', 'is not an e-mail address');
  return succeed(email);
}

/** The password policy for human users. */
export function checkPassword(value: string): Result<string, 'INVALID'> {
  if (value.length < 8) return fail('INVALID', 'must be at least 8 characters');
  if (value.length > 200) return fail('INVALID', 'must be at most 200 characters');
  return succeed(value);
}
