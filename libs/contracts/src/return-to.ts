import { isSlug } from './paths.js';

export const RETURN_TO_MAX_LENGTH = 512;

export type ReturnToVerdict = { ok: true; path: string } | { ok: false; reason: string };

/*
 * The grammar (docs/ARCHITECTURE.md §4), matched against the raw string with nothing decoded or normalised first:
 *   returnTo = "/b/" slug *( "/" segment ) [ "/" ] [ "?" pair *( "&" pair ) ]
 *   segment  = 1*( ALPHA / DIGIT / "_" / "-" )
 *   pair     = 1*( ALPHA / DIGIT / "_" / "." / "-" ) [ "=" *( ALPHA / DIGIT / "_" / "." / ":" / "," / "-" ) ]
 * Because segments cannot contain "." at all, dot segments are impossible; because "%" "\" "@" ":"
 * (outside query values) whitespace and non-ASCII are outside every class, encoded and look-alike
 * tricks fail before any browser or server could decode them. Character classes are spelled out
 * (no \w, no /i) so no Unicode or case folding can widen them.
 */
const SEGMENT = '[A-Za-z0-9_-]+';
const PAIR = '[A-Za-z0-9_.-]+(?:=[A-Za-z0-9_.:,-]*)?';
const TAIL = new RegExp(`^(?:/${SEGMENT})*/?(?:\\?${PAIR}(?:&${PAIR})*)?$`);

/**
 * Decide whether `value` is a safe in-app destination inside business `slug`'s admin.
 * A doubtful string is refused, never repaired. The server's verdict is final; the admin uses the
 * same function only to avoid sending requests it knows will fail.
 */
export function validateReturnTo(value: unknown, slug: string): ReturnToVerdict {
  if (typeof value !== 'string') return { ok: false, reason: 'returnTo must be a string' };
  if (value.length === 0) return { ok: false, reason: 'returnTo is empty' };
  if (value.length > RETURN_TO_MAX_LENGTH) return { ok: false, reason: `returnTo is longer than ${RETURN_TO_MAX_LENGTH} characters` };
  if (!isSlug(slug)) return { ok: false, reason: 'the business slug is not valid' };
  const prefix = `/b/${slug}`;
  if (!value.startsWith(prefix)) return { ok: false, reason: "returnTo is not inside the business's own admin" };
  const tail = value.slice(prefix.length);
  // The prefix must end at a path boundary: "/b/acme" must not admit "/b/acmeX/…".
  if (tail !== '' && tail[0] !== '/' && tail[0] !== '?') return { ok: false, reason: "returnTo is not inside the business's own admin" };
  if (!TAIL.test(tail)) return { ok: false, reason: 'returnTo contains characters or segments that are not allowed' };
  return { ok: true, path: value };
}

/**
 * Where the sign-in page may send someone after login: an admin path of this app only, by the
 * same character grammar, under /operator/ or /b/<slug>/. Anything else falls back to the landing page.
 */
export function validateAppPath(value: unknown): ReturnToVerdict {
  if (typeof value !== 'string' || value.length === 0 || value.length > RETURN_TO_MAX_LENGTH) return { ok: false, reason: 'not a path' };
  const business = /^\/b\/([a-z0-9-]+)(?=[/?]|$)/.exec(value);
  if (business) return validateReturnTo(value, business[1]!);
  if (value === '/operator' || value.startsWith('/operator/') || value.startsWith('/operator?')) {
    return TAIL.test(value.slice('/operator'.length)) ? { ok: true, path: value } : { ok: false, reason: 'not allowed' };
  }
  return { ok: false, reason: 'not an admin path' };
}
