import { Client, cacheExchange, fetchExchange, mapExchange } from 'urql';
import { session } from './session';

/** The urql client: POST only (Apollo's CSRF prevention refuses GET from browsers), bearer token, sign-out on UNAUTHENTICATED. */
export function createClient(onUnauthenticated: () => void): Client {
  return new Client({
    url: '/graphql',
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
    fetchOptions: () => {
      const token = session.token();
      const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      return { headers };
    },
    exchanges: [
      mapExchange({
        onError(error) {
          const unauthenticated = error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED') || (error.response as Response | undefined)?.status === 401;
          if (unauthenticated && session.token()) onUnauthenticated();
        },
      }),
      cacheExchange,
      fetchExchange,
    ],
  });
}
