import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { resolvers } from '../modules/index.js';
import { enforceGuards } from './guard.js';
import { checkInputs } from './input-limits.js';
import { DateTimeISOScalar, DecimalScalar, JSONObjectScalar, LocalDateScalar } from './scalars.js';
import { mutationTransaction } from './transaction.js';

export { DecimalScalar, JSONObjectScalar, LocalDateScalar };

let built: Promise<GraphQLSchema> | undefined;

/** The executable schema, built once per process from the modules' resolvers. */
export function buildAppSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: resolvers as unknown as NonEmptyArray<() => unknown>,
    // checkInputs after the guards (a caller who may not call learns nothing about input rules), before the transaction opens.
    globalMiddlewares: [enforceGuards, checkInputs, mutationTransaction],
    scalarsMap: [{ type: Date, scalar: DateTimeISOScalar }],
    validate: false,
    orphanedTypes: [],
  });
  return built;
}

/** The SDL committed as apps/api/schema.graphql (sorted, so diffs stay readable). */
export async function printAppSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await buildAppSchema()))}\n`;
}
