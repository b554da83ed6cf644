/**
 * Paths that carry a credential: the customer's manage link (`/api/public/bookings/manage/<token>`).
 * The token is the only key to a booking and only its hash is stored, so it must not reach a log
 * line or an audit row either; both record the path with the token replaced.
 */
const MANAGE_TOKEN = /(\/public\/bookings\/manage\/)[^/?#]+/;

export function redactSecretsInPath(path: string): string {
  return path.replace(MANAGE_TOKEN, '$1[token]');
}

/**
 * Query parameters holding free text a person typed (a customer's name, e-mail or phone in a
 * search box): their values never reach a log line. Matched case-insensitively.
 */
const FREE_TEXT_PARAMS = new Set(['q', 'query', 'search', 'term', 'name', 'email', 'phone', 'customername', 'customeremail', 'customerphone']);

/** The URL as a log line may show it: credentials in the path and free-text search values replaced. */
export function redactUrlForLog(url: string): string {
  const at = url.indexOf('?');
  const path = redactSecretsInPath(at === -1 ? url : url.slice(0, at));
  if (at === -1) return path;
  const query = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawKey = eq === -1 ? pair : pair.slice(0, eq);
      let key = rawKey;
      try {
        key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
      } catch {
        // An undecodable name is compared as sent.
      }
      return FREE_TEXT_PARAMS.has(key.trim().toLowerCase()) ? `${rawKey}=[redacted]` : pair;
    })
    .join('&');
  return `${path}?${query}`;
}
