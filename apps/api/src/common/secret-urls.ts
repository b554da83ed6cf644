/**
 * Paths that carry a credential: the customer's manage link (`/api/public/bookings/manage/<token>`).
 * The token is the only key to a booking and only its hash is stored, so it must not reach a log
 * line or an audit row either; both record the path with the token replaced.
 */
const MANAGE_TOKEN = /(\/public\/bookings\/manage\/)[^/?#]+/;

export function redactSecretsInPath(path: string): string {
  return path.replace(MANAGE_TOKEN, '$1[token]');
}
