import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const XSRF_HEADER = 'x-xsrf-token';

/**
 * Signed double-submit tokens: `<nonce>.<hmac(secret, sid | impersonation | nonce)>`. Binding the
 * signature to the session means another session's token is worthless here; binding it to the
 * impersonation state means a token minted before an impersonation started (or after it ended)
 * cannot drive writes in the other state — start and exit mint a new one.
 */
export function mintCsrfToken(secret: string, sessionId: string, impersonationId: string | null): string {
  const nonce = randomBytes(18).toString('base64url');
  return `${nonce}.${sign(secret, sessionId, impersonationId, nonce)}`;
}

export function verifyCsrfToken(secret: string, sessionId: string, impersonationId: string | null, token: unknown): boolean {
  if (typeof token !== 'string' || token.length > 200) return false;
  const [nonce, mac, ...rest] = token.split('.');
  if (!nonce || !mac || rest.length) return false;
  const expected = Buffer.from(sign(secret, sessionId, impersonationId, nonce));
  const given = Buffer.from(mac);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function sign(secret: string, sessionId: string, impersonationId: string | null, nonce: string): string {
  return createHmac('sha256', `csrf:${secret}`)
    .update(`${sessionId}|${impersonationId ?? '-'}|${nonce}`)
    .digest('base64url');
}
