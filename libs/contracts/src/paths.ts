/** Admin route paths, shared so the API's redirects and the admin's router agree. */
export const OPERATOR_HOME = '/operator/dashboard';
export const OPERATOR_BUSINESSES = '/operator/businesses';
export const LOGIN_PATH = '/login';

export const businessPath = (slug: string, ...rest: string[]): string => ['/b', slug, ...rest].join('/');
export const businessDashboardPath = (slug: string): string => businessPath(slug, 'dashboard');
export const customerPath = (slug: string, customerId: string): string => businessPath(slug, 'customers', customerId);

/** Slugs: lower-case letters, digits and single hyphens, 2–63 characters, as in a DNS label. */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){1,62}$/;
export function isSlug(value: unknown): value is string {
  return typeof value === 'string' && SLUG_PATTERN.test(value);
}
