/**
 * A typed client for scripts against the booking platform API: openapi-fetch over the types that
 * `npm run openapi:snapshot` generates from the OpenAPI document (schema.ts). Every path, body,
 * query and answer is checked by the compiler; errors arrive as the route's problem+json type.
 *
 *   const api = await signIn('http://127.0.0.1:3000', 'operator@demo.test', 'demo-operator');
 *   const { data } = await api.GET('/api/businesses', { params: { query: { limit: 20 } } });
 */
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './schema.ts';

export type { components, operations, paths } from './schema.ts';
/** The API's named shapes, e.g. `Schemas['BookingView']`. */
export type Schemas = components['schemas'];
export type ApiClient = Client<paths>;

/** A client sending `Authorization: Bearer <token>` (no cookies, so no CSRF header is needed). */
export function createApiClient(baseUrl: string, token?: string): ApiClient {
  const client = createClient<paths>({ baseUrl });
  if (token) {
    client.use({
      onRequest({ request }) {
        request.headers.set('authorization', `Bearer ${token}`);
        return request;
      },
    });
  }
  return client;
}

/** POST /api/auth/token, then a client carrying that token. Throws with the problem's code on refusal. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<ApiClient> {
  const { data, error, response } = await createApiClient(baseUrl).POST('/api/auth/token', { body: { email, password } });
  if (!data) throw new Error(`sign-in refused: ${response.status} ${error?.code ?? ''} ${error?.detail ?? ''}`.trim());
  return createApiClient(baseUrl, data.accessToken);
}
