import type { ApiRoute } from './permissions.js';

/**
 * Every action name the API writes to the audit trail (`audit_events.action`), in one list, so a
 * name is chosen once and typed everywhere it is written. Names never change once shipped: stored
 * rows, the access log and operators' searches use them.
 */
export const AUDIT_ACTIONS = [
  'audit.accessLog',
  'audit.platformViews',
  'audit.search',
  'auth.login',
  'auth.logout',
  'auth.me',
  'auth.password_reset',
  'auth.password_reset.request',
  'auth.token',
  'booking.cancel',
  'booking.create',
  'booking.get',
  'booking.list',
  'booking.update',
  'booking_page.preview',
  'booking_page.preview_slots',
  'business.create',
  'business.get',
  'business.list',
  'business.update',
  'calendar.view',
  'customer.create',
  'customer.get',
  'customer.list',
  'customer.update',
  'dashboard.view',
  'health.check',
  'impersonation.end', // written by a service, not named by a route
  'impersonation.exit',
  'impersonation.expire', // written by a service, not named by a route
  'impersonation.extend',
  'impersonation.start',
  'notice.dismiss',
  'notice.list',
  'operator.bookings',
  'operator.dashboard',
  'operator.platform_view', // written by a service, not named by a route
  'operator.search', // written by a service, not named by a route
  'outbox.get',
  'outbox.list',
  'outbox.retry',
  'public.booking.view',
  'public.business.view',
  'public.logo.view',
  'public.slots.view',
  'resource.create',
  'resource.list',
  'resource.update',
  'service.create',
  'service.list',
  'service.update',
  'settings.availability.update',
  'settings.availability.view',
  'settings.booking.update',
  'settings.booking.view',
  'settings.branding.logo.remove',
  'settings.branding.logo.upload',
  /** Written by the UploadedLogos migration: an external logo URL dropped (logos are uploaded now). */
  'settings.branding.logo_dropped',
  'settings.branding.update',
  'settings.branding.view',
  'settings.general.update',
  'settings.general.view',
  'setup.view',
  'slots.view',
  'support_access.break_glass', // written by a service, not named by a route
  'support_access.grant', // written by a service, not named by a route
  'support_access.request',
  'support_access.revoke', // written by a service, not named by a route
  'support_access.update',
  'support_access.view',
  'team.invitation.accept',
  'team.invitation.lookup',
  'team.invitation.revoke',
  'team.invitations',
  'team.invite',
  'team.list',
  'team.remove',
  'team.update',
] as const;
export type AuditActionName = (typeof AUDIT_ACTIONS)[number];

export function isAuditAction(value: unknown): value is AuditActionName {
  return typeof value === 'string' && (AUDIT_ACTIONS as readonly string[]).includes(value);
}

/**
 * How a route appears in the audit trail: its action name, and `activity: false` for a route that
 * is not activity (session polling): it neither keeps an impersonation alive nor is recorded as a
 * read during one.
 */
export type RouteAuditEntry = AuditActionName | { action: AuditActionName; activity: false };

/**
 * The audit action of every API route, keyed `METHOD path` like ROUTE_CAPABILITIES
 * (libs/contracts/src/permissions.ts) and docs/access.txt. Reads during an impersonation and every
 * refusal are recorded under this name; a write's own row (written by its service inside its
 * transaction) uses the same one. A route missing here stops the API from booting.
 */
