import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type ASTVisitor, type GraphQLSchema, type ValidationContext } from 'graphql';
import depthLimit from 'graphql-depth-limit';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';

/** Query limits (SPEC §10). */
export const QUERY_LIMITS = {
  maxDepth: 10,
  maxComplexity: 5000,
  maxRootFields: 10,
  maxAliases: 20,
} as const;

/**
 * Caps root fields and aliases per operation, and lets a mutation appear once per operation, so that
 * `a1: redeemCode(…) a2: redeemCode(…)` cannot turn one request into a brute-force channel.
 */
export function operationShapeRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      const root = node.selectionSet.selections.filter((s) => s.kind === Kind.FIELD);
      if (root.length > QUERY_LIMITS.maxRootFields) {
        context.reportError(new GraphQLError(`An operation may select at most ${QUERY_LIMITS.maxRootFields} root fields`, { extensions: { code: 'BAD_USER_INPUT' } }));
      }
      if (node.operation === 'mutation') {
        const seen = new Set<string>();
        for (const field of root) {
          if (field.kind !== Kind.FIELD) continue;
          if (seen.has(field.name.value)) {
            context.reportError(new GraphQLError(`Mutation ${field.name.value} may appear once per operation`, { extensions: { code: 'BAD_USER_INPUT' } }));
          }
          seen.add(field.name.value);
        }
      }
    },
    Document(node) {
      let aliases = 0;
      const countAliases = (selections: readonly { kind: string; alias?: unknown; selectionSet?: { selections: readonly never[] } }[]) => {
        for (const s of selections) {
          if (s.kind === Kind.FIELD && s.alias) aliases += 1;
          if (s.selectionSet) countAliases(s.selectionSet.selections);
        }
      };
      for (const def of node.definitions) {
        if ('selectionSet' in def && def.selectionSet) countAliases(def.selectionSet.selections as never);
      }
      if (aliases > QUERY_LIMITS.maxAliases) {
        context.reportError(new GraphQLError(`An operation may use at most ${QUERY_LIMITS.maxAliases} aliases`, { extensions: { code: 'BAD_USER_INPUT' } }));
      }
    },
  };
}

export const validationRules = [depthLimit(QUERY_LIMITS.maxDepth), operationShapeRule];

/** Rejects operations whose estimated cost (lists weighted by `first`) is above the limit. */
export function complexityPlugin(schema: GraphQLSchema): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          let complexity: number;
          try {
            complexity = getComplexity({
              schema,
              operationName: request.operationName,
              query: document,
              variables: request.variables,
              estimators: [
                fieldExtensionsEstimator(),
                ({ args, childComplexity }) => {
                  const first = typeof args.first === 'number' ? args.first : undefined;
                  return first === undefined ? undefined : 1 + childComplexity * Math.max(1, first) ** 0.5;
                },
                simpleEstimator({ defaultComplexity: 1 }),
              ],
            });
          } catch {
            // Invalid variables: Apollo's own coercion answers BAD_USER_INPUT right after this hook.
            return;
          }
          if (complexity > QUERY_LIMITS.maxComplexity) {
            throw new GraphQLError(`Operation too complex: ${Math.round(complexity)} > ${QUERY_LIMITS.maxComplexity}`, {
              extensions: { code: 'BAD_USER_INPUT' },
            });
          }
        },
      };
    },
  };
}
