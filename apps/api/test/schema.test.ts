import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, findBreakingChanges } from 'graphql';
import { describe, expect, it } from 'vitest';
import { printAppSchema } from '../src/graphql/schema.js';

const here = dirname(fileURLToPath(import.meta.url));
const committedPath = join(here, '../schema.graphql');
const contractPath = join(here, '../../../../shared/contract/schema.graphql');

describe('the emitted schema', () => {
  it('is committed and up to date (run `pnpm --filter @perkflow/api emit-schema`)', async () => {
    expect(readFileSync(committedPath, 'utf8')).toBe(await printAppSchema());
  });

  it('has no conflict with the public API contract (missing operations of later modules aside)', () => {
    const missingKinds = new Set(['TYPE_REMOVED', 'FIELD_REMOVED', 'ARG_REMOVED', 'VALUE_REMOVED_FROM_ENUM']);
    const contract = buildSchema(readFileSync(contractPath, 'utf8'));
    const emitted = buildSchema(readFileSync(committedPath, 'utf8'));
    const conflicts = findBreakingChanges(contract, emitted).filter((c) => !missingKinds.has(c.type));
    expect(conflicts).toEqual([]);
  });
});
