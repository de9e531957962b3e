import { getNamedType, isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType, type GraphQLField, type GraphQLInputType, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardOf } from '../src/graphql/guard.js';
import { buildAppSchema } from '../src/graphql/schema.js';
import { startTestApp, type TestApp } from './harness.js';

/** A literal of the right type for any argument, so the call reaches the resolver layer. */
function sampleValue(type: GraphQLInputType): string {
  if (isNonNullType(type)) return sampleValue(type.ofType);
  if (isListType(type)) return `[${sampleValue(type.ofType)}]`;
  if (isEnumType(type)) return type.getValues()[0].name;
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter((f) => isNonNullType(f.type));
    return `{${fields.map((f) => `${f.name}: ${sampleValue(f.type)}`).join(', ')}}`;
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'Int':
        return '1';
      case 'Float':
        return '1.5';
      case 'Boolean':
        return 'true';
      case 'DateTimeISO':
        return '"2026-01-01T00:00:00.000Z"';
      case 'LocalDate':
        return '"2026-01-01"';
      case 'Decimal':
        return '"1.00"';
      case 'JSONObject':
        return '{}';
      default:
        return '"1"';
    }
  }
  throw new Error(`no sample for ${String(type)}`);
}

function operationFor(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): string {
  const args = field.args.filter((a) => isNonNullType(a.type));
  const argText = args.length ? `(${args.map((a) => `${a.name}: ${sampleValue(a.type)}`).join(', ')})` : '';
  const named = getNamedType(field.type);
  const selection = isScalarType(named) || isEnumType(named) ? '' : ' { __typename }';
  return `${kind} { ${field.name}${argText}${selection} }`;
}

let schema: GraphQLSchema;
let t: TestApp;
beforeAll(async () => {
  schema = await buildAppSchema();
  t = await startTestApp();
});
afterAll(async () => t?.stop());

describe('every operation is guarded', () => {
  it('declares a guard on every query and mutation, and only login is public', () => {
    const operations = [...Object.values(schema.getQueryType()!.getFields()), ...Object.values(schema.getMutationType()!.getFields())];
    expect(operations.length).toBeGreaterThan(10);
    const unguarded = operations.filter((f) => !guardOf(f.name)).map((f) => f.name);
    expect(unguarded).toEqual([]);
    const publicOps = operations.filter((f) => guardOf(f.name)?.kind === 'public').map((f) => f.name);
    expect(publicOps).toEqual(['login']);
  });

  it('answers UNAUTHENTICATED to every operation but login when called without credentials', async () => {
    const failures: string[] = [];
    for (const [kind, type] of [['query', schema.getQueryType()!], ['mutation', schema.getMutationType()!]] as const) {
      for (const field of Object.values(type.getFields())) {
        if (field.name === 'login') continue;
        const result = await t.gql(operationFor(kind, field));
        const code = result.errors?.[0]?.extensions?.code;
        if (code !== 'UNAUTHENTICATED') failures.push(`${kind} ${field.name}: ${code ?? 'no error'} ${result.errors?.[0]?.message ?? ''}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses a bad token on every request, even public ones', async () => {
    const result = await t.gql('{ me { id } }', {}, 'not-a-token');
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const forged = await t.gql('{ me { id } }', {}, 'pk_1_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(forged.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
