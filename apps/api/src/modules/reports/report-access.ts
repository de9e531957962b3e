import type { GraphQLContext } from '../../graphql/context.js';
import { forbidden } from '../../graphql/errors.js';

/** The guard of report downloads (GraphQL report queries use `@Can('read', 'Report')`). */
export function assertCanReadReports(ctx: GraphQLContext): void {
  if (!ctx.ability.can('read', 'Report')) throw forbidden('Your roles may not read reports');
}
