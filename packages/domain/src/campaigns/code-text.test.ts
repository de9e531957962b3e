import { describe, expect, it } from 'vitest';
import { codeTextProblem, MAX_CODE_TEXT_LENGTH } from './code-pattern.js';

describe('codeTextProblem (code arguments are bounded before normalising)', () => {
  it.each<[string, string, string | null]>([
    ['a code', 'SUMMER2026', null],
    ['typed with spaces and dashes, at the bound', 'AB-CD '.repeat(30).slice(0, MAX_CODE_TEXT_LENGTH), null],
    ['one character over', 'A'.repeat(MAX_CODE_TEXT_LENGTH + 1), `at most ${MAX_CODE_TEXT_LENGTH} characters (got ${MAX_CODE_TEXT_LENGTH + 1})`],
    ['a megabyte', 'A'.repeat(1024 * 1024), 'at most 128 characters'],
    ['empty', '', 'must be a code of 1 to 128 characters'],
    ['blank', '   ', 'must be a code of 1 to 128 characters'],
  ])('%s', (_name, text, problem) => {
    const found = codeTextProblem(text);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });
});