export const ROUTE_AUDIT_ACTIONS = {
  'POST /api/auth/login': 'auth.login',
  'POST /api/auth/token': 'auth.token',
  'POST /api/auth/password-reset': 'auth.password_reset.request',
  'POST /api/auth/password-reset/confirm': 'auth.password_reset',
  'POST /api/auth/logout': 'auth.logout',
  'GET /api/auth/me': { action: 'auth.me', activity: false },
  'GET /api/health': 'health.check',

  'POST /api/impersonation': 'impersonation.start',
  'DELETE /api/impersonation': 'impersonation.exit',
  'POST /api/impersonation/extend': 'impersonation.extend',

  'GET /api/notifications': 'notice.list',
  'POST /api/notifications/:id/dismiss': 'notice.dismiss',

  'GET /api/audit': 'audit.search',
  'GET /api/bookings': 'operator.bookings',
  'GET /api/businesses': 'business.list',
  'POST /api/businesses': 'business.create',
  'GET /api/businesses/:businessId': 'business.get',
  'PATCH /api/businesses/:businessId': 'business.update',
  'GET /api/operator/dashboard': 'operator.dashboard',
  'GET /api/operator/outbox': 'outbox.list',
  'GET /api/operator/outbox/:id': 'outbox.get',
  'POST /api/operator/outbox/:id/retry': 'outbox.retry',

  'GET /api/businesses/:businessId/dashboard': 'dashboard.view',
  'GET /api/businesses/:businessId/setup': 'setup.view',
  'GET /api/businesses/:businessId/calendar': 'calendar.view',
  'GET /api/businesses/:businessId/slots': 'slots.view',
  'GET /api/businesses/:businessId/bookings': 'booking.list',
  'POST /api/businesses/:businessId/bookings': 'booking.create',
  'GET /api/businesses/:businessId/bookings/:id': 'booking.get',
  'PATCH /api/businesses/:businessId/bookings/:id': 'booking.update',
  'POST /api/businesses/:businessId/bookings/:id/cancel': 'booking.cancel',
  'GET /api/businesses/:businessId/customers': 'customer.list',
  'POST /api/businesses/:businessId/customers': 'customer.create',
  'GET /api/businesses/:businessId/customers/:id': 'customer.get',
  'PATCH /api/businesses/:businessId/customers/:id': 'customer.update',
  'GET /api/businesses/:businessId/services': 'service.list',
  'POST /api/businesses/:businessId/services': 'service.create',
  'PATCH /api/businesses/:businessId/services/:id': 'service.update',
  'GET /api/businesses/:businessId/resources': 'resource.list',
  'POST /api/businesses/:businessId/resources': 'resource.create',
  'PATCH /api/businesses/:businessId/resources/:id': 'resource.update',
  'GET /api/businesses/:businessId/settings/general': 'settings.general.view',
  'PUT /api/businesses/:businessId/settings/general': 'settings.general.update',
  'GET /api/businesses/:businessId/settings/branding': 'settings.branding.view',
  'PUT /api/businesses/:businessId/settings/branding': 'settings.branding.update',
  'PUT /api/businesses/:businessId/settings/branding/logo': 'settings.branding.logo.upload',
  'DELETE /api/businesses/:businessId/settings/branding/logo': 'settings.branding.logo.remove',
  'GET /api/businesses/:businessId/settings/availability': 'settings.availability.view',
  'PUT /api/businesses/:businessId/settings/availability': 'settings.availability.update',
  'GET /api/businesses/:businessId/settings/booking': 'settings.booking.view',
  'PUT /api/businesses/:businessId/settings/booking': 'settings.booking.update',
  'GET /api/businesses/:businessId/booking-page': 'booking_page.preview',
  'GET /api/businesses/:businessId/booking-page/slots': 'booking_page.preview_slots',
  'GET /api/businesses/:businessId/team': 'team.list',
  'POST /api/businesses/:businessId/team': 'team.invite',
  'PATCH /api/businesses/:businessId/team/:userId': 'team.update',
  'DELETE /api/businesses/:businessId/team/:userId': 'team.remove',
  'GET /api/businesses/:businessId/team/invitations': 'team.invitations',
  'DELETE /api/businesses/:businessId/team/invitations/:invitationId': 'team.invitation.revoke',
  'GET /api/businesses/:businessId/settings/support-access': 'support_access.view',
  'PUT /api/businesses/:businessId/settings/support-access': 'support_access.update',
  'POST /api/businesses/:businessId/support-access/requests': 'support_access.request',
  'GET /api/businesses/:businessId/access-log': 'audit.accessLog',
  'GET /api/businesses/:businessId/access-log/platform-views': 'audit.platformViews',

  'GET /api/public/businesses/:slug': 'public.business.view',
  'GET /api/public/logos/:businessId/:sha256': 'public.logo.view',
  'GET /api/public/businesses/:slug/slots': 'public.slots.view',
  'POST /api/public/businesses/:slug/bookings': 'booking.create',
  'GET /api/public/bookings/manage/:token': 'public.booking.view',
  'POST /api/public/bookings/manage/:token/cancel': 'booking.cancel',
  'POST /api/public/bookings/manage/:token/reschedule': 'booking.update',
  'POST /api/team-invitations/lookup': 'team.invitation.lookup',
  'POST /api/team-invitations/accept': 'team.invitation.accept',
} as const satisfies Record<ApiRoute, RouteAuditEntry>;

/** The action name and activity flag of a route entry. */
export function routeAuditOf(entry: RouteAuditEntry): { action: AuditActionName; activity: boolean } {
  return typeof entry === 'string' ? { action: entry, activity: true } : { action: entry.action, activity: entry.activity };
}
