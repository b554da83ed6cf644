/**
 * The token of a one-time link (`/reset-password#token=…`, `/accept-invite#token=…`). It travels in
 * the fragment, which browsers never send to a server or put in a Referer, and the page removes it
 * from the address bar at once so it does not linger in history or a shared screen.
 */
export function takeLinkToken(): string | null {
  const hash = typeof location === 'undefined' ? '' : location.hash;
  const match = /^#token=([A-Za-z0-9_-]{20,200})$/.exec(hash);
  if (match && typeof history !== 'undefined') history.replaceState(history.state, '', location.pathname);
  return match ? match[1]! : null;
}
