// Writes apps/api/schema.graphql from the code: `pnpm --filter @perkflow/api emit-schema`.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printAppSchema } from './schema.js';

const target = join(dirname(fileURLToPath(import.meta.url)), '../../schema.graphql');
writeFileSync(target, await printAppSchema());
console.log(`wrote ${target}`);
