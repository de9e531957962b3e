import type { ApolloServerPlugin } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';

/** Query limits (SPEC §10). Every count walks inline fragments and named fragment spreads. */
export const QUERY_LIMITS = {
  /** Levels of nested fields: `{ me { id } }` is 2. */
  maxDepth: 10,
  maxComplexity: 5000,
  /** Distinct root fields (response keys) of one operation, fragments included. */
  maxRootFields: 10,
  maxAliases: 20,
  maxDirectives: 50,
  /** Lexical tokens of a document; the parser stops counting (and parsing) past this. */
  maxTokens: 5000,
  /** Characters of a document, refused before parsing. */
  maxDocumentLength: 100_000,
} as const;

/**
 * The root fields of an operation by response key, through inline fragments and fragment spreads.
 * A fragment is entered once (cycles are NoFragmentCycles' to report; here they just stop the walk).
 */
function rootFields(context: ValidationContext, operation: OperationDefinitionNode): Map<string, string> {
  const byKey = new Map<string, string>();
  const entered = new Set<string>();
  const pending: SelectionSetNode[] = [operation.selectionSet];
  for (let set = pending.pop(); set; set = pending.pop()) {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) byKey.set(selection.alias?.value ?? selection.name.value, selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) pending.push(selection.selectionSet);
      else if (!entered.has(selection.name.value)) {
        entered.add(selection.name.value);
        const fragment = context.getFragment(selection.name.value);
        if (fragment) pending.push(fragment.selectionSet);
      }
    }
  }
  return byKey;
}

/**
 * Caps root fields per operation and lets a mutation run once per operation, fragments included, so
 * that `a1: redeemCode(…) a2: redeemCode(…)` (or the same through `...on Mutation { … }`) cannot turn
 * one request into a brute-force channel. Fields are counted by response key, as they execute.
 */
export function operationShapeRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      // graphql-js would only find out while executing (an error without a code): this API has no subscriptions.
      if (node.operation === 'subscription' && !context.getSchema().getSubscriptionType()) {
        context.reportError(new GraphQLError('This API has no subscriptions', { nodes: [node] }));
        return;
      }
      const fields = rootFields(context, node);
      if (fields.size > QUERY_LIMITS.maxRootFields) {
        context.reportError(new GraphQLError(`An operation may select at most ${QUERY_LIMITS.maxRootFields} root fields, found ${fields.size}`, { nodes: [node] }));
      }
      if (node.operation !== 'mutation') return;
      const seen = new Set<string>();
      for (const name of fields.values()) {
        if (seen.has(name)) context.reportError(new GraphQLError(`Mutation ${name} may appear once per operation`, { nodes: [node] }));
        seen.add(name);
      }
    },
  };
}

/** GraphQL Armor's rules report their refusal as a validation error instead of throwing (a throw would be HTTP 500). */
const reportInstead = {
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, '')))],
};

export const validationRules: ValidationRule[] = [
  maxDepthRule({ n: QUERY_LIMITS.maxDepth, flattenFragments: true, ...reportInstead }) as unknown as ValidationRule,
  maxAliasesRule({ n: QUERY_LIMITS.maxAliases, ...reportInstead }) as unknown as ValidationRule,
  maxDirectivesRule({ n: QUERY_LIMITS.maxDirectives, ...reportInstead }) as unknown as ValidationRule,
  operationShapeRule,
];

/** graphql-js' own token limit (what GraphQL Armor's max-tokens does for graphql-js): stops the parser early. */
export const parseOptions = { maxTokens: QUERY_LIMITS.maxTokens };

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
            // A throw from this hook is answered with the status in `extensions.http` (Apollo's default would be 500).
            throw new GraphQLError(`Operation too complex: ${Math.round(complexity)} > ${QUERY_LIMITS.maxComplexity}`, {
              extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
